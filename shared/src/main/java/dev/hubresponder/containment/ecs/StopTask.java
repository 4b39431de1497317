package dev.hubresponder.containment.ecs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.containment.ecs.EcsTasks.Change;
import dev.hubresponder.containment.ecs.EcsTasks.ChangeStatus;
import dev.hubresponder.containment.ecs.EcsTasks.Lookup;
import dev.hubresponder.containment.ecs.EcsTasks.LookupStatus;
import dev.hubresponder.finding.EcsTaskDetails;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.Resource;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.ResponseAction;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Stops one ECS task named by a finding, keeping the evidence that stopping destroys.
 *
 * <p>In order, each step recorded in the ledger so that a retried delivery resumes after the last one:
 * <ol>
 *   <li>the target must be a well-formed task ARN in this responder's region and the finding's account, and its
 *       cluster known (from the finding's task details or the ARN); otherwise refused, and ECS is not called;</li>
 *   <li>live guards: {@code DescribeTasks} with tags, and for a service task {@code DescribeServices} with tags;
 *       the protection tag on either refuses; a read that fails refuses (fail closed);</li>
 *   <li>evidence recorded as the record's pre-state ({@value #EVIDENCE_RECORDED}): task definition, containers
 *       and image digests, network interfaces, tags, group, startedBy, launch type, the service;</li>
 *   <li>shadow mode stops here ({@link LedgerState#SHADOW}); a task already stopped or gone is recorded as such;</li>
 *   <li>with {@link ServiceResponse#SCALE_TO_ZERO}, the service's desired count is recorded
 *       ({@value #PREVIOUS_DESIRED_COUNT}) and set to 0 ({@value #SERVICE_SCALED_TO_ZERO}) so that the scheduler
 *       starts no replacement;</li>
 *   <li>{@code StopTask} with a reason naming the finding ({@value #TASK_STOPPED}).</li>
 * </ol>
 */
public final class StopTask {
    public static final String EVIDENCE_RECORDED = "evidence-recorded";
    public static final String SERVICE_COUNT_RECORDED = "service-count-recorded";
    public static final String SERVICE_SCALED_TO_ZERO = "service-scaled-to-zero";
    public static final String TASK_STOPPED = "task-stopped";

    /** Artifact: the service's desired count before it was scaled to zero; what release restores. */
    public static final String PREVIOUS_DESIRED_COUNT = "previousDesiredCount";
    public static final String CLUSTER = "cluster";
    public static final String SERVICE = "service";
    public static final String TASK_DEFINITION = "taskDefinition";
    /** Artifact: {@code STOPPED_BY_RESPONDER}, {@code ALREADY_STOPPED} or {@code MISSING}. */
    public static final String TASK_STATUS = "taskStatus";

    static final int MAX_STOP_REASON = 255;

    private final EcsTasks ecs;
    private final LedgerProgress progress;
    private final ResponderConfig config;
    private final TaskContainmentSettings settings;
    private final ObjectMapper mapper;
    private final Clock clock;

    StopTask(EcsTasks ecs, LedgerProgress progress, ResponderConfig config, TaskContainmentSettings settings,
             ObjectMapper mapper, Clock clock) {
        this.ecs = Objects.requireNonNull(ecs, "ecs");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.config = Objects.requireNonNull(config, "config");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Runs one {@code STOP_TASK} action.
     *
     * @throws EcsUnavailableException when ECS could not be reached; the ledger record is left to resume
     */
    public TaskOutcome stop(Finding finding, PlannedAction action) {
        ActionKey key = new ActionKey(finding.id(), ResponseAction.STOP_TASK, action.target());
        LedgerProgress.Claimed claimed = progress.claim(finding, key, action.reason());
        if (!claimed.mayAct()) {
            return replayed(action, claimed);
        }
        Run run = new Run(finding, action, claimed.entry());
        try {
            return run.execute();
        } catch (RuntimeException e) {
            run.giveBackAfter(e);
            throw e;
        }
    }

    private static TaskOutcome replayed(PlannedAction action, LedgerProgress.Claimed claimed) {
        LedgerEntry entry = claimed.entry();
        String summary = claimed.standing() == LedgerProgress.Standing.IN_PROGRESS
                ? "another delivery is stopping task " + action.target() + " (ledger " + entry.ledgerId() + ")"
                : entry.reason();
        return new TaskOutcome(ResponseAction.STOP_TASK, action.target(), entry.state(), summary, entry.ledgerId(),
                false);
    }

    /** One delivery's work on one record; {@link #entry} is always the latest version written. */
    private final class Run {
        private final Finding finding;
        private final PlannedAction action;
        private LedgerEntry entry;

        Run(Finding finding, PlannedAction action, LedgerEntry entry) {
            this.finding = finding;
            this.action = action;
            this.entry = entry;
        }

        TaskOutcome execute() {
            Optional<TaskArn> parsed = TaskArn.parse(action.target());
            if (parsed.isEmpty()) {
                return end(LedgerState.REFUSED, "stop task refused: " + TaskArn.problem(action.target()));
            }
            TaskArn arn = parsed.get();
            String placement = placementProblem(arn);
            if (placement != null) {
                return end(LedgerState.REFUSED, "stop of task " + arn + " refused: " + placement);
            }
            ClusterChoice cluster = cluster(arn);
            if (cluster.problem() != null) {
                return end(LedgerState.REFUSED, "stop of task " + arn + " refused: " + cluster.problem());
            }
            TaskEvidence evidence;
            if (entry.hasCompleted(EVIDENCE_RECORDED)) {
                evidence = readEvidence();
            } else {
                Lookup<TaskSnapshot> task = ecs.describeTask(cluster.name(), arn.value());
                if (task.status() == LookupStatus.MISSING) {
                    entry = progress.addArtifact(entry, TASK_STATUS, "MISSING");
                    return end(LedgerState.DONE, "task " + arn + " was not stopped: it no longer exists ("
                            + task.reason() + ")");
                }
                if (task.status() == LookupStatus.UNREADABLE) {
                    return end(LedgerState.REFUSED, "stop of task " + arn + " refused: its tags could not be read, "
                            + "so the protection guard cannot decide (" + task.reason() + ")");
                }
                String refusal = protection("task " + arn, task.value().tags());
                if (refusal != null) {
                    return end(LedgerState.REFUSED, "stop of task " + arn + " refused: " + refusal);
                }
                ServiceRead service = readService(cluster.name(), task.value());
                if (service.refusal() != null) {
                    return end(LedgerState.REFUSED, "stop of task " + arn + " refused: " + service.refusal());
                }
                evidence = new TaskEvidence(clock.instant().toString(), task.value(), service.snapshot(),
                        service.problem());
                entry = progress.recordPreState(entry, json(evidence), EVIDENCE_RECORDED, artifacts(cluster,
                        evidence));
            }
            TaskSnapshot task = evidence.task();
            if (!entry.hasCompleted(TASK_STOPPED) && !entry.hasCompleted(SERVICE_COUNT_RECORDED)
                    && task.stoppedOrStopping()) {
                entry = progress.addArtifact(entry, TASK_STATUS, "ALREADY_STOPPED");
                return end(LedgerState.DONE, "task " + arn + " already stopped (ECS status " + task.lastStatus()
                        + (task.stoppedReason() == null || task.stoppedReason().isBlank()
                        ? "" : ", stopped because: " + task.stoppedReason()) + "); evidence recorded in the ledger");
            }
            if (action.shadow()) {
                return end(LedgerState.SHADOW, "shadow mode: would stop task " + arn + serviceClause(evidence,
                        ServiceStep.WOULD));
            }
            ServiceStep serviceStep = applyServiceResponse(cluster.name(), evidence);
            if (!entry.hasCompleted(TASK_STOPPED)) {
                Change stopped = ecs.stopTask(cluster.name(), arn.value(), stopReason(finding.id(),
                        entry.ledgerId()));
                if (stopped.status() == ChangeStatus.MISSING) {
                    entry = progress.addArtifact(entry, TASK_STATUS, "MISSING");
                    return end(LedgerState.DONE, "task " + arn + " disappeared before it could be stopped ("
                            + stopped.reason() + ")" + serviceClause(evidence, serviceStep));
                }
                if (stopped.status() == ChangeStatus.FAILED) {
                    return end(LedgerState.FAILED, "task " + arn + " could not be stopped: " + stopped.reason()
                            + serviceClause(evidence, serviceStep));
                }
                entry = progress.completeStep(entry, TASK_STOPPED, TASK_STATUS, "STOPPED_BY_RESPONDER");
            }
            return end(LedgerState.DONE, "stopped task " + arn + " (task definition " + task.taskDefinitionArn()
                    + "; evidence in the ledger)" + serviceClause(evidence, serviceStep));
        }

        /** Applies the configured service response, resuming after its recorded steps. */
        private ServiceStep applyServiceResponse(String cluster, TaskEvidence evidence) {
            ServiceSnapshot service = evidence.service();
            if (service == null) {
                return ServiceStep.NONE;
            }
            if (entry.hasCompleted(SERVICE_SCALED_TO_ZERO)) {
                return ServiceStep.SCALED;
            }
            if (settings.serviceResponse() != ServiceResponse.SCALE_TO_ZERO) {
                return ServiceStep.NONE;
            }
            if (!entry.hasCompleted(SERVICE_COUNT_RECORDED)) {
                if (service.desiredCount() == 0) {
                    return ServiceStep.ALREADY_ZERO;
                }
                entry = progress.completeStep(entry, SERVICE_COUNT_RECORDED, PREVIOUS_DESIRED_COUNT,
                        Integer.toString(service.desiredCount()));
            }
            Change scaled = ecs.setDesiredCount(cluster, service.serviceName(), 0);
            if (scaled.status() != ChangeStatus.DONE) {
                entry = progress.addArtifact(entry, "serviceResponseProblem", scaled.reason());
                return ServiceStep.SCALE_FAILED;
            }
            entry = progress.completeStep(entry, SERVICE_SCALED_TO_ZERO);
            return ServiceStep.SCALED;
        }

        private String serviceClause(TaskEvidence evidence, ServiceStep step) {
            String name = evidence.task().serviceName();
            if (name == null) {
                return "";
            }
            if (evidence.service() == null) {
                return "; it belonged to service " + name + ", which no longer exists, so no replacement will start";
            }
            String definition = replacementDefinition(evidence);
            return switch (step) {
                case NONE -> "; it belongs to service " + name + ": the scheduler will start a replacement from "
                        + definition;
                case WOULD -> settings.serviceResponse() == ServiceResponse.SCALE_TO_ZERO
                        && evidence.service().desiredCount() > 0
                        ? "; would scale its service " + name + " from " + evidence.service().desiredCount()
                        + " to 0 so that no replacement starts"
                        : "; it belongs to service " + name + ": the scheduler would start a replacement from "
                        + definition;
                case ALREADY_ZERO -> "; its service " + name + " already has desired count 0: no replacement "
                        + "will start";
                case SCALED -> "; service " + name + " scaled from " + entry.artifacts().get(PREVIOUS_DESIRED_COUNT)
                        + " to 0 so that no replacement starts (release restores "
                        + entry.artifacts().get(PREVIOUS_DESIRED_COUNT) + ")";
                case SCALE_FAILED -> "; service " + name + " could not be scaled to 0 ("
                        + entry.artifacts().get("serviceResponseProblem")
                        + "): the scheduler will start a replacement from " + definition;
            };
        }

        private String replacementDefinition(TaskEvidence evidence) {
            String fromService = evidence.service() == null ? null : evidence.service().taskDefinitionArn();
            return fromService != null ? fromService : evidence.task().taskDefinitionArn();
        }

        private ServiceRead readService(String cluster, TaskSnapshot task) {
            String name = task.serviceName();
            if (name == null) {
                return new ServiceRead(null, null, null);
            }
            Lookup<ServiceSnapshot> service = ecs.describeService(cluster, name);
            if (service.status() == LookupStatus.UNREADABLE) {
                return new ServiceRead(null, null, "the tags of its service " + name + " could not be read, so the "
                        + "protection guard cannot decide (" + service.reason() + ")");
            }
            if (service.status() == LookupStatus.MISSING) {
                return new ServiceRead(null, service.reason(), null);
            }
            String refusal = protection("its service " + name, service.value().tags());
            return new ServiceRead(service.value(), null, refusal);
        }

        private String protection(String what, Map<String, String> tags) {
            String value = tags.get(config.protectedTagKey());
            if (value != null && value.trim().equalsIgnoreCase(config.protectedTagValue())) {
                return "tag " + config.protectedTagKey() + "=" + value + " on " + what;
            }
            return null;
        }

        private String placementProblem(TaskArn arn) {
            if (!arn.region().equals(settings.region())) {
                return "the task is in " + arn.region() + " and this responder acts in " + settings.region()
                        + " (deploy it in " + arn.region() + " to contain tasks there)";
            }
            if (!arn.accountId().equals(finding.accountId())) {
                return "the task is in account " + arn.accountId() + " but the finding is about account "
                        + finding.accountId();
            }
            return null;
        }

        private ClusterChoice cluster(TaskArn arn) {
            String fromFinding = clusterFromFinding(arn);
            Optional<String> fromArn = arn.cluster();
            if (fromFinding != null && fromArn.isPresent() && !clusterName(fromFinding).equals(fromArn.get())) {
                return new ClusterChoice(null, "the finding places it in cluster " + fromFinding
                        + " but its ARN names cluster " + fromArn.get());
            }
            if (fromFinding != null) {
                return new ClusterChoice(fromFinding, null);
            }
            return fromArn.map(name -> new ClusterChoice(name, null))
                    .orElse(new ClusterChoice(null, "its ARN does not name the cluster and the finding does not "
                            + "give one (Resources[].Details.AwsEcsTask.ClusterArn)"));
        }

        private String clusterFromFinding(TaskArn arn) {
            for (Resource resource : finding.resources()) {
                EcsTaskDetails details = resource.ecs();
                if (details == null || details.clusterArn() == null || details.clusterArn().isBlank()) {
                    continue;
                }
                if (arn.value().equals(details.taskArn()) || arn.value().equals(resource.id())) {
                    return details.clusterArn();
                }
            }
            return null;
        }

        private TaskEvidence readEvidence() {
            try {
                return mapper.readValue(entry.preState(), TaskEvidence.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("ledger record " + entry.ledgerId() + " holds task evidence that "
                        + "cannot be read back: " + e.getOriginalMessage(), e);
            }
        }

        private String json(TaskEvidence evidence) {
            try {
                return mapper.writeValueAsString(evidence);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("task evidence of " + evidence.task().taskArn()
                        + " cannot be written as JSON: " + e.getOriginalMessage(), e);
            }
        }

        private Map<String, String> artifacts(ClusterChoice cluster, TaskEvidence evidence) {
            Map<String, String> artifacts = new LinkedHashMap<>();
            artifacts.put(CLUSTER, cluster.name());
            artifacts.put(TASK_DEFINITION, evidence.task().taskDefinitionArn());
            artifacts.put(SERVICE, evidence.task().serviceName());
            return artifacts;
        }

        private TaskOutcome end(LedgerState state, String reason) {
            entry = progress.finish(entry, state, reason);
            return new TaskOutcome(ResponseAction.STOP_TASK, action.target(), state, reason, entry.ledgerId(), true);
        }

        void giveBackAfter(RuntimeException failure) {
            try {
                progress.giveBack(entry);
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * The {@code StopTask} reason: at most 255 characters, naming the finding and the ledger record. A finding id
     * too long to fit keeps its end, where producers put the unique part.
     */
    static String stopReason(String findingId, String ledgerId) {
        String prefix = "hub-responder: Security Hub finding ";
        String suffix = " (ledger " + ledgerId + ")";
        int room = MAX_STOP_REASON - prefix.length() - suffix.length();
        String id = findingId.length() <= room ? findingId : "…" + findingId.substring(findingId.length() - room + 1);
        return prefix + id + suffix;
    }

    private static String clusterName(String clusterArnOrName) {
        return clusterArnOrName.substring(clusterArnOrName.lastIndexOf('/') + 1);
    }

    private enum ServiceStep { NONE, WOULD, ALREADY_ZERO, SCALED, SCALE_FAILED }

    private record ClusterChoice(String name, String problem) {
    }

    private record ServiceRead(ServiceSnapshot snapshot, String problem, String refusal) {
    }
}
