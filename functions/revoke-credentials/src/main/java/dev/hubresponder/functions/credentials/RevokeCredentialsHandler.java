package dev.hubresponder.functions.credentials;

import dev.hubresponder.aws.lambda.StageHandler;
import dev.hubresponder.handoff.StageReport;

/**
 * Revokes and releases compromised IAM credentials: the {@code RevokeCredentials} stage. Triggered by EventBridge
 * with {@code Security Hub Findings - Imported} (GuardDuty threat findings on an {@code AwsIamAccessKey} in the
 * containment tier) and by the {@code HubRespRevoke} and {@code HubRespRelease} custom actions; hands its
 * {@link StageReport} to the ticket stage.
 *
 * <p>Returns normally for everything but failures worth retrying (throttling, AWS 5xx, a record another delivery
 * holds), which Lambda retries; the ledger makes the retry resume where this one stopped.
 */
public final class RevokeCredentialsHandler extends StageHandler {

    /** Lambda's entry: the wiring from the environment, and the SnapStart hook. */
    public RevokeCredentialsHandler() {
        super(RevokeCredentialsWiring.fromEnvironment(System.getenv()), Priming.ON_SNAPSTART);
    }

    RevokeCredentialsHandler(RevokeCredentialsWiring wiring) {
        super(wiring, Priming.NONE);
    }
}
