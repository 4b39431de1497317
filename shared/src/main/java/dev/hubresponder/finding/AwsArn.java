package dev.hubresponder.finding;

import java.util.regex.Pattern;

/**
 * An ARN split into its parts, and what containment reads from one: the instance id of an EC2 instance ARN, the
 * cluster of an ECS task ARN, the id of a Security Hub custom action target.
 *
 * @param partition {@code aws}, {@code aws-cn}, {@code aws-us-gov}
 * @param service   {@code ec2}, {@code ecs}, {@code securityhub}, …
 * @param region    may be empty (global resources)
 * @param account   may be empty
 * @param resource  everything after the account, e.g. {@code instance/i-0a1b2c3d4e5f60718}
 */
public record AwsArn(String partition, String service, String region, String account, String resource) {

    private static final Pattern INSTANCE_ID = Pattern.compile("i-(?:[0-9a-f]{8}|[0-9a-f]{17})");
    private static final String CUSTOM_ACTION_PREFIX = "action/custom/";

    /** Parses {@code arn:partition:service:region:account:resource}; null when the text is not an ARN. */
    public static AwsArn parse(String text) {
        if (text == null || !text.startsWith("arn:")) {
            return null;
        }
        int[] colons = new int[5];
        int from = 0;
        for (int i = 0; i < colons.length; i++) {
            colons[i] = text.indexOf(':', from);
            if (colons[i] < 0) {
                return null;
            }
            from = colons[i] + 1;
        }
        if (colons[1] == colons[0] + 1 || colons[2] == colons[1] + 1 || colons[4] == text.length() - 1) {
            return null;
        }
        return new AwsArn(text.substring(colons[0] + 1, colons[1]), text.substring(colons[1] + 1, colons[2]),
                text.substring(colons[2] + 1, colons[3]), text.substring(colons[3] + 1, colons[4]),
                text.substring(colons[4] + 1));
    }

    /** The instance id of an EC2 instance ARN ({@code …:instance/i-…}), or null. */
    String instanceId() {
        if (!"ec2".equals(service) || !resource.startsWith("instance/")) {
            return null;
        }
        String id = resource.substring("instance/".length());
        return INSTANCE_ID.matcher(id).matches() ? id : null;
    }

    /** True for an ECS task ARN, in the long ({@code task/<cluster>/<id>}) or the old ({@code task/<id>}) form. */
    boolean isEcsTask() {
        return "ecs".equals(service) && resource.startsWith("task/") && resource.length() > "task/".length();
    }

    /** True for an ECS cluster ARN ({@code …:cluster/<name>}). */
    boolean isEcsCluster() {
        return "ecs".equals(service) && resource.startsWith("cluster/") && resource.length() > "cluster/".length();
    }

    /**
     * The cluster ARN a long-form task ARN names ({@code arn:aws:ecs:region:acct:task/<cluster>/<taskid>}); null for
     * other ARNs and for old-form task ARNs, which do not name their cluster.
     */
    String ecsClusterArnOfTask() {
        if (!isEcsTask()) {
            return null;
        }
        String rest = resource.substring("task/".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            return null;
        }
        return "arn:" + partition + ":ecs:" + region + ":" + account + ":cluster/" + rest.substring(0, slash);
    }

    /** The action target id of a Security Hub custom action ARN ({@code …:action/custom/<id>}), or null. */
    String customActionId() {
        if (!"securityhub".equals(service) || !resource.startsWith(CUSTOM_ACTION_PREFIX)) {
            return null;
        }
        String id = resource.substring(CUSTOM_ACTION_PREFIX.length());
        return id.isEmpty() || id.indexOf('/') >= 0 ? null : id;
    }
}
