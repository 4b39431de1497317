package dev.hubresponder.finding;

/**
 * The Security Hub custom action an analyst chose, from a {@code Security Hub Findings - Custom Action} event.
 *
 * @param targetArn   {@code arn:aws:securityhub:<region>:<account>:action/custom/<id>}; routing uses this
 * @param id          the action target id, the last part of the ARN
 * @param name        the display name ({@code detail.actionName}), for messages only
 * @param description {@code detail.actionDescription}
 */
public record CustomAction(String targetArn, String id, String name, String description) {
}
