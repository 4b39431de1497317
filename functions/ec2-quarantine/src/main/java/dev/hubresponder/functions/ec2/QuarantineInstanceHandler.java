package dev.hubresponder.functions.ec2;

import dev.hubresponder.aws.lambda.StageHandler;
import dev.hubresponder.containment.ec2.InstanceResponse;
import dev.hubresponder.handoff.StageReport;

/**
 * Quarantines and releases EC2 instances: the {@code QuarantineInstance} stage. Triggered by EventBridge with
 * {@code Security Hub Findings - Imported} (CRITICAL threat findings) and by the {@code HubRespIsolate} and
 * {@code HubRespRelease} custom actions; hands its {@link StageReport} to the ticket stage.
 *
 * <p>Returns normally for everything but failures worth retrying (throttling, AWS 5xx, a record another delivery
 * holds), which Lambda retries; the ledger makes the retry resume where this one stopped.
 */
public final class QuarantineInstanceHandler extends StageHandler {

    /** Lambda's entry: the wiring from the environment, and the SnapStart hook. */
    public QuarantineInstanceHandler() {
        super(QuarantineWiring.fromEnvironment(System.getenv()), Priming.ON_SNAPSTART);
    }

    QuarantineInstanceHandler(QuarantineWiring wiring) {
        super(wiring, Priming.NONE);
    }
}
