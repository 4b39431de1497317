package dev.hubresponder.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.event.ruler.Machine;

/**
 * The template's EventBridge patterns, evaluated by Event Ruler (EventBridge's own matching engine), against every
 * event in events/: each event reaches exactly the functions the routing tiers expect. The patterns are a coarse
 * pre-filter; what each function then does with a finding (refusing to quarantine a victim or a protected
 * instance, for example) is the Java policy's decision and is tested there.
 * Preconditions: none (pure JVM).
 */
class EventRoutingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String QUARANTINE = "QuarantineInstanceFunction";
    private static final String STOP_TASK = "StopTaskFunction";
    private static final String REVOKE = "RevokeCredentialsFunction";
    private static final String BLOCK = "BlockAddressesFunction";
    private static final String TICKET = "CreateTicketFunction";
    private static final Set<String> NOTHING = Set.of();

    /** events/ file to the functions its EventBridge rules invoke directly. */
    private static final Map<String, Set<String>> EXPECTED = Map.ofEntries(
            // GuardDuty threats at the routing severities (HIGH, CRITICAL): containment for the resource type,
            // block, and the ticket tier. The playbook inside each function decides what really happens.
            Map.entry("guardduty-ec2-c2-actor-high.json", Set.of(QUARANTINE, BLOCK, TICKET)),
            Map.entry("guardduty-ec2-bitcoin-dns-actor-high.json", Set.of(QUARANTINE, BLOCK, TICKET)),
            Map.entry("guardduty-ec2-tor-client-high.json", Set.of(QUARANTINE, BLOCK, TICKET)),
            // Protection is a tag guard inside the function (and an IAM Deny), not a pattern.
            Map.entry("guardduty-ec2-c2-protected-instance-high.json", Set.of(QUARANTINE, BLOCK, TICKET)),
            Map.entry("guardduty-ecs-runtime-reverse-shell-high.json", Set.of(STOP_TASK, BLOCK, TICKET)),
            // Where the resource is (its ARN's account and Region, checked against the finding's) is decided by
            // the policy inside the function, not by a pattern.
            Map.entry("guardduty-ec2-c2-member-account-high.json", Set.of(QUARANTINE, BLOCK, TICKET)),
            Map.entry("forged-ec2-arn-other-account-high.json", Set.of(QUARANTINE, BLOCK, TICKET)),
            // Attack sequences are Critical; the ECS one reaches StopTask through its tasks, never the cluster, and
            // the IAM one RevokeCredentials through the access key it names.
            Map.entry("guardduty-attack-sequence-ec2-instance-group-critical.json", Set.of(QUARANTINE, BLOCK, TICKET)),
            Map.entry("guardduty-attack-sequence-ecs-cluster-critical.json", Set.of(STOP_TASK, BLOCK, TICKET)),
            Map.entry("guardduty-attack-sequence-iam-credentials-critical.json", Set.of(REVOKE, BLOCK, TICKET)),
            // Patterns cannot see Sample; every function refuses to contain a sample finding.
            Map.entry("guardduty-sample-ec2-c2-high.json", Set.of(QUARANTINE, BLOCK, TICKET)),
            // IAM findings name an access key: at HIGH, RevokeCredentials (the playbook decides) and the ticket; the
            // block queue takes every GuardDuty threat at these severities, and its playbook blocks nothing here.
            Map.entry("guardduty-iam-instance-credential-exfiltration-outside-aws-high.json",
                    Set.of(REVOKE, BLOCK, TICKET)),
            // Low and Medium GuardDuty findings reach only CreateTicket, where the playbook decides (digest here).
            Map.entry("guardduty-iam-user-anomalous-behavior-medium.json", Set.of(TICKET)),
            Map.entry("guardduty-ec2-ssh-bruteforce-target-low.json", Set.of(TICKET)),
            Map.entry("guardduty-ec2-port-probe-multi-source-low.json", Set.of(TICKET)),
            Map.entry("guardduty-ec2-rdp-bruteforce-ipv6-target-low.json", Set.of(TICKET)),
            Map.entry("guardduty-ec2-portscan-actor-medium.json", Set.of(TICKET)),
            // Other products below the ticket tiers wait for the digests.
            Map.entry("securityhub-fsbp-low.json", NOTHING),
            // Archived, and our own write-back re-emitting the finding as NOTIFIED: nothing, so no loop.
            Map.entry("guardduty-archived.json", NOTHING),
            Map.entry("guardduty-reemitted-notified.json", NOTHING),
            // Vulnerabilities and posture never reach containment, whatever the severity.
            Map.entry("inspector-cve-critical.json", Set.of(TICKET)),
            Map.entry("trivy-container-cve-critical.json", Set.of(TICKET)),
            // Imported under the account's own default product: not GuardDuty, whatever it claims.
            Map.entry("forged-default-product-critical.json", Set.of(TICKET)),
            Map.entry("mixed-batch-two-invalid.json", Set.of(QUARANTINE, BLOCK, TICKET)),
            // OCSF (v2): ticket tier only; containment follows the ASFF event of the same finding.
            Map.entry("ocsf-v2-compliance-high.json", Set.of(TICKET)),
            Map.entry("ocsf-v2-detection-high.json", Set.of(TICKET)),
            // Custom actions reach the functions their action target ids name, at any severity and status.
            Map.entry("custom-action-isolate.json", Set.of(QUARANTINE, STOP_TASK)),
            Map.entry("custom-action-release.json", Set.of(QUARANTINE, STOP_TASK, REVOKE)),
            Map.entry("custom-action-release-credentials.json", Set.of(QUARANTINE, STOP_TASK, REVOKE)),
            Map.entry("custom-action-revoke.json", Set.of(REVOKE)),
            Map.entry("custom-action-stop-task.json", Set.of(STOP_TASK)),
            Map.entry("custom-action-block.json", Set.of(BLOCK)),
            Map.entry("custom-action-unblock.json", Set.of(BLOCK)),
            Map.entry("custom-action-ticket.json", Set.of(TICKET)),
            Map.entry("malformed-no-findings.json", NOTHING),
            Map.entry("malformed-wrong-source.json", NOTHING));

    private static SamTemplate template;

    @BeforeAll
    static void loadTemplate() {
        template = SamTemplate.load(Repository.file("template.yaml"));
    }

    @Test
    void everyEventFileHasAnExpectedRouting() throws IOException {
        assertThat(eventFiles().map(p -> p.getFileName().toString()))
                .as("events/ and this test's table (add the routing of a new event here)")
                .containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventsWithExpectations")
    void eachEventReachesExactlyTheExpectedFunctions(String file, Set<String> expected) throws Exception {
        JsonNode event = JSON.readTree(Repository.file("events").resolve(file).toFile());

        assertThat(functionsReachedBy(event)).isEqualTo(new TreeSet<>(expected));
    }

    @Test
    void guardDutyBelowTheRoutingSeveritiesReachesOnlyTheTicketStageOnce() throws Exception {
        for (String label : List.of("MEDIUM", "LOW", "INFORMATIONAL")) {
            assertThat(reachedByVariant(f -> severity(f, label))).as(label).containsExactly(TICKET);
            assertThat(rulesMatching(f -> severity(f, label))).as(label).containsExactly(
                    TICKET + "/PlaybookFinding");
        }
        assertThat(rulesMatching(f -> severity(f, "HIGH"))).as("HIGH reaches CreateTicket by one rule only")
                .filteredOn(rule -> rule.startsWith(TICKET)).containsExactly(TICKET + "/ImportedFinding");
        assertThat(reachedByVariant(f -> {
            severity(f, "MEDIUM");
            f.put("ProductArn", "arn:aws:securityhub:us-east-1::product/aws/inspector");
        })).as("other products below the ticket tiers wait for the digest").isEmpty();
    }

    @Test
    void onlyActiveNewFindingsReachAnyRule() throws Exception {
        assertThat(reachedByVariant(f -> f.put("RecordState", "ARCHIVED"))).isEmpty();
        for (String status : List.of("NOTIFIED", "RESOLVED", "SUPPRESSED")) {
            assertThat(reachedByVariant(f -> ((ObjectNode) f.path("Workflow")).put("Status", status)))
                    .as(status).isEmpty();
        }
    }

    @Test
    void onlyGuardDutyThreatTypesReachContainment() throws Exception {
        assertThat(reachedByVariant(f -> f.putArray("Types").add(
                "Software and Configuration Checks/Vulnerabilities/CVE"))).containsExactly(TICKET);
        assertThat(reachedByVariant(f -> f.putArray("Types").add("Unusual Behaviors/VM/Behavior:EC2-NetworkPortUnusual")))
                .containsExactlyInAnyOrder(QUARANTINE, BLOCK, TICKET);
        assertThat(reachedByVariant(f -> f.put("ProductArn", "arn:aws:securityhub:us-east-1::product/aws/inspector")))
                .containsExactly(TICKET);
        // Findings aggregated from another Region or partition keep their own product ARN.
        assertThat(reachedByVariant(f -> f.put("ProductArn", "arn:aws-us-gov:securityhub:us-gov-west-1::product/aws/guardduty")))
                .containsExactlyInAnyOrder(QUARANTINE, BLOCK, TICKET);
    }

    @Test
    void anIamFindingInTheContainTierReachesRevokeCredentialsNotTheInstanceOrTaskStages() throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(Repository.file(
                "events/guardduty-iam-instance-credential-exfiltration-outside-aws-high.json").toFile());
        severity((ObjectNode) event.path("detail").path("findings").get(0), "CRITICAL");

        assertThat(functionsReachedBy(event)).containsExactlyInAnyOrder(REVOKE, BLOCK, TICKET);
    }

    @Test
    void customActionsOfAnotherAccountOrRegionReachNothing() throws Exception {
        JsonNode event = JSON.readTree(Repository.file("events/custom-action-isolate.json").toFile());
        ObjectNode foreign = event.deepCopy();
        foreign.putArray("resources").add("arn:aws:securityhub:us-east-1:999999999999:action/custom/HubRespIsolate");

        assertThat(functionsReachedBy(foreign)).isEmpty();
    }

    /** The functions whose rules match the event, with the event's own Region and account substituted. */
    static Set<String> functionsReachedBy(JsonNode event) throws Exception {
        Set<String> reached = new TreeSet<>();
        for (String rule : rulesMatching(event)) {
            reached.add(rule.substring(0, rule.indexOf('/')));
        }
        return reached;
    }

    /** The rules ({@code Function/Event}) that match the event. */
    static Set<String> rulesMatching(JsonNode event) throws Exception {
        Intrinsics intrinsics = Intrinsics.forDeployment(template.parameterDefaults(),
                event.path("region").asText("us-east-1"), event.path("account").asText("123456789012"));
        Machine machine = new Machine();
        int rules = 0;
        Map<Object, String> queueReaders = new java.util.HashMap<>();
        for (Map.Entry<String, Map<String, Object>> function : template.functions().entrySet()) {
            for (Map.Entry<String, Object> source : SamTemplate.map(function.getValue(), "Events").entrySet()) {
                Map<String, Object> definition = SamTemplate.asMap(source.getValue());
                if ("SQS".equals(definition.get("Type"))) {
                    queueReaders.put(SamTemplate.map(definition, "Properties").get("Queue"), function.getKey());
                }
                if (!"EventBridgeRule".equals(definition.get("Type"))) {
                    continue;
                }
                Object pattern = intrinsics.resolve(SamTemplate.map(definition, "Properties").get("Pattern"));
                machine.addRule(function.getKey() + "/" + source.getKey(), JSON.writeValueAsString(pattern));
                rules++;
            }
        }
        // Queues read by an event source mapping written as a resource: the function its alias belongs to.
        for (Object resource : template.resources().values()) {
            Map<String, Object> mapping = SamTemplate.asMap(resource);
            if ("AWS::Lambda::EventSourceMapping".equals(mapping.get("Type"))) {
                Map<String, Object> properties = SamTemplate.map(mapping, "Properties");
                String alias = String.valueOf(SamTemplate.asMap(properties.get("FunctionName")).get("Ref"));
                queueReaders.put(properties.get("EventSourceArn"), alias.split("\\.")[0]);
            }
        }
        // Rules written as AWS::Events::Rule that feed a queue: the event reaches the function reading that queue.
        for (Map.Entry<String, Object> resource : template.resources().entrySet()) {
            Map<String, Object> rule = SamTemplate.asMap(resource.getValue());
            if (!"AWS::Events::Rule".equals(rule.get("Type"))) {
                continue;
            }
            Map<String, Object> properties = SamTemplate.map(rule, "Properties");
            for (Object target : (List<?>) properties.get("Targets")) {
                String reader = queueReaders.get(SamTemplate.asMap(target).get("Arn"));
                assertThat(reader).as(resource.getKey() + " delivers to a queue that a function reads").isNotNull();
                machine.addRule(reader + "/" + resource.getKey(),
                        JSON.writeValueAsString(intrinsics.resolve(properties.get("EventPattern"))));
                rules++;
            }
        }
        assertThat(rules).as("EventBridge rules in template.yaml").isEqualTo(12);
        return new TreeSet<>(machine.rulesForJSONEvent(event.toString()));
    }

    private Set<String> reachedByVariant(Consumer<ObjectNode> change) throws Exception {
        return functionsReachedBy(variant(change));
    }

    private Set<String> rulesMatching(Consumer<ObjectNode> change) throws Exception {
        return rulesMatching(variant(change));
    }

    private static ObjectNode variant(Consumer<ObjectNode> change) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(
                Repository.file("events/guardduty-ec2-c2-actor-high.json").toFile());
        change.accept((ObjectNode) event.path("detail").path("findings").get(0));
        return event;
    }

    private static void severity(ObjectNode finding, String label) {
        ((ObjectNode) finding.path("Severity")).put("Label", label);
    }

    static Stream<Arguments> eventsWithExpectations() throws IOException {
        return eventFiles().map(p -> p.getFileName().toString())
                .map(name -> Arguments.of(name, EXPECTED.getOrDefault(name, Set.of("<no expectation for this file>"))));
    }

    private static Stream<Path> eventFiles() throws IOException {
        Path events = Repository.file("events");
        assertThat(events).as("the events/ folder").isDirectory();
        try (Stream<Path> files = Files.list(events)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList().stream();
        }
    }
}
