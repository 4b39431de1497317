package dev.hubresponder.finding;

import static dev.hubresponder.finding.FindingJson.MAPPER;
import static dev.hubresponder.finding.FindingJson.asff;
import static dev.hubresponder.finding.FindingJson.bytes;
import static dev.hubresponder.finding.FindingJson.customAction;
import static dev.hubresponder.finding.FindingJson.event;
import static dev.hubresponder.finding.FindingJson.imported;
import static dev.hubresponder.finding.FindingJson.ocsf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The event as a whole: which events are refused outright, and what is read from the envelope. */
class FindingIntakeTest {
    private static final String ISOLATE = "arn:aws:securityhub:us-east-1:123456789012:action/custom/HubRespIsolate";
    private final FindingIntake intake = new FindingIntake(MAPPER);

    static Stream<Arguments> inputsThatAreNotEvents() {
        return Stream.of(
                arguments("empty input", "", "input is empty"),
                arguments("truncated JSON", "{\"source\": \"aws.securityhub\", ", "input is not JSON"),
                arguments("text that is not JSON", "hello", "input is not JSON"),
                arguments("two JSON documents", "{} {}", "input is not JSON"),
                arguments("a JSON array", "[{\"source\":\"aws.securityhub\"}]", "event is an array, expected a JSON object"),
                arguments("a JSON string", "\"aws.securityhub\"", "event is a string, expected a JSON object"),
                arguments("JSON null", "null", "event is null, expected a JSON object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputsThatAreNotEvents")
    void refusesInputThatIsNotAnEventObject(String description, String input, String message) {
        assertThatThrownBy(() -> intake.read(input.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith(message);
    }

    static Stream<Arguments> eventsRefusedAsAWhole() {
        return Stream.<Arguments>of(
                arguments("no source", (Consumer<ObjectNode>) e -> e.remove("source"),
                        "event has no source, expected 'aws.securityhub'"),
                arguments("source aws.ec2", (Consumer<ObjectNode>) e -> e.put("source", "aws.ec2"),
                        "event source is 'aws.ec2', expected 'aws.securityhub'"),
                arguments("source aws.guardduty", (Consumer<ObjectNode>) e -> e.put("source", "aws.guardduty"),
                        "event source is 'aws.guardduty', expected 'aws.securityhub'"),
                arguments("no detail-type", (Consumer<ObjectNode>) e -> e.remove("detail-type"),
                        "event has no detail-type, expected one of 'Security Hub Findings - Imported', "
                                + "'Security Hub Findings - Custom Action', 'Findings Imported V2'"),
                arguments("other detail-type", (Consumer<ObjectNode>) e -> e.put("detail-type", "GuardDuty Finding"),
                        "detail-type 'GuardDuty Finding' is not a Security Hub findings event, expected one of"),
                arguments("no detail", (Consumer<ObjectNode>) e -> e.remove("detail"),
                        "event has no detail.findings array"),
                arguments("detail without findings", (Consumer<ObjectNode>) e -> e.putObject("detail"),
                        "event has no detail.findings array"),
                arguments("findings null", (Consumer<ObjectNode>) e -> e.putObject("detail").putNull("findings"),
                        "event has no detail.findings array"),
                arguments("findings an object",
                        (Consumer<ObjectNode>) e -> e.putObject("detail").set("findings", asff()),
                        "detail.findings is an object, expected an array"),
                arguments("findings a string",
                        (Consumer<ObjectNode>) e -> e.putObject("detail").put("findings", "[]"),
                        "detail.findings is a string, expected an array"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventsRefusedAsAWhole")
    void refusesEventAsAWhole(String description, Consumer<ObjectNode> breakIt, String message) {
        ObjectNode event = imported(asff());
        breakIt.accept(event);

        assertThatThrownBy(() -> intake.read(event))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith(message);
        assertThatThrownBy(() -> intake.read(bytes(event)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith(message);
    }

    static Stream<Arguments> customActionsWithoutTarget() {
        return Stream.<Arguments>of(
                arguments("no resources", (Consumer<ObjectNode>) e -> e.remove("resources"),
                        "custom action event has no action target ARN in resources[0]"),
                arguments("empty resources", (Consumer<ObjectNode>) e -> e.putArray("resources"),
                        "custom action event has no action target ARN in resources[0]"),
                arguments("resources[0] an object", (Consumer<ObjectNode>) e -> e.putArray("resources").addObject(),
                        "custom action event has no action target ARN in resources[0]"),
                arguments("resources[0] a product ARN", (Consumer<ObjectNode>) e -> e.putArray("resources")
                                .add("arn:aws:securityhub:us-east-1::product/aws/guardduty"),
                        "custom action event's resources[0] 'arn:aws:securityhub:us-east-1::product/aws/guardduty'"
                                + " is not a Security Hub action target ARN"),
                arguments("resources[0] without an action id", (Consumer<ObjectNode>) e -> e.putArray("resources")
                                .add("arn:aws:securityhub:us-east-1:123456789012:action/custom/"),
                        "custom action event's resources[0]"),
                arguments("resources[0] of another service", (Consumer<ObjectNode>) e -> e.putArray("resources")
                                .add("arn:aws:events:us-east-1:123456789012:action/custom/HubRespIsolate"),
                        "custom action event's resources[0]"),
                arguments("resources[0] not an ARN", (Consumer<ObjectNode>) e -> e.putArray("resources")
                                .add("HubRespIsolate"),
                        "custom action event's resources[0] 'HubRespIsolate'"),
                arguments("action target of another account", (Consumer<ObjectNode>) e -> e.put("account",
                                "999999999999"),
                        "custom action " + ISOLATE + " belongs to account '123456789012', Region 'us-east-1', but the"
                                + " event was delivered in account '999999999999', Region 'us-east-1': only this"
                                + " account's own action targets are honoured"),
                arguments("action target of another Region", (Consumer<ObjectNode>) e -> e.put("region",
                                "eu-west-1"),
                        "custom action " + ISOLATE + " belongs to account '123456789012', Region 'us-east-1', but the"
                                + " event was delivered in account '123456789012', Region 'eu-west-1'"),
                arguments("event without account", (Consumer<ObjectNode>) e -> e.remove("account"),
                        "custom action " + ISOLATE + " belongs to account '123456789012', Region 'us-east-1', but the"
                                + " event was delivered in account 'null'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("customActionsWithoutTarget")
    void refusesCustomActionWithoutActionTarget(String description, Consumer<ObjectNode> breakIt, String message) {
        ObjectNode event = customAction(ISOLATE, asff());
        breakIt.accept(event);

        assertThatThrownBy(() -> intake.read(event))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void refusesMissingTree() {
        assertThatThrownBy(() -> intake.read((com.fasterxml.jackson.databind.JsonNode) null))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("input is empty");
        assertThatThrownBy(() -> intake.read((byte[]) null))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("input is empty");
    }

    @ParameterizedTest
    @EnumSource(EventKind.class)
    void readsEveryKindOfEventWithItsEnvelope(EventKind kind) {
        ObjectNode event = kind == EventKind.CUSTOM_ACTION ? customAction(ISOLATE, asff())
                : event(kind.detailType(), kind == EventKind.IMPORTED_V2 ? ocsf("finding-1") : asff());

        SecurityHubEvent read = intake.read(bytes(event));

        assertThat(read.kind()).isEqualTo(kind);
        assertThat(read.eventId()).isEqualTo("event-1");
        assertThat(read.account()).isEqualTo("123456789012");
        assertThat(read.region()).isEqualTo(kind == EventKind.CUSTOM_ACTION ? "us-east-1" : "eu-west-1");
        assertThat(read.findings()).extracting(Finding::id).containsExactly("finding-1");
        assertThat(read.findings()).extracting(Finding::schema)
                .containsExactly(kind == EventKind.IMPORTED_V2 ? FindingSchema.OCSF : FindingSchema.ASFF);
        assertThat(read.rejected()).isEmpty();
    }

    @Test
    void readsTheAnalystsCustomAction() {
        SecurityHubEvent read = intake.read(customAction(ISOLATE, asff("a"), asff("b")));

        assertThat(read.customAction()).isEqualTo(new CustomAction(ISOLATE, "HubRespIsolate", "Isolate instance",
                "Quarantine the instances"));
        assertThat(read.findings()).extracting(Finding::id).containsExactly("a", "b");
    }

    @Test
    void importedEventsCarryNoCustomAction() {
        ObjectNode event = imported(asff());
        event.putArray("resources").add(ISOLATE);

        assertThat(intake.read(event).customAction()).isNull();
    }

    @Test
    void readsAnEmptyFindingsArrayAsNoFindings() {
        SecurityHubEvent read = intake.read(imported());

        assertThat(read.findings()).isEmpty();
        assertThat(read.rejected()).isEmpty();
    }

    @Test
    void rejectsFindingElementsThatAreNotObjectsAndReadsTheOthers() {
        ObjectNode event = imported(asff("first"));
        ObjectNode detail = (ObjectNode) event.get("detail");
        detail.withArray("findings").add("not a finding");
        detail.withArray("findings").addArray();
        detail.withArray("findings").addNull();
        detail.withArray("findings").add(asff("last"));

        SecurityHubEvent read = intake.read(event);

        assertThat(read.findings()).extracting(Finding::id).containsExactly("first", "last");
        assertThat(read.rejected()).containsExactly(
                new RejectedFinding(null, "findings[1] is a string, expected a finding object"),
                new RejectedFinding(null, "findings[2] is an array, expected a finding object"),
                new RejectedFinding(null, "findings[3] is null, expected a finding object"));
    }

    @Test
    void ignoresFieldsItDoesNotKnow() {
        ObjectNode finding = asff();
        finding.put("SomethingNew", "x");
        finding.putObject("Severity").put("Label", "HIGH").put("Future", 3);
        ObjectNode event = imported(finding);
        event.putObject("extra").put("field", true);
        ((ObjectNode) event.get("detail")).put("newDetail", 1);

        SecurityHubEvent read = intake.read(event);

        assertThat(read.rejected()).isEmpty();
        assertThat(read.findings()).extracting(Finding::severity).containsExactly(Severity.HIGH);
    }
}
