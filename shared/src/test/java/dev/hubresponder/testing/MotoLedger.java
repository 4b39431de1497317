package dev.hubresponder.testing;

import dev.hubresponder.aws.ledger.DynamoDbActionLedger;
import dev.hubresponder.aws.ledger.LedgerTable;
import dev.hubresponder.testkit.MotoServer;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A ledger table in a running moto server, created from {@link LedgerTable} as the template declares it.
 *
 * <p>As a test class's extension ({@code @RegisterExtension static final MotoLedger MOTO = new MotoLedger();}) it
 * starts {@code moto_server} on a free 127.0.0.1 port before the class's tests, with a DynamoDB client on it, and
 * stops both after them; {@link #fresh(Clock)} then gives each test an empty ledger.
 */
public final class MotoLedger implements BeforeAllCallback, AfterAllCallback {
    public static final String TABLE = "hub-responder-ledger";

    private MotoServer moto;
    private DynamoDbClient dynamo;

    @Override
    public void beforeAll(ExtensionContext context) {
        moto = MotoServer.start();
        dynamo = client(moto);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        dynamo.close();
        moto.close();
    }

    public MotoServer server() {
        return moto;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    /** Forgets everything in moto, creates the table, and returns a ledger on it. */
    public DynamoDbActionLedger fresh(Clock clock) {
        return fresh(moto, dynamo, clock);
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
