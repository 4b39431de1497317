package dev.hubresponder.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.finding.Ec2InstanceDetails;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.FindingSchema;
import dev.hubresponder.finding.GuardDutyType;
import dev.hubresponder.finding.Resource;
import dev.hubresponder.finding.ResourceRole;
import dev.hubresponder.finding.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped playbook against GuardDuty's published finding types ({@code docs/guardduty-finding-types.json}):
 * every active type, at its default severity and in each role it is emitted with, is decided by a playbook rule
 * (never left to the severity tiers), and the decision is the one the catalogue records. A type added to the
 * catalogue without a decision, or a playbook change that moves a type, fails here.
 */
class GuardDutyCatalogueTest {
    private static final Path CATALOGUE = Path.of("..", "docs", "guardduty-finding-types.json");
    private static final ResponsePolicy POLICY = new ResponsePolicy(ResponderConfig.defaults());

    static Stream<Arguments> activeTypes() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode entry : new ObjectMapper().readTree(Files.readAllBytes(CATALOGUE))) {
            if (entry.path("retired").asBoolean()) {
                continue;
            }
            String type = entry.get("type").asText();
            String asff = entry.path("asffType").asText(asffName(type));
            JsonNode byRole = entry.get("decisionByRole");
            if (byRole != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = byRole.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> role = it.next();
                    double native_ = entry.path("severityByRole").path(role.getKey()).asDouble();
                    cases.add(Arguments.of(type, asff, native_ < 4 ? Severity.LOW : Severity.HIGH,
                            ResourceRole.valueOf(role.getKey()), entry.get("family").asText(),
                            role.getValue().asText()));
                }
            } else {
                String severity = entry.get("severity").asText();
                JsonNode roles = entry.path("roles");
                cases.add(Arguments.of(type, asff, "VARIES".equals(severity) ? Severity.HIGH
                                : Severity.valueOf(severity),
                        roles.size() == 1 ? ResourceRole.valueOf(roles.get(0).asText()) : ResourceRole.UNKNOWN,
                        entry.get("family").asText(), entry.path("decision").asText("(none)")));
            }
        }
        return cases.stream();
    }

    /** The GuardDuty rule for the few types the integration table does not list. */
    private static String asffName(String type) {
        return "TTPs/" + (type.startsWith("AttackSequence:") ? type : type.replaceFirst("/", "-"));
    }

    @ParameterizedTest(name = "{0} ({3}, {2}) → {5}")
    @MethodSource("activeTypes")
    void everyPublishedTypeIsDecidedByARuleAsTheCatalogueSays(String type, String asff, Severity severity,
                                                               ResourceRole role, String family, String decision) {
        assertThat(GuardDutyType.names(List.of(asff))).as("name read from %s", asff).containsExactly(type);

        Decision d = POLICY.decide(finding(asff, severity, role, family), null);

        assertThat(d.rule()).as("%s is decided by a playbook rule", type).startsWith("playbook rule ");
        assertThat(d.summary()).as("%s", type).startsWith(decision + " (");
    }

    @Test
    void everyIrregularAsffNameOfTheCatalogueIsInTheLookupTable() throws IOException {
        int irregular = 0;
        for (JsonNode entry : new ObjectMapper().readTree(Files.readAllBytes(CATALOGUE))) {
            if (entry.has("asffType")) {
                assertThat(GuardDutyType.names(List.of(entry.get("asffType").asText())))
                        .as(entry.get("asffType").asText()).containsExactly(entry.get("type").asText());
                irregular += entry.get("asffType").asText().contains(entry.get("type").asText()
                        .replaceFirst("/", "-")) ? 0 : 1;
            }
        }
        assertThat(irregular).as("types whose ASFF name does not contain the GuardDuty name").isPositive();
    }

    private static Finding finding(String asff, Severity severity, ResourceRole role, String family) {
        Resource resource = switch (family) {
            case "IAM" -> new Resource("AwsIamAccessKey", "ASIAZ6EXAMPLE7SESSION", "us-east-1", Map.of(), null, null);
            case "S3" -> new Resource("AwsS3Bucket", "arn:aws:s3:::acme-prod-exports", "us-east-1", Map.of(), null,
                    null);
            case "EKS" -> new Resource("AwsEksCluster", "arn:aws:eks:us-east-1:123456789012:cluster/prod",
                    "us-east-1", Map.of(), null, null);
            default -> new Resource("AwsEc2Instance", "arn:aws:ec2:us-east-1:123456789012:instance/i-0a1b2c3d4e5f60718",
                    "us-east-1", Map.of(), new Ec2InstanceDetails("i-0a1b2c3d4e5f60718", "vpc-0c1d2e3f4a5b6c7d8",
                    "subnet-0f1e2d3c4b5a69788", List.of("eni-0123456789abcdef0"), List.of("10.0.1.25")), null);
        };
        return new Finding(FindingSchema.ASFF, "catalogue-" + asff, FindingBuilder.GUARDDUTY, "GuardDuty", "Amazon",
                "123456789012", "us-east-1", List.of(asff), severity, null, "ACTIVE", "NEW", asff, null, null,
                null, null, List.of(resource), List.of(), role, Map.of(), null);
    }
}
