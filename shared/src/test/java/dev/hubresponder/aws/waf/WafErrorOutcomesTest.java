package dev.hubresponder.aws.waf;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.hubresponder.block.IpVersion;
import dev.hubresponder.block.SetEdit;
import dev.hubresponder.block.SetWrite;
import dev.hubresponder.block.WriteFailure;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.wafv2.Wafv2Client;

/**
 * How WAF's errors become outcomes, against a WireMock stand-in speaking WAFv2's JSON protocol (moto does not
 * enforce limits or throttle). The stub binds 127.0.0.1 on a free port and is stopped after each test. The client
 * has the SDK's own retries switched off so that each error is seen once.
 */
class WafErrorOutcomesTest {
    static final String TARGET = "X-Amz-Target";
    static final String ARN = "arn:aws:wafv2:us-east-1:123456789012:regional/ipset/hub-responder-v4/1111-2222";

    WireMockServer wafStub;
    Wafv2Client waf;
    WafIpSetBlockList sets;

    record Add(List<String> additions, List<String> removals) implements SetEdit {
    }

    @BeforeEach
    void start() {
        wafStub = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wafStub.start();
        waf = Wafv2Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + wafStub.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing",
                        "testing")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        IpSetRef v4 = IpSetRef.fromArn(ARN, "test");
        sets = new WafIpSetBlockList(waf, v4, v4, new Backoff(3, Duration.ofMillis(1), Duration.ofMillis(1),
                millis -> { }));
        wafStub.stubFor(post(urlEqualTo("/")).withHeader(TARGET, equalTo("AWSWAF_20190729.GetIPSet"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("""
                                {"IPSet":{"Name":"hub-responder-v4","Id":"1111-2222","ARN":"%s",
                                "Description":"blocked by hub-responder","IPAddressVersion":"IPV4",
                                "Addresses":["1.1.1.1/32"]},"LockToken":"token-1"}""".formatted(ARN))));
    }

    @AfterEach
    void stop() {
        waf.close();
        wafStub.stop();
    }

    @Test
    void writesTheMergedListWithTheReadsLockTokenAndDescription() {
        wafStub.stubFor(post(urlEqualTo("/")).withHeader(TARGET, equalTo("AWSWAF_20190729.UpdateIPSet"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"NextLockToken\":\"token-2\"}")));

        SetWrite<Add> write = sets.edit(IpVersion.V4, current -> new Add(List.of("185.220.101.4/32"), List.of()));

        assertThat(write).isInstanceOf(SetWrite.Written.class);
        wafStub.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader(TARGET, equalTo("AWSWAF_20190729.UpdateIPSet"))
                .withRequestBody(equalToJson("""
                        {"Name":"hub-responder-v4","Scope":"REGIONAL","Id":"1111-2222",
                         "Description":"blocked by hub-responder",
                         "Addresses":["1.1.1.1/32","185.220.101.4/32"],"LockToken":"token-1"}""")));
    }

    @ParameterizedTest(name = "{0} on {1} -> {3}")
    @CsvSource({
        "WAFLimitsExceededException, UpdateIPSet, 400, LIMIT_EXCEEDED",
        "ThrottlingException,        UpdateIPSet, 400, THROTTLED",
        "ThrottlingException,        GetIPSet,    400, THROTTLED",
        "WAFInternalErrorException,  UpdateIPSet, 500, UNAVAILABLE",
        "WAFUnavailableEntityException, UpdateIPSet, 400, UNAVAILABLE",
        "WAFNonexistentItemException, GetIPSet,   400, SET_MISSING",
        "WAFInvalidParameterException, UpdateIPSet, 400, REJECTED",
        "AccessDeniedException,      UpdateIPSet, 400, REJECTED",
    })
    void mapsEachWafErrorToItsOwnOutcomeWithoutRetryingIt(String error, String operation, int status,
                                                          WriteFailure expected) {
        wafStub.stubFor(post(urlEqualTo("/")).withHeader(TARGET, equalTo("AWSWAF_20190729." + operation))
                .atPriority(1)
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"" + error + "\",\"Message\":\"stubbed " + error + "\"}")));

        SetWrite<Add> write = sets.edit(IpVersion.V4, current -> new Add(List.of("185.220.101.4/32"), List.of()));

        assertThat(write).isInstanceOfSatisfying(SetWrite.Failed.class, failed -> {
            assertThat(failed.failure()).isEqualTo(expected);
            assertThat(failed.failure().retryable()).isEqualTo(expected.retryable());
            assertThat(failed.message()).contains("hub-responder-v4").contains("stubbed " + error);
            assertThat(failed.attempts()).isEqualTo(1);
        });
        wafStub.verify(1, postRequestedFor(urlEqualTo("/")).withHeader(TARGET, containing(operation)));
    }
}
