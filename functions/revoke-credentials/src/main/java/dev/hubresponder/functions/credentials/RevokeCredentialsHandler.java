package dev.hubresponder.functions.credentials;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.hubresponder.aws.SnapStartPriming;
import dev.hubresponder.aws.lambda.StageRunner;
import dev.hubresponder.containment.credentials.CredentialResponse;
import dev.hubresponder.handoff.FindingResult;
import dev.hubresponder.handoff.StageReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;

/**
 * Revokes and releases compromised IAM credentials: the {@code RevokeCredentials} stage. Triggered by EventBridge
 * with {@code Security Hub Findings - Imported} (GuardDuty threat findings on an {@code AwsIamAccessKey} in the
 * containment tier) and by the {@code HubRespRevoke} and {@code HubRespRelease} custom actions; hands its
 * {@link StageReport} to the ticket stage.
 *
 * <p>Returns normally for everything but failures worth retrying (throttling, AWS 5xx, a record another delivery
 * holds), which Lambda retries; the ledger makes the retry resume where this one stopped.
 */
public final class RevokeCredentialsHandler implements RequestStreamHandler {
    private final RevokeCredentialsWiring wiring;
    private final StageRunner runner;
    /** The SnapStart hook, held here so that the CRaC context cannot lose it; null in tests. */
    private SnapStartPriming priming;

    public RevokeCredentialsHandler() {
        this(RevokeCredentialsWiring.fromEnvironment(System.getenv()));
        this.priming = SnapStartPriming.register(System.getenv(), wiring.mapper(), wiring.notes());
    }

    RevokeCredentialsHandler(RevokeCredentialsWiring wiring) {
        this.wiring = wiring;
        this.runner = new StageRunner(CredentialResponse.STAGE, Set.copyOf(CredentialResponse.ACTIONS),
                wiring.mapper(), wiring.planner()::plan);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        runner.handle(input, output, context, event -> StageRunner.Work.each(event,
                decision -> FindingResult.of(wiring.response().respond(decision))));
    }
}
