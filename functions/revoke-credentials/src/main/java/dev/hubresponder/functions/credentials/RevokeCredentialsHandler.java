package dev.hubresponder.functions.credentials;

import dev.hubresponder.aws.lambda.StageHandler;
import dev.hubresponder.aws.lambda.StageRunner.Work;
import dev.hubresponder.containment.credentials.CredentialResponse;
import dev.hubresponder.handoff.FindingResult;
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

    public RevokeCredentialsHandler() {
        this(RevokeCredentialsWiring.fromEnvironment(System.getenv()));
        primeOnSnapStart();
    }

    RevokeCredentialsHandler(RevokeCredentialsWiring wiring) {
        super(CredentialResponse.STAGE, CredentialResponse.ACTIONS, wiring.mapper(), wiring.planner()::plan,
                wiring.notes(), event -> Work.each(event,
                        decision -> FindingResult.of(wiring.response().respond(decision))));
    }
}
