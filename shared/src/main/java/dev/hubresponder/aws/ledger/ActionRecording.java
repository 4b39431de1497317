package dev.hubresponder.aws.ledger;

import dev.hubresponder.action.ActionRunner;
import dev.hubresponder.audit.AuditTrail;
import dev.hubresponder.audit.FindingNotes;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.LedgerSettings;
import dev.hubresponder.metrics.ResponderMetrics;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * How a containment function records what it does, built the same way by each from its environment: the policy
 * configuration, the DynamoDB ledger ({@code LEDGER_*}), the action runner that guards and records every action,
 * and the audit trail that notes settled actions on their findings.
 */
public record ActionRecording(ResponderConfig config, LedgerSettings settings, ActionLedger ledger,
                              ActionRunner runner, ResponderMetrics metrics, Clock clock) {

    public static ActionRecording fromEnv(Map<String, String> env, DynamoDbClient dynamo, ResponderMetrics metrics,
                                          Clock clock) {
        ResponderConfig config = ResponderConfig.fromEnv(env);
        LedgerSettings settings = LedgerSettings.fromEnv(env);
        ActionLedger ledger = new DynamoDbActionLedger(dynamo, settings.tableName(), settings.retention(), clock);
        return new ActionRecording(config, settings, ledger,
                new ActionRunner(ledger, config, metrics, settings.lease(), clock), metrics, clock);
    }

    /** The audit trail writing its notes through {@code notes}. */
    public AuditTrail audit(FindingNotes notes) {
        return new AuditTrail(notes, ledger, metrics, settings.lease(), clock);
    }
}
