package dev.hubresponder.testing;

import dev.hubresponder.aws.ledger.DynamoDbActionLedger;
import dev.hubresponder.aws.ledger.LedgerTable;
import dev.hubresponder.testkit.MotoServer;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A ledger table in a running moto server, created from {@link LedgerTable} as the template declares it. */
public final class MotoLedger {
    public static final String TABLE = "hub-responder-ledger";

    private MotoLedger() {
    }

    public static DynamoDbClient client(MotoServer moto) {
        return moto.client(DynamoDbClient.builder())
                .build();
    }

    /** Forgets everything in moto, creates the table, and returns a ledger on it. */
    public static DynamoDbActionLedger fresh(MotoServer moto, DynamoDbClient dynamo, Clock clock) {
        moto.reset();
        LedgerTable.create(dynamo, TABLE);
        return new DynamoDbActionLedger(dynamo, TABLE, Duration.ofDays(400), clock);
    }
}
