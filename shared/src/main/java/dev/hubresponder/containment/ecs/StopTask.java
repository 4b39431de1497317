package dev.hubresponder.containment.ecs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.action.ActionProgress;
import dev.hubresponder.action.ActionWork;
import dev.hubresponder.action.Reach;
import dev.hubresponder.action.Reachable;
import dev.hubresponder.action.WorkResult;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.containment.Change;
import dev.hubresponder.containment.ChangeStatus;
import dev.hubresponder.containment.Lookup;
import dev.hubresponder.containment.LookupStatus;
import dev.hubresponder.finding.EcsTaskDetails;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.Resource;
import dev.hubresponder.finding.ResourceLocation;
import dev.hubresponder.ledger.ActedIn;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Stops one ECS task named by a finding, keeping the evidence that stopping destroys. It is the work of a
 * {@code STOP_TASK} action, run by {@link dev.hubresponder.action.ActionRunner} (which applies the kill switch,
 * shadow mode and the containment cap first, and runs it at most once per finding and task).
 *
 * <p>In order, each step recorded in the ledger so that a retried delivery resumes after the last one:
 * <ol>
 *   <li>the target must be a well-formed task ARN in the finding's account, and its cluster known (from the
 *       finding's task details or the ARN); otherwise refused, and ECS is not called. ECS is then reached in the
 *       account and Region the ARN names (through the member role outside the stack's own); an account that cannot
 *       be reached refuses;</li>
 *   <li>live guards: {@code DescribeTasks} with tags, and for a service task {@code DescribeServices} with tags;
 *       the protection tag on either refuses; a read that fails refuses (fail closed);</li>
 *   <li>evidence recorded as the record's pre-state ({@value #EVIDENCE_RECORDED}): task definition, containers
 *       and image digests, network interfaces, tags, group, startedBy, launch type, the service;</li>
 *   <li>a task already stopped, or gone, is recorded as such: done, nothing to stop;</li>
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
    /** Artifact: why the service could not be scaled to zero, when it could not. */
    public static final String SERVICE_RESPONSE_PROBLEM = "serviceResponseProblem";

    static final int MAX_STOP_REASON = 255;

    private final Reachable<EcsTasks> ecsIn;
    private final ResponderConfig config;
    private final TaskContainmentSettings settings;
    private final ObjectMapper mapper;
    private final Clock clock;

    /** @param ecsIn ECS in the account and Region a task's ARN names */
    public StopTask(Reachable<EcsTasks> ecsIn, ResponderConfig config, TaskContainmentSettings settings,
                    ObjectMapper mapper, Clock clock) {
        this.ecsIn = Objects.requireNonNull(ecsIn, "ecsIn");
        this.config = Objects.requireNonNull(config, "config");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The work of stopping one task for a finding.
     *
     * @param taskArn the action's target, as the policy gave it (validated here)
     */
    public ActionWork work(Finding finding, String taskArn) {
        return progress -> new Run(finding, taskArn, progress).execute();
    }

    /** One delivery's work on one task; every step is written to the ledger through {@link #progress}. */
    private final class Run {
        private final Finding finding;
        private final String target;
        private final ActionProgress progress;
        private EcsTasks ecs;

        Run(Finding finding, String target, ActionProgress progress) {
            this.finding = finding;
            this.target = target;
            this.progress = progress;
        }

        WorkResult execute() {
            Optional<TaskArn> parsed = TaskArn.parse(target);
            if (parsed.isEmpty()) {
                return WorkResult.refused("stop task refused: " + TaskArn.problem(target));
            }
            TaskArn arn = parsed.get();
            String placement = placementProblem(arn);
            if (placement != null) {
                return WorkResult.refused("stop of task " + arn + " refused: " + placement);
            }
            ClusterChoice cluster = cluster(arn);
            if (cluster.problem() != null) {
                return WorkResult.refused("stop of task " + arn + " refused: " + cluster.problem());
            }
            ResourceLocation where = arn.location();
            Reach<EcsTasks> reach = ecsIn.at(where, finding.id());
            if (!reach.reached()) {
                return WorkResult.refused("stop of task " + arn + " refused: " + where + " cannot be reached: "
                        + reach.refusal());
            }
            ecs = reach.value();
            progress.addArtifacts(ActedIn.artifacts(where));
            TaskEvidence evidence;
            if (progress.isCompleted(EVIDENCE_RECORDED)) {
                evidence = readEvidence();
            } else {
                Lookup<TaskSnapshot> task = ecs.describeTask(cluster.name(), arn.value());
                if (task.status() == LookupStatus.MISSING) {
                    progress.addArtifact(TASK_STATUS, "MISSING");
                    return WorkResult.done("task " + arn + " was not stopped: it no longer exists ("
                            + task.reason() + ")");
                }
                if (task.status() == LookupStatus.UNREADABLE) {
                    return WorkResult.refused("stop of task " + arn + " refused: its tags could not be read, so "
                            + "the protection guard cannot decide (" + task.reason() + ")");
                }
                String refusal = protection("task " + arn, task.value().tags());
                if (refusal != null) {
                    return WorkResult.refused("stop of task " + arn + " refused: " + refusal);
                }
                ServiceRead service = readService(cluster.name(), task.value());
                if (service.refusal() != null) {
                    return WorkResult.refused("stop of task " + arn + " refused: " + service.refusal());
                }
                evidence = new TaskEvidence(clock.instant().toString(), task.value(), service.snapshot(),
                        service.problem());
                recordEvidence(cluster.name(), evidence);
                if (evidence.task().stoppedOrStopping()) {
                    progress.addArtifact(TASK_STATUS, "ALREADY_STOPPED");
                    return WorkResult.done("task " + arn + " already stopped (ECS status "
                            + evidence.task().lastStatus() + stoppedBecause(evidence.task())
                            + "); evidence recorded in the ledger");
                }
            }
            ServiceStep serviceStep = applyServiceResponse(cluster.name(), evidence);
            if (!progress.isCompleted(TASK_STOPPED)) {
                Change stopped = ecs.stopTask(cluster.name(), arn.value(), stopReason(finding.id(),
                        progress.entry().ledgerId()));
                if (stopped.status() == ChangeStatus.MISSING) {
                    progress.addArtifact(TASK_STATUS, "MISSING");
                    return WorkResult.done("task " + arn + " disappeared before it could be stopped ("
                            + stopped.reason() + ")" + serviceClause(evidence, serviceStep));
                }
                if (stopped.status() == ChangeStatus.FAILED) {
                    return WorkResult.failed("task " + arn + " could not be stopped: " + stopped.reason()
                            + serviceClause(evidence, serviceStep));
                }
                progress.addArtifact(TASK_STATUS, "STOPPED_BY_RESPONDER");
                progress.completeStep(TASK_STOPPED);
            }
            return WorkResult.done("stopped task " + arn + " (task definition "
                    + evidence.task().taskDefinitionArn() + "; evidence in the ledger)"
                    + serviceClause(evidence, serviceStep));
        }

        private void recordEvidence(String cluster, TaskEvidence evidence) {
            progress.recordPreState(json(evidence));
            progress.addArtifact(CLUSTER, cluster);
            progress.addArtifact(TASK_DEFINITION, evidence.task().taskDefinitionArn());
            if (evidence.task().serviceName() != null) {
                progress.addArtifact(SERVICE, evidence.task().serviceName());
            }
            progress.completeStep(EVIDENCE_RECORDED);
        }

        /** Applies the configured service response, resuming after its recorded steps. */
        private ServiceStep applyServiceResponse(String cluster, TaskEvidence evidence) {
            ServiceSnapshot service = evidence.service();
            if (service == null) {
                return ServiceStep.NONE;
            }
            if (progress.isCompleted(SERVICE_SCALED_TO_ZERO)) {
                return ServiceStep.SCALED;
            }
            if (settings.serviceResponse() != ServiceResponse.SCALE_TO_ZERO) {
                return ServiceStep.NONE;
            }
            if (!progress.isCompleted(SERVICE_COUNT_RECORDED)) {
                if (service.desiredCount() == 0) {
                    return ServiceStep.ALREADY_ZERO;
                }
                progress.addArtifact(PREVIOUS_DESIRED_COUNT, Integer.toString(service.desiredCount()));
                progress.completeStep(SERVICE_COUNT_RECORDED);
            }
            Change scaled = ecs.setDesiredCount(cluster, service.serviceName(), 0);
            if (scaled.status() != ChangeStatus.DONE) {
                progress.addArtifact(SERVICE_RESPONSE_PROBLEM, scaled.reason());
                return ServiceStep.SCALE_FAILED;
            }
            progress.completeStep(SERVICE_SCALED_TO_ZERO);
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
            Map<String, String> artifacts = progress.entry().artifacts();
            return switch (step) {
                case NONE -> "; it belongs to service " + name + ": the scheduler will start a replacement from "
                        + replacementDefinition(evidence);
                case ALREADY_ZERO -> "; its service " + name + " already has desired count 0: no replacement "
                        + "will start";
                case SCALED -> "; service " + name + " scaled from " + artifacts.get(PREVIOUS_DESIRED_COUNT)
                        + " to 0 so that no replacement starts (release restores "
                        + artifacts.get(PREVIOUS_DESIRED_COUNT) + ")";
                case SCALE_FAILED -> "; service " + name + " could not be scaled to 0 ("
                        + artifacts.get(SERVICE_RESPONSE_PROBLEM) + "): the scheduler will start a replacement from "
                        + replacementDefinition(evidence);
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
            String json = progress.preState().orElseThrow(() -> new IllegalStateException("ledger record "
                    + progress.entry().ledgerId() + " says its evidence was recorded but holds none"));
            try {
                return mapper.readValue(json, TaskEvidence.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("ledger record " + progress.entry().ledgerId() + " holds task "
                        + "evidence that cannot be read back: " + e.getOriginalMessage(), e);
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

    private static String stoppedBecause(TaskSnapshot task) {
        String reason = task.stoppedReason();
        return reason == null || reason.isBlank() ? "" : ", stopped because: " + reason;
    }

    private enum ServiceStep { NONE, ALREADY_ZERO, SCALED, SCALE_FAILED }

    private record ClusterChoice(String name, String problem) {
    }

    private record ServiceRead(ServiceSnapshot snapshot, String problem, String refusal) {
    }
}
