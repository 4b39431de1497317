package dev.hubresponder.containment.ecs;

/**
 * The ECS calls task containment makes: the port that {@code dev.hubresponder.aws.ecs.SdkEcsTasks} implements.
 *
 * <p>Every method answers with an explicit outcome. Only a failure worth retrying (throttling, a 5xx, the network)
 * is thrown, as {@link EcsUnavailableException}, so that Lambda retries the delivery and the ledger's completed
 * steps let it resume.
 */
public interface EcsTasks {

    /** {@code DescribeTasks} with tags. {@code cluster} is a cluster name or ARN. */
    Lookup<TaskSnapshot> describeTask(String cluster, String taskArn);

    /** {@code DescribeServices} with tags. */
    Lookup<ServiceSnapshot> describeService(String cluster, String serviceName);

    /** {@code StopTask} with a reason (at most 255 characters). */
    Change stopTask(String cluster, String taskArn, String reason);

    /** {@code UpdateService} of the desired count only. */
    Change setDesiredCount(String cluster, String serviceName, int desiredCount);

    /** Whether a read found the resource, found that it does not exist, or could not tell. */
    enum LookupStatus {
        FOUND,
        /** ECS answered that it does not exist (or no longer does). */
        MISSING,
        /** ECS refused or failed to say (access denied, invalid request): guards must not act on a guess. */
        UNREADABLE
    }

    /**
     * The answer to a read.
     *
     * @param status what ECS said
     * @param value  the resource when found, else null
     * @param reason why it is missing or unreadable, else null
     */
    record Lookup<T>(LookupStatus status, T value, String reason) {
        public static <T> Lookup<T> found(T value) {
            return new Lookup<>(LookupStatus.FOUND, value, null);
        }

        public static <T> Lookup<T> missing(String reason) {
            return new Lookup<>(LookupStatus.MISSING, null, reason);
        }

        public static <T> Lookup<T> unreadable(String reason) {
            return new Lookup<>(LookupStatus.UNREADABLE, null, reason);
        }
    }

    /** What a change did. */
    enum ChangeStatus {
        DONE,
        /** The resource no longer exists. */
        MISSING,
        /** ECS refused the change for good (access denied, invalid request); retrying would not help. */
        FAILED
    }

    /**
     * The answer to a change.
     *
     * @param status what happened
     * @param reason why it is missing or failed, else null
     */
    record Change(ChangeStatus status, String reason) {
        public static Change done() {
            return new Change(ChangeStatus.DONE, null);
        }

        public static Change missing(String reason) {
            return new Change(ChangeStatus.MISSING, reason);
        }

        public static Change failed(String reason) {
            return new Change(ChangeStatus.FAILED, reason);
        }
    }
}
