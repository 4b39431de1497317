package dev.hubresponder.containment.ecs;

import dev.hubresponder.finding.ResourceLocation;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A validated ECS task ARN. Both formats are accepted: the current one that names the cluster
 * ({@code arn:aws:ecs:<region>:<account>:task/<cluster>/<id>}) and the old one that does not
 * ({@code arn:aws:ecs:<region>:<account>:task/<id>}), in which case the cluster must come from the finding.
 *
 * <p>A target that does not parse is never sent to ECS: stopping is refused with {@link #problem(String)}'s reason.
 *
 * @param value       the ARN as given
 * @param partition   {@code aws}, {@code aws-cn}, {@code aws-us-gov}, …
 * @param region      the task's region
 * @param accountId   the task's account
 * @param clusterName the cluster name for current-format ARNs, else null
 * @param taskId      the task id (32 hex digits on AWS, a UUID on old ARNs and on emulators)
 */
public record TaskArn(String value, String partition, String region, String accountId, String clusterName,
                      String taskId) {

    private static final Pattern ARN = Pattern.compile(
            "arn:(aws[a-z-]*):ecs:([a-z]{2}(?:-[a-z]+)+-\\d):(\\d{12}):task/(?:([A-Za-z0-9_-]{1,255})/)?"
                    + "([0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");

    /** Parses a task ARN; empty when it is not one. */
    public static Optional<TaskArn> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = ARN.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new TaskArn(text, m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)));
    }

    /** Why a target is not a task ARN, in words for the ledger; call only when {@link #parse} gave nothing. */
    public static String problem(String text) {
        if (text == null || text.isBlank()) {
            return "no task ARN given";
        }
        if (!text.startsWith("arn:")) {
            return "'" + abbreviate(text) + "' is not an ARN";
        }
        if (!text.contains(":ecs:") || !text.contains(":task/")) {
            return "'" + abbreviate(text) + "' is not an ECS task ARN (arn:aws:ecs:<region>:<account>:task/…)";
        }
        return "'" + abbreviate(text) + "' is not a well-formed ECS task ARN "
                + "(expected arn:<partition>:ecs:<region>:<12-digit account>:task/[<cluster>/]<task id>)";
    }

    /** The account and Region the task runs in. */
    public ResourceLocation location() {
        return new ResourceLocation(partition, accountId, region);
    }

    /** The cluster as ECS calls accept it: its name, when the ARN names it. */
    public Optional<String> cluster() {
        return Optional.ofNullable(clusterName);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    @Override
    public String toString() {
        return value;
    }
}
