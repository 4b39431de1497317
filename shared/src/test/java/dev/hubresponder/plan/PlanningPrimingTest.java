package dev.hubresponder.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.config.ResponderConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanningPrimingTest {

    @Test
    void primingPlansTheBundledCriticalFindingUnderTheDefaultPolicy() {
        ObjectMapper mapper = new ObjectMapper();
        ResponsePlanner planner = new ResponsePlanner(ResponderConfig.fromEnv(Map.of()), mapper);

        int decisions = PlanningPriming.prime(planner::plan, mapper);

        assertThat(decisions).isEqualTo(1);
    }
}
