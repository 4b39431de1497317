package dev.hubresponder.functions.customactions;

/**
 * An action target as Security Hub reports it.
 *
 * @param arn         {@code arn:<partition>:securityhub:<region>:<account>:action/custom/<id>}
 * @param name        its display name
 * @param description its description
 */
record ExistingActionTarget(String arn, String name, String description) {

    /** The id: what follows {@code action/custom/} in the ARN. */
    String id() {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }
}
