package dev.hubresponder.finding;

import static dev.hubresponder.finding.FindingJson.MAPPER;
import static dev.hubresponder.finding.FindingJson.asff;
import static dev.hubresponder.finding.FindingJson.imported;
import static dev.hubresponder.finding.FindingJson.onlyFinding;
import static dev.hubresponder.finding.FindingJson.productField;
import static dev.hubresponder.finding.FindingJson.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** ASFF findings: every field the responder decides on, severity derivation, and every rejection reason. */
class AsffFindingTest {
    private static final String C2_ID = "arn:aws:guardduty:us-east-1:123456789012:detector/"
            + "6cc8d2a6a1e04c7e9b3c0f2d1e4a5b6c/finding/a4c6f0e2b8d94e1f8c2a6b3d5e7f9012";
    private final FindingIntake intake = new FindingIntake(MAPPER);

    static Stream<Arguments> fieldsOfTheGuardDutyC2Finding() {
        return Stream.of(
                field("schema", Finding::schema, FindingSchema.ASFF),
                field("id", Finding::id, C2_ID),
                field("productArn", Finding::productArn, "arn:aws:securityhub:us-east-1::product/aws/guardduty"),
                field("productName", Finding::productName, "GuardDuty"),
                field("companyName", Finding::companyName, "Amazon"),
                field("accountId", Finding::accountId, "123456789012"),
                field("region", Finding::region, "us-east-1"),
                field("types", Finding::types, List.of("TTPs/Command and Control/Backdoor:EC2-C&CActivity.B")),
                field("primaryType", Finding::primaryType, "TTPs/Command and Control/Backdoor:EC2-C&CActivity.B"),
                field("severity", Finding::severity, Severity.HIGH),
                field("normalizedScore", Finding::normalizedScore, 80.0),
                field("recordState", Finding::recordState, "ACTIVE"),
                field("workflowStatus", Finding::workflowStatus, "NEW"),
                field("title", Finding::title,
                        "EC2 instance i-0a1b2c3d4e5f60718 is communicating with a command and control server."),
                field("description", f -> f.description().startsWith("EC2 instance i-0a1b2c3d4e5f60718 is "
                        + "communicating with 45.155.205.233"), true),
                field("createdAt", Finding::createdAt, Instant.parse("2026-11-20T09:41:07.512Z")),
                field("updatedAt", Finding::updatedAt, Instant.parse("2026-11-20T10:12:44.028Z")),
                field("firstObservedAt", Finding::firstObservedAt, Instant.parse("2026-11-20T09:31:12Z")),
                field("resource type", f -> f.resources().get(0).type(), "AwsEc2Instance"),
                field("resource id", f -> f.resources().get(0).id(),
                        "arn:aws:ec2:us-east-1:123456789012:instance/i-0a1b2c3d4e5f60718"),
                field("resource region", f -> f.resources().get(0).region(), "us-east-1"),
                field("resource tags", f -> f.resources().get(0).tags(), Map.of("Name", "web-1")),
                field("resource is an ARN", f -> f.resources().get(0).hasArn(), true),
                field("instance", f -> f.resources().get(0).ec2(), new Ec2InstanceDetails("i-0a1b2c3d4e5f60718",
                        "vpc-0c1d2e3f4a5b6c7d8", "subnet-0f1e2d3c4b5a69788",
                        List.of("eni-0123456789abcdef0", "eni-0fedcba9876543210"), List.of("10.0.1.25", "10.0.1.26"))),
                field("no ECS task", f -> f.resources().get(0).ecs(), null),
                field("remote addresses", Finding::remoteAddresses, List.of(new RemoteAddress("45.155.205.233",
                        Direction.OUTBOUND, "Action.NetworkConnectionAction.RemoteIpDetails.IpAddressV4"))),
                field("resourceRole", Finding::resourceRole, ResourceRole.ACTOR),
                field("userDefinedFields", Finding::userDefinedFields, Map.of()),
                field("carries no responder marks", Finding::carriesResponderMarks, false),
                field("ocsfMetadataUid", Finding::ocsfMetadataUid, null));
    }

    private static Arguments field(String name, Function<Finding, Object> read, Object expected) {
        return arguments(name, read, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fieldsOfTheGuardDutyC2Finding")
    void readsEveryFieldOfAGuardDutyFinding(String name, Function<Finding, Object> read, Object expected) {
        Finding finding = onlyFinding("guardduty-ec2-c2-actor-high.json");

        assertThat(read.apply(finding)).isEqualTo(expected);
    }

    @Test
    void readsTheResponderMarksOfAReEmittedFinding() {
        Finding finding = onlyFinding("guardduty-reemitted-notified.json");

        assertThat(finding.id()).isEqualTo(C2_ID);
        assertThat(finding.workflowStatus()).isEqualTo("NOTIFIED");
        assertThat(finding.userDefinedFields()).containsEntry("hub-responder.ledger",
                "QUARANTINE_INSTANCE:i-0a1b2c3d4e5f60718=DONE;BLOCK_ADDRESS:45.155.205.233/32=DONE;TICKET=SEC-1432");
        assertThat(finding.carriesResponderMarks()).isTrue();
    }

    @ParameterizedTest(name = "Label {0} reads as {1}")
    @CsvSource({"CRITICAL, CRITICAL", "HIGH, HIGH", "MEDIUM, MEDIUM", "LOW, LOW", "INFORMATIONAL, INFORMATIONAL",
        "critical, CRITICAL", "'  High ', HIGH"})
    void readsTheSeverityLabel(String label, Severity expected) {
        ObjectNode finding = asff();
        put(finding, "Severity.Label", label);

        assertThat(readOne(finding).severity()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "Normalized {0} without a label is {1}")
    @CsvSource({"0, INFORMATIONAL", "0.5, LOW", "1, LOW", "39, LOW", "39.9, LOW", "40, MEDIUM", "69, MEDIUM",
        "70, HIGH", "89, HIGH", "90, CRITICAL", "100, CRITICAL"})
    void derivesTheSeverityFromTheNormalizedScoreWhenTheLabelIsAbsent(double normalized, Severity expected) {
        ObjectNode finding = asff();
        finding.putObject("Severity").put("Normalized", normalized);

        Finding read = readOne(finding);

        assertThat(read.severity()).isEqualTo(expected);
        assertThat(read.normalizedScore()).isEqualTo(normalized);
    }

    @Test
    void derivesTheSeverityFromANormalizedScoreGivenAsText() {
        ObjectNode finding = asff();
        finding.putObject("Severity").put("Normalized", "75");

        assertThat(readOne(finding).severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void prefersTheLabelOverTheNormalizedScore() {
        ObjectNode finding = asff();
        finding.putObject("Severity").put("Label", "LOW").put("Normalized", 95);

        Finding read = readOne(finding);

        assertThat(read.severity()).isEqualTo(Severity.LOW);
        assertThat(read.normalizedScore()).isEqualTo(95.0);
    }

    @Test
    void treatsABlankLabelAsAbsent() {
        ObjectNode finding = asff();
        finding.putObject("Severity").put("Label", " ").put("Normalized", 50);

        assertThat(readOne(finding).severity()).isEqualTo(Severity.MEDIUM);
    }

    static Stream<Arguments> unreadableFindings() {
        return Stream.<Arguments>of(
                rejected("no Id", f -> f.remove("Id"), null, "findings[0]: missing Id"),
                rejected("blank Id", f -> f.put("Id", "  "), null, "findings[0]: missing Id"),
                rejected("Id an object", f -> f.putObject("Id"), null,
                        "findings[0]: Id is an object, expected a string"),
                rejected("no ProductArn", f -> f.remove("ProductArn"), "finding-1", "missing ProductArn"),
                rejected("ProductArn not an ARN", f -> f.put("ProductArn", "guardduty"), "finding-1",
                        "ProductArn 'guardduty' is not an ARN"),
                rejected("no AwsAccountId", f -> f.remove("AwsAccountId"), "finding-1", "missing AwsAccountId"),
                rejected("AwsAccountId too short", f -> f.put("AwsAccountId", "12345"), "finding-1",
                        "AwsAccountId '12345' is not a 12-digit account id"),
                rejected("AwsAccountId with letters", f -> f.put("AwsAccountId", "12345678901x"), "finding-1",
                        "AwsAccountId '12345678901x' is not a 12-digit account id"),
                rejected("no Severity", f -> f.remove("Severity"), "finding-1", "missing Severity"),
                rejected("Severity not an object", f -> f.put("Severity", "HIGH"), "finding-1",
                        "Severity is a string, expected an object"),
                rejected("Severity.Label SEVERE", f -> f.putObject("Severity").put("Label", "SEVERE"), "finding-1",
                        "Severity.Label 'SEVERE' is not a severity label"),
                rejected("Severity.Label SEVERE with a score", f -> f.putObject("Severity").put("Label", "SEVERE")
                        .put("Normalized", 90), "finding-1", "Severity.Label 'SEVERE' is not a severity label"),
                rejected("empty Severity", f -> f.putObject("Severity"), "finding-1",
                        "Severity has neither Label nor Normalized"),
                rejected("Normalized above 100", f -> f.putObject("Severity").put("Normalized", 150), "finding-1",
                        "Severity.Normalized 150 is outside 0-100"),
                rejected("Normalized below 0", f -> f.putObject("Severity").put("Normalized", -1), "finding-1",
                        "Severity.Normalized -1 is outside 0-100"),
                rejected("Normalized not a number", f -> f.putObject("Severity").put("Normalized", "high"),
                        "finding-1", "Severity.Normalized 'high' is not a number"),
                rejected("Id a number", f -> f.put("Id", 4711), null,
                        "findings[0]: Id is a number, expected a string"),
                rejected("AwsAccountId a number", f -> f.put("AwsAccountId", 123456789012L), "finding-1",
                        "AwsAccountId is a number, expected a string"),
                rejected("a type that is not a string", f -> f.putArray("Types").add("TTPs/x").add(7), "finding-1",
                        "Types[1] is a number, expected a string"),
                rejected("RecordState a boolean", f -> f.put("RecordState", false), "finding-1",
                        "RecordState is a boolean, expected a string"),
                rejected("Workflow.Status an array", f -> f.putObject("Workflow").putArray("Status").add("NEW"),
                        "finding-1", "Workflow.Status is an array, expected a string"),
                rejected("a product field that is an object", f -> f.putObject("ProductFields")
                                .putObject("aws/guardduty/service/resourceRole"), "finding-1",
                        "ProductFields['aws/guardduty/service/resourceRole'] is an object, expected a string"),
                rejected("a resource Type that is a number", f -> f.putArray("Resources").addObject()
                                .put("Type", 1).put("Id", "arn:aws:ec2:us-east-1:123456789012:instance/i-0a1b2c3d"),
                        "finding-1", "Resources[0].Type is a number, expected a string"),
                rejected("Resources an object", f -> f.putObject("Resources"), "finding-1",
                        "Resources is an object, expected an array"),
                rejected("many wrong types listed up to five", f -> {
                    ObjectNode fields = f.putObject("UserDefinedFields");
                    for (int i = 0; i < 8; i++) {
                        fields.put("f" + i, i);
                    }
                }, "finding-1", "UserDefinedFields['f0'] is a number, expected a string; UserDefinedFields['f1'] is"
                        + " a number, expected a string; UserDefinedFields['f2'] is a number, expected a string;"
                        + " UserDefinedFields['f3'] is a number, expected a string; UserDefinedFields['f4'] is a"
                        + " number, expected a string; and 3 more fields of the wrong type"),
                rejected("Sample a string", f -> f.put("Sample", "yes"), "finding-1",
                        "Sample is a string, expected a boolean"),
                rejected("Detection.Sequence an array", f -> f.putObject("Detection").putArray("Sequence"),
                        "finding-1", "Detection.Sequence is an array, expected an object"),
                rejected("sequence endpoints an object", f -> f.putObject("Detection").putObject("Sequence")
                        .putObject("Endpoints").put("Ip", "185.220.101.45"), "finding-1",
                        "Detection.Sequence.Endpoints is an object, expected an array"),
                rejected("a sequence endpoint's Ip a number", f -> f.putObject("Detection").putObject("Sequence")
                        .putArray("Endpoints").addObject().put("Ip", 3118228781L), "finding-1",
                        "Detection.Sequence.Endpoints[0].Ip is a number, expected a string"),
                rejected("a sequence endpoint's direction an object", f -> f.putObject("Detection")
                        .putObject("Sequence").putArray("Endpoints").addObject().put("Ip", "185.220.101.45")
                        .putObject("Connection").putObject("Direction"), "finding-1",
                        "Detection.Sequence.Endpoints[0].Connection.Direction is an object, expected a string"),
                rejected("a sequence signal that is a string", f -> f.putObject("Detection").putObject("Sequence")
                        .putArray("Signals").add("UnauthorizedAccess:EC2/SSHBruteForce"), "finding-1",
                        "Detection.Sequence.Signals[0] is a string, expected an object"),
                rejected("a sequence signal's resource ids numbers", f -> f.putObject("Detection")
                        .putObject("Sequence").putArray("Signals").addObject().put("Severity", "high")
                        .putArray("ResourceIds").add(7), "finding-1",
                        "Detection.Sequence.Signals[0].Severity is a string, expected a number; Detection.Sequence"
                                + ".Signals[0].ResourceIds[0] is a number, expected a string"),
                rejected("an access key's principal name a number", f -> f.putArray("Resources").addObject()
                                .put("Type", "AwsIamAccessKey").put("Id", "AWS::IAM::AccessKey:ASIA5EXAMPLEQ7RSTUVW")
                                .putObject("Details").putObject("AwsIamAccessKey").put("PrincipalName", 7),
                        "finding-1", "Resources[0].Details.AwsIamAccessKey.PrincipalName is a number, expected a"
                                + " string"),
                rejected("a session issuer's ARN an array", f -> f.putArray("Resources").addObject()
                                .put("Type", "AwsIamAccessKey").put("Id", "AWS::IAM::AccessKey:ASIA5EXAMPLEQ7RSTUVW")
                                .putObject("Details").putObject("AwsIamAccessKey").putObject("SessionContext")
                                .putObject("SessionIssuer").putArray("Arn").add("arn:aws:iam::123456789012:role/a"),
                        "finding-1", "Resources[0].Details.AwsIamAccessKey.SessionContext.SessionIssuer.Arn is an"
                                + " array, expected a string"),
                rejected("several problems at once", f -> {
                    f.remove("AwsAccountId");
                    f.putObject("Severity").put("Label", "SEVERE");
                }, "finding-1", "missing AwsAccountId; Severity.Label 'SEVERE' is not a severity label"));
    }

    private static Arguments rejected(String name, Consumer<ObjectNode> breakIt, String id, String reason) {
        return arguments(name, breakIt, id, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableFindings")
    void rejectsAFindingThatLacksWhatADecisionNeeds(String name, Consumer<ObjectNode> breakIt, String id,
                                                    String reason) {
        ObjectNode broken = asff();
        breakIt.accept(broken);

        SecurityHubEvent event = intake.read(imported(broken, asff("good")));

        assertThat(event.rejected()).containsExactly(new RejectedFinding(id, reason));
        assertThat(event.findings()).extracting(Finding::id).containsExactly("good");
    }

    @Test
    void readsTheAttackSequenceAndTheSampleMarkerThroughTheTypedIntake() {
        Finding sequence = onlyFinding("guardduty-attack-sequence-ec2-instance-group-critical.json");
        Finding sample = onlyFinding("guardduty-sample-ec2-c2-high.json");

        assertThat(sequence.sample()).isFalse();
        assertThat(sequence.attackSequence().endpoints()).extracting(AttackSequence.Endpoint::ip,
                        AttackSequence.Endpoint::port, AttackSequence.Endpoint::direction)
                .containsExactly(tuple("185.220.101.45", 22, Direction.INBOUND),
                        tuple("45.155.205.233", 443, Direction.OUTBOUND));
        assertThat(sequence.attackSequence().signals()).first().satisfies(signal -> {
            assertThat(signal.name()).isEqualTo("UnauthorizedAccess:EC2/SSHBruteForce");
            assertThat(signal.severity()).isEqualTo(2.0);
            assertThat(signal.count()).isEqualTo(74);
        });
        assertThat(sample.sample()).isTrue();
        assertThat(sample.attackSequence()).isNull();
    }

    @Test
    void namesTheIndexOfARejectedFindingWithoutId() {
        ObjectNode noId = asff();
        noId.remove("Id");

        SecurityHubEvent event = intake.read(imported(asff("a"), asff("b"), noId));

        assertThat(event.rejected()).containsExactly(new RejectedFinding(null, "findings[2]: missing Id"));
    }

    @Test
    void takesProductAndCompanyNamesFromProductFieldsWhenTheTopLevelOnesAreAbsent() {
        ObjectNode finding = asff();
        productField(finding, "aws/securityhub/ProductName", "Inspector");
        productField(finding, "aws/securityhub/CompanyName", "Amazon");

        Finding read = readOne(finding);

        assertThat(read.productName()).isEqualTo("Inspector");
        assertThat(read.companyName()).isEqualTo("Amazon");
    }

    @Test
    void prefersTopLevelProductAndCompanyNames() {
        ObjectNode finding = asff();
        finding.put("ProductName", "GuardDuty").put("CompanyName", "Amazon");
        productField(finding, "aws/securityhub/ProductName", "Other");

        assertThat(readOne(finding).productName()).isEqualTo("GuardDuty");
    }

    @Test
    void takesTheEventRegionWhenTheFindingNamesNone() {
        assertThat(readOne(asff()).region()).isEqualTo("eu-west-1");
        assertThat(readOne(asff().put("Region", "ap-south-1")).region()).isEqualTo("ap-south-1");
    }

    @ParameterizedTest(name = "Workflow.Status {0}, WorkflowState {1} → {2}")
    @CsvSource(nullValues = "-", value = {
        "NEW, -, NEW", "NOTIFIED, NEW, NOTIFIED", "RESOLVED, -, RESOLVED", "SUPPRESSED, -, SUPPRESSED",
        "-, NEW, NEW", "-, ASSIGNED, NOTIFIED", "-, IN_PROGRESS, NOTIFIED", "-, DEFERRED, SUPPRESSED",
        "-, RESOLVED, RESOLVED", "-, -, -"})
    void readsTheWorkflowStatusFallingBackToTheDeprecatedWorkflowState(String status, String state,
                                                                      String expected) {
        ObjectNode finding = asff();
        if (status != null) {
            put(finding, "Workflow.Status", status);
        }
        if (state != null) {
            finding.put("WorkflowState", state);
        }

        assertThat(readOne(finding).workflowStatus()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "CreatedAt \"{0}\" → {1}")
    @CsvSource(nullValues = "-", value = {
        "2026-11-20T09:41:07Z, 2026-11-20T09:41:07Z",
        "2026-11-20T09:41:07.512Z, 2026-11-20T09:41:07.512Z",
        "2026-11-20T11:41:07+02:00, 2026-11-20T09:41:07Z",
        "2026-11-20T09:41:07, -",
        "20 Nov 2026, -",
        "'', -"})
    void readsTimesAsInstantsAndUnreadableOnesAsNull(String text, String expected) {
        Finding read = readOne(asff().put("CreatedAt", text).put("UpdatedAt", text).put("FirstObservedAt", text));

        Instant instant = expected == null ? null : Instant.parse(expected);
        assertThat(read.createdAt()).isEqualTo(instant);
        assertThat(read.updatedAt()).isEqualTo(instant);
        assertThat(read.firstObservedAt()).isEqualTo(instant);
    }

    @Test
    void readsStateTitleDescriptionTypesAndUserDefinedFields() {
        ObjectNode finding = asff();
        finding.put("RecordState", "ARCHIVED").put("Title", "t").put("Description", "d");
        finding.putArray("Types").add("Effects/Data Exfiltration").add("7");
        finding.putObject("UserDefinedFields").put("hub-responder.ledger", "x").put("team", "blue");

        Finding read = readOne(finding);

        assertThat(read.recordState()).isEqualTo("ARCHIVED");
        assertThat(read.title()).isEqualTo("t");
        assertThat(read.description()).isEqualTo("d");
        assertThat(read.types()).containsExactly("Effects/Data Exfiltration", "7");
        assertThat(read.userDefinedFields()).isEqualTo(Map.of("hub-responder.ledger", "x", "team", "blue"));
        assertThat(read.carriesResponderMarks()).isTrue();
    }

    @Test
    void leavesWhatTheProducerDidNotGiveEmpty() {
        Finding read = readOne(asff());

        assertThat(read.productName()).isNull();
        assertThat(read.types()).isEmpty();
        assertThat(read.normalizedScore()).isNull();
        assertThat(read.recordState()).isNull();
        assertThat(read.createdAt()).isNull();
        assertThat(read.resources()).isEmpty();
        assertThat(read.remoteAddresses()).isEmpty();
        assertThat(read.resourceRole()).isEqualTo(ResourceRole.UNKNOWN);
        assertThat(read.userDefinedFields()).isEmpty();
    }

    private Finding readOne(ObjectNode finding) {
        SecurityHubEvent event = intake.read(imported(finding));
        assertThat(event.rejected()).isEmpty();
        return event.findings().get(0);
    }
}
