package dev.hubresponder.alert;

import java.util.List;
import java.util.Objects;

/**
 * How an alert was reached: which stage handed the finding over, and which earlier stages failed.
 *
 * @param sourceStage  the stage that handed over (its {@code StageReport.stage}), {@value #DIRECT} when EventBridge
 *                     invoked the alert function itself, {@value #FAILED_HANDOVER} when the only hand-over was a
 *                     failure; part of the alert's ledger key, so each path alerts at most once per finding
 * @param failedStages error messages of earlier stages that failed after their retries, nearest first
 */
public record AlertContext(String sourceStage, List<String> failedStages) {
    public static final String DIRECT = "direct";
    public static final String FAILED_HANDOVER = "failed-handover";

    public AlertContext {
        Objects.requireNonNull(sourceStage, "sourceStage");
        failedStages = List.copyOf(failedStages);
    }

    /** EventBridge invoked the alert function directly. */
    public static AlertContext direct() {
        return new AlertContext(DIRECT, List.of());
    }

    public boolean anyStageFailed() {
        return !failedStages.isEmpty();
    }
}
