package dev.hubresponder.aws.ecs;

import dev.hubresponder.containment.Change;
import dev.hubresponder.containment.Lookup;
import dev.hubresponder.containment.ecs.EcsTasks;
import dev.hubresponder.containment.ecs.EcsUnavailableException;
import dev.hubresponder.containment.ecs.ServiceSnapshot;
import dev.hubresponder.containment.ecs.TaskSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Attachment;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.ServiceNotActiveException;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskField;

/**
 * {@link EcsTasks} over the AWS SDK's ECS client. Throttling, 5xx answers and network failures (after the SDK's own
 * retries) become {@link EcsUnavailableException}; everything else ECS answers becomes an outcome.
 */
public final class SdkEcsTasks implements EcsTasks {
    private static final String ENI_ATTACHMENT = "ElasticNetworkInterface";

    private final EcsClient ecs;

    public SdkEcsTasks(EcsClient ecs) {
        this.ecs = Objects.requireNonNull(ecs, "ecs");
    }

    @Override
    public Lookup<TaskSnapshot> describeTask(String cluster, String taskArn) {
        DescribeTasksResponse response;
        try {
            response = ecs.describeTasks(r -> r.cluster(cluster).tasks(taskArn).include(TaskField.TAGS));
        } catch (ClusterNotFoundException e) {
            return Lookup.missing("cluster " + cluster + " does not exist");
        } catch (AwsServiceException e) {
            throwIfRetryable(e, "DescribeTasks of " + taskArn);
            return Lookup.unreadable("DescribeTasks of " + taskArn + " failed: " + describe(e));
        } catch (SdkClientException e) {
            throw unavailable("DescribeTasks of " + taskArn, e);
        }
        Optional<Task> task = response.tasks().stream().filter(t -> sameTask(t.taskArn(), taskArn)).findFirst();
        if (task.isPresent()) {
            return Lookup.found(snapshot(task.get()));
        }
        return Lookup.missing(response.failures().stream()
                .filter(f -> f.arn() == null || sameTask(f.arn(), taskArn))
                .findFirst()
                .map(f -> "ECS reports task " + taskArn + " as " + failure(f))
                .orElse("task " + taskArn + " is not in cluster " + cluster
                        + " (ECS forgets stopped tasks about an hour after they stop)"));
    }

    @Override
    public Lookup<ServiceSnapshot> describeService(String cluster, String serviceName) {
        DescribeServicesResponse response;
        try {
            response = ecs.describeServices(r -> r.cluster(cluster).services(serviceName)
                    .include(ServiceField.TAGS));
        } catch (ClusterNotFoundException e) {
            return Lookup.missing("cluster " + cluster + " does not exist");
        } catch (AwsServiceException e) {
            throwIfRetryable(e, "DescribeServices of " + serviceName);
            return Lookup.unreadable("DescribeServices of " + serviceName + " failed: " + describe(e));
        } catch (SdkClientException e) {
            throw unavailable("DescribeServices of " + serviceName, e);
        }
        Optional<Service> service = response.services().stream()
                .filter(s -> serviceName.equals(s.serviceName()) || serviceName.equals(s.serviceArn()))
                .findFirst();
        if (service.isPresent()) {
            return Lookup.found(snapshot(service.get()));
        }
        if (response.failures().isEmpty()) {
            return Lookup.unreadable("DescribeServices of " + serviceName + " returned neither the service nor a "
                    + "failure");
        }
        Failure failure = response.failures().get(0);
        if ("MISSING".equals(failure.reason())) {
            return Lookup.missing("service " + serviceName + " does not exist in cluster " + cluster);
        }
        return Lookup.unreadable("DescribeServices of " + serviceName + " failed: " + failure(failure));
    }

    @Override
    public Change stopTask(String cluster, String taskArn, String reason) {
        try {
            ecs.stopTask(r -> r.cluster(cluster).task(taskArn).reason(reason));
            return Change.done();
        } catch (ClusterNotFoundException e) {
            return Change.missing("cluster " + cluster + " does not exist");
        } catch (AwsServiceException e) {
            throwIfRetryable(e, "StopTask of " + taskArn);
            if (isTaskNotFound(e)) {
                return Change.missing("task " + taskArn + " no longer exists: " + describe(e));
            }
            return Change.failed("StopTask of " + taskArn + " failed: " + describe(e));
        } catch (SdkClientException e) {
            throw unavailable("StopTask of " + taskArn, e);
        }
    }

    @Override
    public Change setDesiredCount(String cluster, String serviceName, int desiredCount) {
        try {
            ecs.updateService(r -> r.cluster(cluster).service(serviceName).desiredCount(desiredCount));
            return Change.done();
        } catch (ClusterNotFoundException | ServiceNotFoundException | ServiceNotActiveException e) {
            return Change.missing("service " + serviceName + " in cluster " + cluster + " is gone or inactive: "
                    + describe(e));
        } catch (AwsServiceException e) {
            throwIfRetryable(e, "UpdateService of " + serviceName);
            return Change.failed("UpdateService of " + serviceName + " to desired count " + desiredCount
                    + " failed: " + describe(e));
        } catch (SdkClientException e) {
            throw unavailable("UpdateService of " + serviceName, e);
        }
    }

    private static TaskSnapshot snapshot(Task task) {
        List<TaskSnapshot.ContainerImage> containers = task.containers().stream()
                .map(SdkEcsTasks::container)
                .toList();
        List<TaskSnapshot.NetworkAttachment> enis = task.attachments().stream()
                .filter(a -> ENI_ATTACHMENT.equals(a.type()))
                .map(SdkEcsTasks::networkAttachment)
                .toList();
        return new TaskSnapshot(task.taskArn(), task.clusterArn(), task.taskDefinitionArn(), task.lastStatus(),
                task.desiredStatus(), task.launchTypeAsString(), task.capacityProviderName(),
                task.platformVersion(), task.containerInstanceArn(), task.availabilityZone(), task.group(),
                task.startedBy(), task.startedAt() == null ? null : task.startedAt().toString(),
                task.stoppedReason(), tags(task.tags()), containers, enis);
    }

    private static TaskSnapshot.ContainerImage container(Container c) {
        return new TaskSnapshot.ContainerImage(c.name(), c.image(), c.imageDigest(), c.runtimeId(), c.lastStatus());
    }

    private static TaskSnapshot.NetworkAttachment networkAttachment(Attachment attachment) {
        Map<String, String> details = new LinkedHashMap<>();
        for (KeyValuePair pair : attachment.details()) {
            details.put(pair.name(), pair.value());
        }
        return new TaskSnapshot.NetworkAttachment(details.get("networkInterfaceId"),
                details.get("privateIPv4Address"), details.get("subnetId"), details.get("macAddress"));
    }

    private static ServiceSnapshot snapshot(Service service) {
        return new ServiceSnapshot(service.serviceArn(), service.serviceName(), service.status(),
                service.desiredCount() == null ? 0 : service.desiredCount(),
                service.runningCount() == null ? 0 : service.runningCount(), service.taskDefinition(),
                tags(service.tags()));
    }

    private static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> result = new LinkedHashMap<>();
        for (Tag tag : tags) {
            if (tag.key() != null) {
                result.put(tag.key(), tag.value() == null ? "" : tag.value());
            }
        }
        return result;
    }

    private static boolean sameTask(String found, String wanted) {
        if (found == null) {
            return false;
        }
        String wantedId = wanted.substring(wanted.lastIndexOf('/') + 1);
        return found.equals(wanted) || found.endsWith("/" + wantedId);
    }

    private static boolean isTaskNotFound(AwsServiceException e) {
        String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return message != null && message.toLowerCase(java.util.Locale.ROOT).contains("not found");
    }

    private static void throwIfRetryable(AwsServiceException e, String call) {
        if (e.isThrottlingException() || e.statusCode() >= 500) {
            throw unavailable(call, e);
        }
    }

    private static EcsUnavailableException unavailable(String call, RuntimeException e) {
        return new EcsUnavailableException(call + " did not complete, worth retrying: " + e.getMessage(), e);
    }

    private static String failure(Failure failure) {
        return failure.reason() + (failure.detail() == null ? "" : " (" + failure.detail() + ")");
    }

    private static String describe(AwsServiceException e) {
        if (e.awsErrorDetails() == null) {
            return e.getMessage();
        }
        return e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
    }
}
