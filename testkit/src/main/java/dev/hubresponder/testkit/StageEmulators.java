package dev.hubresponder.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;

/**
 * The AWS a stage function meets in its tests, all on 127.0.0.1: moto (every account and Region of an organization
 * in one server), a DynamoDB client on it for the ledger, and a WireMock server answering Security Hub's
 * {@code PATCH /findings/batchupdate}, which moto lacks (aws-facts §9). A JUnit extension: declare it as
 * {@code @RegisterExtension static final StageEmulators aws = new StageEmulators(LedgerTable::create);}, it starts
 * before the class's {@code @BeforeAll} methods and stops after the class; {@link #reset} it before each test.
 */
public final class StageEmulators implements BeforeAllCallback, AfterAllCallback {
    /** The ledger table's name in the tests' environment ({@code LEDGER_TABLE}). */
    public static final String LEDGER_TABLE = "hub-responder-ledger";
    /** The product ARN of GuardDuty findings, as the example events carry it. */
    public static final String GUARDDUTY = "arn:aws:securityhub:us-east-1::product/aws/guardduty";
    private static final String BATCH_UPDATE = "/findings/batchupdate";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BiConsumer<DynamoDbClient, String> createLedgerTable;
    private MotoServer moto;
    private DynamoDbClient dynamo;
    private WireMockServer securityHub;

    /**
     * @param createLedgerTable creates the ledger table {@link #LEDGER_TABLE} as the template declares it (the
     *                          ledger's shape lives with the ledger, which this kit cannot see)
     */
    public StageEmulators(BiConsumer<DynamoDbClient, String> createLedgerTable) {
        this.createLedgerTable = createLedgerTable;
    }

    /** Starts moto and the Security Hub stub on free loopback ports. */
    @Override
    public void beforeAll(ExtensionContext context) {
        securityHub = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        securityHub.start();
        moto = MotoServer.start();
        dynamo = moto.client(DynamoDbClient.builder()).build();
    }

    /** Empty accounts but for the ledger table; a Security Hub stub that has seen nothing and answers nothing. */
    public void resetAccounts() {
        moto.reset();
        createLedgerTable.accept(dynamo, LEDGER_TABLE);
        securityHub.resetAll();
    }

    /**
     * As {@link #resetAccounts()}, and a Security Hub that reports the notes on the given GuardDuty findings
     * processed (the others neither processed nor refused).
     */
    public void reset(String... processedGuardDutyFindings) {
        resetAccounts();
        String processed = Arrays.stream(processedGuardDutyFindings)
                .map(id -> "{\"Id\":\"" + id + "\",\"ProductArn\":\"" + GUARDDUTY + "\"}")
                .collect(Collectors.joining(","));
        securityHub.stubFor(patch(urlEqualTo(BATCH_UPDATE)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"ProcessedFindings\":[" + processed + "],\"UnprocessedFindings\":[]}")));
    }

    public MotoServer moto() {
        return moto;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    /** The Security Hub stub, for a test that answers differently (throttling, unprocessed findings). */
    public WireMockServer securityHub() {
        return securityHub;
    }

    /** A Security Hub client on the stub, over the Apache client as the functions' (PATCH, aws-facts §2). */
    public SecurityHubClient securityHubClient() {
        return SecurityHubClient.builder().endpointOverride(URI.create(securityHub.baseUrl()))
                .region(Region.of(MotoServer.REGION)).credentialsProvider(credentials())
                .httpClient(ApacheHttpClient.create()).build();
    }

    /** The {@code BatchUpdateFindings} request bodies Security Hub received, oldest first. */
    public List<JsonNode> notes() {
        return securityHub.findAll(patchRequestedFor(urlEqualTo(BATCH_UPDATE))).stream().map(request -> {
            try {
                return JSON.readTree(request.getBodyAsString());
            } catch (IOException e) {
                throw new UncheckedIOException("BatchUpdateFindings body is not JSON", e);
            }
        }).toList();
    }

    /** The emulator's fake credentials. */
    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(MotoServer.ACCESS_KEY,
                MotoServer.SECRET_KEY));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (dynamo != null) {
            dynamo.close();
        }
        if (moto != null) {
            moto.close();
        }
        securityHub.stop();
    }
}
