package dev.hubresponder.aws.securityhub;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.audit.FindingNote;
import dev.hubresponder.audit.NoteReport;
import dev.hubresponder.audit.WorkflowMark;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.testing.SecurityHubStub;
import dev.hubresponder.testing.TestFindings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit write-back against a WireMock server on 127.0.0.1 that speaks Security Hub's batch update API in AWS's
 * format (moto does not implement it). No precondition beyond the test classpath.
 */
class SecurityHubFindingNotesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ACCOUNT = "111122223333";

    SecurityHubStub hub;
    SecurityHubFindingNotes notes;

    @BeforeEach
    void startStub() {
        hub = new SecurityHubStub();
        notes = new SecurityHubFindingNotes(hub.client(), 3, Duration.ofMillis(5));
    }

    @AfterEach
    void stopStub() {
        hub.close();
    }

    static Finding asff(String id) {
        return TestFindings.guardDuty(id, ACCOUNT, Instant.parse("2026-11-26T10:00:00Z"));
    }

    static FindingNote note(Finding finding, String text) {
        return new FindingNote(finding, text, WorkflowMark.NOTIFIED,
                Map.of("hub-responder.ledgerId", "hr-0123456789ab", "hub-responder.state", "DONE"));
    }

    @Test
    void sendsNoteWorkflowAndResponderFieldsAsAPatch() throws Exception {
        NoteReport report = notes.write(List.of(note(asff("f-1"), "hub-responder DONE QUARANTINE_INSTANCE i-0abc")));

        assertThat(report.written()).containsExactly("f-1");
        assertThat(report.failed()).isEmpty();
        assertThat(hub.bodies(SecurityHubStub.V1_PATH)).containsExactly(JSON.readTree("""
                {"FindingIdentifiers":[{"Id":"f-1","ProductArn":"%s"}],
                 "Note":{"Text":"hub-responder DONE QUARANTINE_INSTANCE i-0abc","UpdatedBy":"hub-responder"},
                 "UserDefinedFields":{"hub-responder.ledgerId":"hr-0123456789ab","hub-responder.state":"DONE"},
                 "Workflow":{"Status":"NOTIFIED"}}""".formatted(TestFindings.GUARDDUTY)));
    }

    @Test
    void splitsOneHundredAndFiftyFindingsIntoCallsOfAtMostOneHundred() {
        List<FindingNote> many = IntStream.range(0, 150)
                .mapToObj(i -> note(asff("f-" + i), "hub-responder REFUSED QUARANTINE_INSTANCE: kill switch is on"))
                .toList();

        NoteReport report = notes.write(many);

        assertThat(report.written()).hasSize(150);
        assertThat(hub.bodies(SecurityHubStub.V1_PATH)).extracting(b -> b.path("FindingIdentifiers").size())
                .containsExactly(100, 50);
    }

    @Test
    void notesWithDifferentTextGoInSeparateCalls() {
        NoteReport report = notes.write(List.of(note(asff("f-1"), "one"), note(asff("f-2"), "two"),
                note(asff("f-3"), "one")));

        assertThat(report.written()).containsExactlyInAnyOrder("f-1", "f-2", "f-3");
        assertThat(hub.bodies(SecurityHubStub.V1_PATH)).extracting(b -> b.path("Note").path("Text").asText())
                .containsExactly("one", "two");
    }

    @Test
    void retriesOnlyTheFindingsThatMetAConcurrentUpdate() {
        hub.failNext("f-2", "ConcurrentUpdateError");

        NoteReport report = notes.write(List.of(note(asff("f-1"), "n"), note(asff("f-2"), "n")));

        assertThat(report.written()).containsExactly("f-1", "f-2");
        List<JsonNode> calls = hub.bodies(SecurityHubStub.V1_PATH);
        assertThat(calls).hasSize(2);
        assertThat(ids(calls.get(1))).containsExactly("f-2");
    }

    @Test
    void reportsOtherUnprocessedFindingsWithoutRetrying() {
        hub.failNext("f-2", "FindingNotFound");

        NoteReport report = notes.write(List.of(note(asff("f-1"), "n"), note(asff("f-2"), "n")));

        assertThat(report.written()).containsExactly("f-1");
        assertThat(report.failed()).containsExactly(
                new NoteReport.Failure("f-2", "FindingNotFound", "FindingNotFound (stub)"));
        assertThat(hub.bodies(SecurityHubStub.V1_PATH)).hasSize(1);
    }

    @Test
    void givesUpOnAFindingThatKeepsMeetingConcurrentUpdates() {
        hub.failNext("f-1", "ConcurrentUpdateError", "ConcurrentUpdateError", "ConcurrentUpdateError");

        NoteReport report = notes.write(List.of(note(asff("f-1"), "n")));

        assertThat(report.written()).isEmpty();
        assertThat(report.failed()).extracting(NoteReport.Failure::errorCode).containsExactly("ConcurrentUpdateError");
        assertThat(hub.bodies(SecurityHubStub.V1_PATH)).hasSize(3);
    }

    @Test
    void reportsEveryFindingOfACallThatWasRefusedAsAWhole() {
        hub.server().stubFor(patch(urlEqualTo(SecurityHubStub.V1_PATH)).willReturn(aResponse().withStatus(403)
                .withHeader("x-amzn-ErrorType", "AccessDeniedException")
                .withHeader("Content-Type", "application/json")
                .withBody("{\"Message\":\"not authorized to perform securityhub:BatchUpdateFindings\"}")));

        NoteReport report = notes.write(List.of(note(asff("f-1"), "n"), note(asff("f-2"), "n")));

        assertThat(report.written()).isEmpty();
        assertThat(report.failed()).extracting(NoteReport.Failure::findingId, NoteReport.Failure::errorCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("f-1", "AccessDeniedException"),
                        org.assertj.core.groups.Tuple.tuple("f-2", "AccessDeniedException"));
    }

    @Test
    void writesOcsfFindingsWithBatchUpdateFindingsV2ByMetadataUid() throws Exception {
        Finding ocsf = TestFindings.ocsf("finding-info-1", ACCOUNT, "meta-uid-1");
        hub.failNext("meta-uid-1", "ConflictException");

        NoteReport report = notes.write(List.of(new FindingNote(ocsf, "hub-responder DONE STOP_TASK task-1",
                WorkflowMark.NOTIFIED, Map.of("hub-responder.state", "DONE"))));

        assertThat(report.written()).containsExactly("finding-info-1");
        assertThat(hub.bodies(SecurityHubStub.V1_PATH)).isEmpty();
        assertThat(hub.bodies(SecurityHubStub.V2_PATH)).containsExactly(
                JSON.readTree("{\"MetadataUids\":[\"meta-uid-1\"],\"Comment\":\"hub-responder DONE STOP_TASK task-1\","
                        + "\"StatusId\":2}"),
                JSON.readTree("{\"MetadataUids\":[\"meta-uid-1\"],\"Comment\":\"hub-responder DONE STOP_TASK task-1\","
                        + "\"StatusId\":2}"));
    }

    @Test
    void identifiesOcsfFindingsWithoutMetadataUidByAccountFindingAndProduct() throws Exception {
        Finding ocsf = TestFindings.ocsf("finding-info-2", ACCOUNT, null);

        NoteReport report = notes.write(List.of(new FindingNote(ocsf, "released", WorkflowMark.RESOLVED, Map.of())));

        assertThat(report.written()).containsExactly("finding-info-2");
        assertThat(hub.bodies(SecurityHubStub.V2_PATH)).containsExactly(JSON.readTree("""
                {"FindingIdentifiers":[{"CloudAccountUid":"111122223333","FindingInfoUid":"finding-info-2",
                  "MetadataProductUid":"arn:aws:securityhub:us-east-1::productv2/aws/guardduty"}],
                 "Comment":"released","StatusId":4}"""));
    }

    private static List<String> ids(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.path("FindingIdentifiers").forEach(i -> ids.add(i.path("Id").asText()));
        return ids;
    }
}
