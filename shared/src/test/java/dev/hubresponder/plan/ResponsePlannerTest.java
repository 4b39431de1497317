package dev.hubresponder.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.finding.MalformedEventException;
import dev.hubresponder.testing.RecordingMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What the planner counts for the dashboard: every event and finding refused at intake, every decision. */
class ResponsePlannerTest {
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final ResponsePlanner planner = new ResponsePlanner(ResponderConfig.defaults(), new ObjectMapper(), metrics);

    private static byte[] event(String name) throws IOException {
        return Files.readAllBytes(Path.of("..", "events", name));
    }

    @Test
    void malformedEventIsCountedAndRefusedWhole() throws IOException {
        byte[] wrongSource = event("malformed-wrong-source.json");

        assertThatThrownBy(() -> planner.plan(wrongSource)).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> planner.plan("not json".getBytes())).isInstanceOf(MalformedEventException.class);
        assertThat(metrics.lines).containsExactly("EventRejected", "EventRejected");
    }

    @Test
    void rejectedFindingsAreCountedWhileTheOthersAreDecided() throws IOException {
        Plan plan = planner.plan(event("mixed-batch-two-invalid.json"));

        assertThat(plan.decisions()).hasSize(1);
        assertThat(metrics.lines).containsExactly("FindingRejected", "FindingRejected", "FindingReceived HIGH",
                "Decision HIGH 2 0");
    }

    @Test
    void unknownCustomActionRejectsEveryFindingOfTheEvent() throws IOException {
        String isolate = new String(event("custom-action-isolate.json")).replace("HubRespIsolate", "SomeoneElses");

        Plan plan = planner.plan(isolate.getBytes());

        assertThat(plan.decisions()).isEmpty();
        assertThat(plan.errors()).hasSize(2).allSatisfy(e -> assertThat(e.reason())
                .contains("custom action", "SomeoneElses", "is not one of hub-responder's"));
        assertThat(metrics.lines).containsExactly("FindingRejected", "FindingRejected");
    }

    @Test
    void killSwitchRefusalsAreCountedForTheAlarm() throws IOException {
        ResponsePlanner stopped = new ResponsePlanner(ResponderConfig.fromEnv(java.util.Map.of(
                "RESPONDER_KILL_SWITCH", "true")), new ObjectMapper(), metrics);

        stopped.plan(event("guardduty-attack-sequence-ec2-instance-group-critical.json"));

        assertThat(metrics.lines).containsExactly("FindingReceived CRITICAL", "Decision CRITICAL 2 3",
                "KillSwitchOn 3");
    }
}
