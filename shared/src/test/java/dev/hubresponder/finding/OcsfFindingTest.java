package dev.hubresponder.finding;

import static dev.hubresponder.finding.FindingJson.MAPPER;
import static dev.hubresponder.finding.FindingJson.at;
import static dev.hubresponder.finding.FindingJson.importedV2;
import static dev.hubresponder.finding.FindingJson.ocsf;
import static dev.hubresponder.finding.FindingJson.onlyFinding;
import static org.assertj.core.api.Assertions.assertThat;
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

/** OCSF findings from {@code Findings Imported V2} events: the documented mapping, field by field. */
class OcsfFindingTest {
    private static final String DETECTION_ID = "arn:aws:guardduty:us-east-1:123456789012:detector/"
            + "6cc8d2a6a1e04c7e9b3c0f2d1e4a5b6c/finding/b6d8f0a2d4e64c7d9f1b5d7f9b1d3f7a";
    private final FindingIntake intake = new FindingIntake(MAPPER);

    static Stream<Arguments> fieldsOfTheDetectionFinding() {
        return Stream.of(
                field("schema", Finding::schema, FindingSchema.OCSF),
                field("id from finding_info.uid", Finding::id, DETECTION_ID),
                field("productArn from metadata.product.uid", Finding::productArn,
                        "arn:aws:securityhub:us-east-1::product/aws/guardduty"),
                field("productName", Finding::productName, "GuardDuty"),
                field("companyName from vendor_name", Finding::companyName, "AWS"),
                field("accountId from cloud.account.uid", Finding::accountId, "123456789012"),
                field("region from cloud.region", Finding::region, "us-east-1"),
                field("types", Finding::types, List.of("TTPs/Command and Control/Backdoor:EC2-C&CActivity.B")),
                field("GuardDuty type name", Finding::guardDutyTypes, List.of("Backdoor:EC2/C&CActivity.B")),
                field("severity from severity_id 4", Finding::severity, Severity.HIGH),
                field("no normalized score", Finding::normalizedScore, null),
                field("recordState for activity Create", Finding::recordState, "ACTIVE"),
                field("workflowStatus for status New", Finding::workflowStatus, "NEW"),
                field("title", Finding::title,
                        "EC2 instance i-0b2c3d4e5f6071829 is communicating with a command and control server."),
                field("description from finding_info.desc", f -> f.description().startsWith("EC2 instance "
                        + "i-0b2c3d4e5f6071829 is communicating with 45.155.205.233"), true),
                field("createdAt", Finding::createdAt, Instant.parse("2026-11-20T09:41:07.512Z")),
                field("updatedAt", Finding::updatedAt, Instant.parse("2026-11-20T10:12:44.028Z")),
                field("firstObservedAt", Finding::firstObservedAt, Instant.parse("2026-11-20T09:31:12Z")),
                field("resource", f -> f.resources().get(0), new Resource("AWS::EC2::Instance",
                        "arn:aws:ec2:us-east-1:123456789012:instance/i-0b2c3d4e5f6071829", "us-east-1",
                        Map.of("Name", "bastion-1"),
                        new Ec2InstanceDetails("i-0b2c3d4e5f6071829", null, null, List.of(), List.of()), null)),
                field("remote address from the outbound evidence", Finding::remoteAddresses, List.of(
                        new RemoteAddress("45.155.205.233", Direction.OUTBOUND, "evidences[0].dst_endpoint.ip"))),
                field("resourceRole not given", Finding::resourceRole, ResourceRole.UNKNOWN),
                field("no user defined fields", Finding::userDefinedFields, Map.of()),
                field("ocsfMetadataUid", Finding::ocsfMetadataUid, "4e6a8c0e-2b4d-4f6a-8c0e-2b4d6f8a0c2e"));
    }

    private static Arguments field(String name, Function<Finding, Object> read, Object expected) {
        return arguments(name, read, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fieldsOfTheDetectionFinding")
    void mapsADetectionFinding(String name, Function<Finding, Object> read, Object expected) {
        assertThat(read.apply(onlyFinding("ocsf-v2-detection-high.json"))).isEqualTo(expected);
    }

    @Test
    void mapsAComplianceFinding() {
        Finding finding = onlyFinding("ocsf-v2-compliance-high.json");

        assertThat(finding.severity()).isEqualTo(Severity.HIGH);
        assertThat(finding.productArn()).isEqualTo("arn:aws:securityhub:us-east-1::product/aws/securityhub");
        assertThat(finding.types()).containsExactly("Software and Configuration Checks/Industry and Regulatory Standards");
        assertThat(finding.workflowStatus()).isEqualTo("NEW");
        assertThat(finding.resources()).containsExactly(new Resource("AWS::S3::Bucket",
                "arn:aws:s3:::hub-responder-demo-uploads", "us-east-1", Map.of("Environment", "test"), null, null));
        assertThat(finding.remoteAddresses()).isEmpty();
        assertThat(finding.ocsfMetadataUid()).isEqualTo("2b2f8a3e-0000-4000-8000-00000000abcd");
    }

    @ParameterizedTest(name = "severity_id {0}, severity \"{1}\" → {2}")
    @CsvSource(nullValues = "-", value = {
        "1, -, INFORMATIONAL", "2, -, LOW", "3, -, MEDIUM", "4, -, HIGH", "5, -, CRITICAL", "6, -, CRITICAL",
        "4, Low, HIGH", "0, High, HIGH", "99, Medium, MEDIUM", "-, Critical, CRITICAL", "99, Fatal, CRITICAL"})
    void readsTheSeverityFromItsIdThenItsText(String severityId, String text, Severity expected) {
        ObjectNode finding = ocsf("f");
        finding.remove("severity_id");
        if (severityId != null) {
            finding.put("severity_id", Integer.parseInt(severityId));
        }
        if (text != null) {
            finding.put("severity", text);
        }

        assertThat(readOne(finding).severity()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "status_id {0} → {1}")
    @CsvSource(nullValues = "-", value = {"0, NEW", "1, NEW", "2, NOTIFIED", "3, SUPPRESSED", "4, RESOLVED",
        "5, OTHER", "99, OTHER", "-, NEW"})
    void mapsTheStatusIdToAWorkflowStatus(Integer statusId, String expected) {
        ObjectNode finding = ocsf("f");
        if (statusId != null) {
            finding.put("status_id", statusId);
        }

        assertThat(readOne(finding).workflowStatus()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "status \"{0}\" without status_id → {1}")
    @CsvSource({"New, NEW", "In Progress, NOTIFIED", "Suppressed, SUPPRESSED", "Resolved, RESOLVED",
        "Archived, OTHER"})
    void mapsTheStatusTextWhenThereIsNoStatusId(String status, String expected) {
        assertThat(readOne(ocsf("f").put("status", status)).workflowStatus()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "activity_id {0} → {1}")
    @CsvSource(nullValues = "-", value = {"1, ACTIVE", "2, ACTIVE", "3, ARCHIVED", "-, ACTIVE"})
    void archivesClosedFindings(Integer activityId, String expected) {
        ObjectNode finding = ocsf("f");
        if (activityId != null) {
            finding.put("activity_id", activityId);
        }

        assertThat(readOne(finding).recordState()).isEqualTo(expected);
    }

    static Stream<Arguments> unreadableFindings() {
        return Stream.<Arguments>of(
                arguments("no finding_info.uid", (Consumer<ObjectNode>) f -> f.remove("finding_info"), null,
                        "findings[0]: missing finding_info.uid"),
                arguments("no metadata.product.uid", (Consumer<ObjectNode>) f -> at(f, "metadata.product")
                        .remove("uid"), "f", "missing metadata.product.uid"),
                arguments("product uid not an ARN", (Consumer<ObjectNode>) f -> at(f, "metadata.product")
                        .put("uid", "guardduty"), "f", "metadata.product.uid 'guardduty' is not an ARN"),
                arguments("no cloud.account.uid", (Consumer<ObjectNode>) f -> f.remove("cloud"), "f",
                        "missing cloud.account.uid"),
                arguments("bad account", (Consumer<ObjectNode>) f -> at(f, "cloud.account").put("uid", "acct"),
                        "f", "cloud.account.uid 'acct' is not a 12-digit account id"),
                arguments("no severity", (Consumer<ObjectNode>) f -> f.remove("severity_id"), "f",
                        "missing severity_id and severity"),
                arguments("severity_id Unknown", (Consumer<ObjectNode>) f -> f.put("severity_id", 0), "f",
                        "severity_id 0 names no severity"),
                arguments("severity Other", (Consumer<ObjectNode>) f -> f.put("severity_id", 99)
                        .put("severity", "Other"), "f", "severity_id 99 and severity 'Other' name no severity"),
                arguments("severity text only, unknown", (Consumer<ObjectNode>) f -> {
                    f.remove("severity_id");
                    f.put("severity", "Severe");
                }, "f", "severity 'Severe' names no severity"),
                arguments("finding_info.uid a number", (Consumer<ObjectNode>) f -> at(f, "finding_info")
                        .put("uid", 4711), null, "findings[0]: finding_info.uid is a number, expected a string"),
                arguments("severity_id text", (Consumer<ObjectNode>) f -> f.put("severity_id", "5"), "f",
                        "severity_id is a string, expected a number"),
                arguments("a resource type that is not a string", (Consumer<ObjectNode>) f -> f.putArray("resources")
                        .addObject().put("type", 1).put("uid", "i-0abc"), "f",
                        "resources[0].type is a number, expected a string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableFindings")
    void rejectsAFindingThatLacksWhatADecisionNeeds(String name, Consumer<ObjectNode> breakIt, String id,
                                                    String reason) {
        ObjectNode broken = ocsf("f");
        breakIt.accept(broken);

        SecurityHubEvent event = intake.read(importedV2(broken, ocsf("good")));

        assertThat(event.rejected()).containsExactly(new RejectedFinding(id, reason));
        assertThat(event.findings()).extracting(Finding::id).containsExactly("good");
    }

    static Stream<Arguments> resources() {
        return Stream.of(
                arguments("uid_alt ARN preferred", "AWS::S3::Bucket", "bucket", "arn:aws:s3:::bucket",
                        "arn:aws:s3:::bucket", null, null),
                arguments("uid when uid_alt is not an ARN", "AWS::S3::Bucket", "arn:aws:s3:::bucket", "bucket",
                        "arn:aws:s3:::bucket", null, null),
                arguments("uid_alt when there is no uid", "Other", null, "thing", "thing", null, null),
                arguments("EC2 instance from the ARN", "AWS::EC2::Instance", "i-0a1b2c3d4e5f60718",
                        "arn:aws:ec2:us-east-1:123456789012:instance/i-0a1b2c3d4e5f60718",
                        "arn:aws:ec2:us-east-1:123456789012:instance/i-0a1b2c3d4e5f60718",
                        new Ec2InstanceDetails("i-0a1b2c3d4e5f60718", null, null, List.of(), List.of()), null),
                arguments("EC2 instance without ARN: no details", "AWS::EC2::Instance", "i-0a1b2c3d4e5f60718",
                        null, "i-0a1b2c3d4e5f60718", null, null),
                arguments("ECS task from the ARN", "AWS::ECS::Task",
                        "arn:aws:ecs:us-east-1:123456789012:task/prod/3f1c9a7e5b2d4c6a8e0f1a2b3c4d5e6f", null,
                        "arn:aws:ecs:us-east-1:123456789012:task/prod/3f1c9a7e5b2d4c6a8e0f1a2b3c4d5e6f", null,
                        new EcsTaskDetails("arn:aws:ecs:us-east-1:123456789012:cluster/prod",
                                "arn:aws:ecs:us-east-1:123456789012:task/prod/3f1c9a7e5b2d4c6a8e0f1a2b3c4d5e6f",
                                null, null, null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resources")
    void readsResources(String name, String type, String uid, String uidAlt, String id, Ec2InstanceDetails ec2,
                        EcsTaskDetails ecs) {
        ObjectNode finding = ocsf("f");
        ObjectNode resource = finding.putArray("resources").addObject().put("type", type).put("region", "us-east-1");
        if (uid != null) {
            resource.put("uid", uid);
        }
        if (uidAlt != null) {
            resource.put("uid_alt", uidAlt);
        }
        resource.putArray("tags").add(MAPPER.createObjectNode().put("name", "Name").put("value", "web-1"))
                .add(MAPPER.createObjectNode().put("name", "hub-responder:protected").put("value", "true"))
                .add(MAPPER.createObjectNode().put("value", "no name"));

        assertThat(readOne(finding).resources()).containsExactly(new Resource(type, id, "us-east-1",
                Map.of("Name", "web-1", "hub-responder:protected", "true"), ec2, ecs));
    }

    static Stream<Arguments> evidences() {
        return Stream.of(
                arguments("inbound: the source", 1, List.of(new RemoteAddress("185.220.101.45", Direction.INBOUND,
                        "evidences[0].src_endpoint.ip"))),
                arguments("outbound: the destination", 2, List.of(new RemoteAddress("45.155.205.233",
                        Direction.OUTBOUND, "evidences[0].dst_endpoint.ip"))),
                arguments("no direction: both, unknown", null, List.of(
                        new RemoteAddress("185.220.101.45", Direction.UNKNOWN, "evidences[0].src_endpoint.ip"),
                        new RemoteAddress("45.155.205.233", Direction.UNKNOWN, "evidences[0].dst_endpoint.ip"))),
                arguments("lateral: both, unknown", 3, List.of(
                        new RemoteAddress("185.220.101.45", Direction.UNKNOWN, "evidences[0].src_endpoint.ip"),
                        new RemoteAddress("45.155.205.233", Direction.UNKNOWN, "evidences[0].dst_endpoint.ip"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evidences")
    void readsRemoteAddressesFromEvidences(String name, Integer directionId, List<RemoteAddress> expected) {
        ObjectNode finding = ocsf("f");
        ObjectNode evidence = finding.putArray("evidences").addObject();
        evidence.putObject("src_endpoint").put("ip", "185.220.101.45");
        evidence.putObject("dst_endpoint").put("ip", "45.155.205.233");
        if (directionId != null) {
            evidence.putObject("connection_info").put("direction_id", directionId);
        }

        assertThat(readOne(finding).remoteAddresses()).containsExactlyElementsOf(expected);
    }

    @Test
    void readsEvidencesWithoutEndpointsAsNoAddresses() {
        ObjectNode finding = ocsf("f");
        finding.putArray("evidences").addObject().putObject("process").put("name", "bash");

        assertThat(readOne(finding).remoteAddresses()).isEmpty();
    }

    @ParameterizedTest(name = "resources[].role \"{0}\" → {1}")
    @CsvSource(nullValues = "-", value = {"Actor, ACTOR", "Target, TARGET", "Affected, UNKNOWN", "-, UNKNOWN"})
    void readsTheResourceRoleWhenGiven(String role, ResourceRole expected) {
        ObjectNode finding = ocsf("f");
        ObjectNode resource = finding.putArray("resources").addObject().put("type", "AWS::EC2::Instance");
        if (role != null) {
            resource.put("role", role);
        }

        assertThat(readOne(finding).resourceRole()).isEqualTo(expected);
    }

    @Test
    void readsEpochMillisecondTimesWhenTheIsoOnesAreAbsent() {
        ObjectNode finding = ocsf("f");
        at(finding, "finding_info").put("created_time", 1763631667512L).put("modified_time", 1763633564028L)
                .put("first_seen_time_dt", "not a time");

        Finding read = readOne(finding);

        assertThat(read.createdAt()).isEqualTo(Instant.ofEpochMilli(1763631667512L));
        assertThat(read.updatedAt()).isEqualTo(Instant.ofEpochMilli(1763633564028L));
        assertThat(read.firstObservedAt()).isNull();
    }

    @Test
    void takesTheEventRegionWhenCloudNamesNone() {
        assertThat(readOne(ocsf("f")).region()).isEqualTo("eu-west-1");
    }

    private Finding readOne(ObjectNode finding) {
        SecurityHubEvent event = intake.read(importedV2(finding));
        assertThat(event.rejected()).isEmpty();
        return event.findings().get(0);
    }
}
