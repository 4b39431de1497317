package dev.hubresponder.finding;

import static dev.hubresponder.finding.FindingJson.EVENTS;
import static dev.hubresponder.finding.FindingJson.MAPPER;
import static dev.hubresponder.finding.FindingJson.readEventFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in the repository's {@code events/} folder, read through intake, with what a user relies on per finding:
 * producer, type namespace, severity, role, state, the resources containment would act on, and remote addresses.
 * Summary: {@code <product> <type namespace> <severity> <role> <record>/<workflow> | <resources> | <addresses>}.
 */
class EventsFolderTest {
    private static final String DETECTOR = "arn:aws:guardduty:us-east-1:123456789012:detector/"
            + "6cc8d2a6a1e04c7e9b3c0f2d1e4a5b6c/finding/";
    private static final String ECS_RESOURCES = "AwsEcsCluster, task/prod/3f1c9a7e5b2d4c6a8e0f1a2b3c4d5e6f, Container";

    static Stream<Arguments> readableEvents() {
        return Stream.of(
                imported("guardduty-ec2-c2-actor-high.json",
                        "aws/guardduty TTPs HIGH ACTOR ACTIVE/NEW | i-0a1b2c3d4e5f60718 | OUTBOUND 45.155.205.233"),
                imported("guardduty-ec2-ssh-bruteforce-target-low.json",
                        "aws/guardduty TTPs LOW TARGET ACTIVE/NEW | i-0b2c3d4e5f6071829 | INBOUND 185.220.101.45"),
                imported("guardduty-ecs-runtime-reverse-shell-high.json",
                        "aws/guardduty TTPs HIGH ACTOR ACTIVE/NEW | " + ECS_RESOURCES + " | OUTBOUND 45.155.205.233"),
                imported("guardduty-ec2-port-probe-multi-source-low.json",
                        "aws/guardduty TTPs LOW TARGET ACTIVE/NEW | i-0c3d4e5f607182930 | "
                                + "INBOUND 185.220.101.45, INBOUND 10.0.3.7, INBOUND 89.248.165.52"),
                imported("guardduty-ec2-rdp-bruteforce-ipv6-target-low.json",
                        "aws/guardduty TTPs LOW TARGET ACTIVE/NEW | i-0d4e5f6071829304b | INBOUND 2a0b:4140:d4a0::2"),
                imported("guardduty-ec2-c2-protected-instance-high.json",
                        "aws/guardduty TTPs HIGH ACTOR ACTIVE/NEW | i-0e5f60718293a4b5c | OUTBOUND 45.155.205.233"),
                imported("guardduty-ec2-bitcoin-dns-actor-high.json",
                        "aws/guardduty Effects HIGH ACTOR ACTIVE/NEW | i-0f60718293a4b5c6d | -"),
                imported("guardduty-ec2-portscan-actor-medium.json",
                        "aws/guardduty TTPs MEDIUM ACTOR ACTIVE/NEW | i-08293a4b5c6d7e8f9 | OUTBOUND 89.248.165.52"),
                imported("guardduty-attack-sequence-ec2-instance-group-critical.json",
                        "aws/guardduty TTPs CRITICAL UNKNOWN ACTIVE/NEW | i-0c3d4e5f60718293a, i-0d4e5f60718293a4b | "
                                + "INBOUND 185.220.101.45, OUTBOUND 45.155.205.233"),
                imported("guardduty-attack-sequence-ecs-cluster-critical.json",
                        "aws/guardduty TTPs CRITICAL UNKNOWN ACTIVE/NEW | AwsEcsCluster, "
                                + "task/prod/7a1b2c3d4e5f40718293a4b5c6d7e8f9, task/prod/8b2c3d4e5f6a40718293a4b5c6d7e8f0 | "
                                + "INBOUND 89.248.165.52"),
                imported("guardduty-attack-sequence-iam-credentials-critical.json",
                        "aws/guardduty TTPs CRITICAL UNKNOWN ACTIVE/NEW | AwsIamAccessKey, AwsS3Bucket | "
                                + "INBOUND 185.220.101.45"),
                imported("guardduty-sample-ec2-c2-high.json",
                        "aws/guardduty TTPs HIGH ACTOR ACTIVE/NEW | i-99999999 | OUTBOUND 198.51.100.0"),
                imported("guardduty-ec2-tor-client-high.json",
                        "aws/guardduty TTPs HIGH ACTOR ACTIVE/NEW | i-0718293a4b5c6d7e8 | OUTBOUND 185.220.101.45"),
                imported("securityhub-fsbp-low.json",
                        "aws/securityhub Software and Configuration Checks LOW UNKNOWN ACTIVE/NEW | AwsS3Bucket | -"),
                imported("guardduty-archived.json",
                        "aws/guardduty TTPs HIGH ACTOR ARCHIVED/NEW | i-0718293a4b5c6d7e8 | OUTBOUND 45.155.205.233"),
                imported("guardduty-reemitted-notified.json",
                        "aws/guardduty TTPs HIGH ACTOR ACTIVE/NOTIFIED | i-0a1b2c3d4e5f60718 | OUTBOUND 45.155.205.233"),
                imported("inspector-cve-critical.json",
                        "aws/inspector Software and Configuration Checks CRITICAL UNKNOWN ACTIVE/NEW | i-0a1b2c3d4e5f60718 | -"),
                imported("trivy-container-cve-critical.json",
                        "aquasecurity/aquasecurity Software and Configuration Checks CRITICAL UNKNOWN ACTIVE/NEW | Container | -"),
                imported("forged-default-product-critical.json",
                        "123456789012/default TTPs CRITICAL ACTOR ACTIVE/NEW | i-0a1b2c3d4e5f60718 | OUTBOUND 45.155.205.233"),
                custom("custom-action-isolate.json", "HubRespIsolate",
                        "aws/guardduty Effects HIGH ACTOR ACTIVE/NEW | i-0f60718293a4b5c6d | -",
                        "aws/guardduty TTPs HIGH ACTOR ACTIVE/NEW | i-0718293a4b5c6d7e8 | OUTBOUND 185.220.101.45"),
                custom("custom-action-release.json", "HubRespRelease",
                        "aws/guardduty Effects HIGH ACTOR ACTIVE/NOTIFIED | i-0f60718293a4b5c6d | -"),
                custom("custom-action-stop-task.json", "HubRespStopTask",
                        "aws/guardduty TTPs HIGH ACTOR ACTIVE/NEW | " + ECS_RESOURCES + " | OUTBOUND 45.155.205.233"),
                custom("custom-action-block.json", "HubRespBlock",
                        "aws/guardduty TTPs LOW TARGET ACTIVE/NEW | i-0b2c3d4e5f6071829 | INBOUND 185.220.101.45"),
                custom("custom-action-unblock.json", "HubRespUnblock",
                        "aws/guardduty TTPs LOW TARGET ACTIVE/NOTIFIED | i-0b2c3d4e5f6071829 | INBOUND 185.220.101.45"),
                custom("custom-action-ticket.json", "HubRespTicket",
                        "aws/guardduty Effects HIGH ACTOR ACTIVE/NEW | i-0f60718293a4b5c6d | -"),
                arguments("ocsf-v2-compliance-high.json", EventKind.IMPORTED_V2, null, List.of(
                        "aws/securityhub Software and Configuration Checks HIGH UNKNOWN ACTIVE/NEW | AWS::S3::Bucket | -"),
                        List.of()),
                arguments("ocsf-v2-detection-high.json", EventKind.IMPORTED_V2, null, List.of(
                        "aws/guardduty TTPs HIGH UNKNOWN ACTIVE/NEW | i-0b2c3d4e5f6071829 | OUTBOUND 45.155.205.233"),
                        List.of()),
                arguments("mixed-batch-two-invalid.json", EventKind.IMPORTED, null, List.of(
                        "aws/guardduty TTPs HIGH ACTOR ACTIVE/NEW | i-0718293a4b5c6d7e8 | OUTBOUND 185.220.101.45"),
                        List.of(new RejectedFinding(DETECTOR + "1a3c5e7a9c0b4e8f8b1d3f5b7d9f1b40", "missing AwsAccountId"),
                                new RejectedFinding(DETECTOR + "2b4d6f8b0d1c4f9a9c2e4a6c8e0a2c51",
                                        "Severity.Label 'SEVERE' is not a severity label"))));
    }

    static Stream<Arguments> malformedEvents() {
        return Stream.of(
                arguments("malformed-wrong-source.json", "event source is 'aws.ec2', expected 'aws.securityhub'"),
                arguments("malformed-no-findings.json", "event has no detail.findings array"));
    }

    private static Arguments imported(String file, String summary) {
        return arguments(file, EventKind.IMPORTED, null, List.of(summary), List.of());
    }

    private static Arguments custom(String file, String actionId, String... summaries) {
        return arguments(file, EventKind.CUSTOM_ACTION, actionId, List.of(summaries), List.of());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readableEvents")
    void readsEveryFindingOfTheEventFile(String file, EventKind kind, String actionId, List<String> summaries,
                                         List<RejectedFinding> rejected) {
        SecurityHubEvent event = readEventFile(file);

        assertThat(event.kind()).isEqualTo(kind);
        assertThat(event.account()).isEqualTo("123456789012");
        assertThat(event.region()).isEqualTo("us-east-1");
        assertThat(event.customAction() == null ? null : event.customAction().id()).isEqualTo(actionId);
        assertThat(event.findings()).extracting(EventsFolderTest::summary).containsExactlyElementsOf(summaries);
        assertThat(event.rejected()).containsExactlyElementsOf(rejected);
        assertThat(event.findings()).allSatisfy(finding -> {
            assertThat(finding.accountId()).isEqualTo("123456789012");
            assertThat(finding.region()).isEqualTo("us-east-1");
            assertThat(finding.createdAt()).isNotNull();
            assertThat(finding.title()).isNotBlank();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedEvents")
    void refusesTheMalformedEventFiles(String file, String message) {
        assertThatThrownBy(() -> readEventFile(file))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage(message);
    }

    @Test
    void coversEveryFileOfTheFolderAndTheReadmeDescribesEach() throws IOException {
        Set<String> covered = Stream.concat(readableEvents(), malformedEvents())
                .map(arguments -> (String) arguments.get()[0]).collect(Collectors.toSet());
        Set<String> files;
        try (Stream<Path> listing = Files.list(EVENTS)) {
            files = listing.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".json"))
                    .collect(Collectors.toSet());
        }
        String readme = Files.readString(EVENTS.resolve("README.md"));

        assertThat(files).isEqualTo(covered);
        assertThat(files).allSatisfy(file -> assertThat(readme).contains("`" + file + "`"));
    }

    @Test
    void eventFilesAreValidJsonWithoutTrailingContent() throws IOException {
        ObjectReader strict = MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        List<Path> files;
        try (Stream<Path> listing = Files.list(EVENTS)) {
            files = listing.filter(p -> p.toString().endsWith(".json")).toList();
        }

        assertThat(files).isNotEmpty();
        for (Path file : files) {
            assertThat(strict.readTree(Files.readAllBytes(file)).isObject()).as(file.toString()).isTrue();
        }
    }

    private static String summary(Finding finding) {
        String product = finding.productArn().substring(finding.productArn().indexOf(":product/") + ":product/".length());
        String type = finding.primaryType() == null ? "-" : finding.primaryType().split("/", 2)[0];
        String resources = finding.resources().stream().map(EventsFolderTest::target)
                .collect(Collectors.joining(", "));
        String addresses = finding.remoteAddresses().isEmpty() ? "-" : finding.remoteAddresses().stream()
                .map(address -> address.direction() + " " + address.text()).collect(Collectors.joining(", "));
        return product + " " + type + " " + finding.severity() + " " + finding.resourceRole() + " "
                + finding.recordState() + "/" + finding.workflowStatus() + " | " + resources + " | " + addresses;
    }

    private static String target(Resource resource) {
        if (resource.ec2() != null) {
            return resource.ec2().instanceId();
        }
        if (resource.ecs() != null) {
            return resource.ecs().taskArn().substring(resource.ecs().taskArn().indexOf(":task/") + 1);
        }
        return resource.type();
    }
}
