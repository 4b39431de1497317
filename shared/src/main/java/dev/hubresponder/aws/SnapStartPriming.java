package dev.hubresponder.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.audit.DeferredFindingNotes;
import dev.hubresponder.audit.FindingNotes;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.plan.PlanningPriming;
import dev.hubresponder.plan.ResponsePlanner;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * The SnapStart hook of a containment function: before Lambda snapshots the initialized function it plans a
 * bundled finding (see {@link PlanningPriming}) and builds the Security Hub client, so that the restored function
 * starts with those classes loaded and compiled. Nothing unique is created: no AWS call, no credentials, no id.
 *
 * <p>It plans with a planner of its own that counts nothing: the function's planner emits metrics, and priming
 * rounds written to the log at checkpoint time would be published as findings received.
 */
public final class SnapStartPriming implements Resource {
    private final ResponsePlanner planner;
    private final ObjectMapper mapper;
    private final FindingNotes notes;

    SnapStartPriming(ResponderConfig config, ObjectMapper mapper, FindingNotes notes) {
        this.planner = new ResponsePlanner(config, mapper);
        this.mapper = mapper;
        this.notes = notes;
    }

    /**
     * Registers the hook with the CRaC global context (a no-op where CRaC is absent). The caller keeps the returned
     * object: the context may hold its resources weakly.
     */
    public static SnapStartPriming register(Map<String, String> env, ObjectMapper mapper, FindingNotes notes) {
        SnapStartPriming priming = new SnapStartPriming(ResponderConfig.fromEnv(env), mapper, notes);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        PlanningPriming.prime(planner::plan, mapper);
        if (notes instanceof DeferredFindingNotes deferred) {
            deferred.prepare();
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: clients resolve credentials and connections on their first call after restore.
    }
}
