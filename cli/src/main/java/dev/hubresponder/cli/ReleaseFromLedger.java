package dev.hubresponder.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubresponder.address.AddressPolicy;
import dev.hubresponder.address.AddressVerdict;
import dev.hubresponder.block.BlockHoldings;
import dev.hubresponder.config.ResponderConfig.CustomActionKind;
import dev.hubresponder.ledger.ActedIn;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.ResponseAction;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code ./responder release} and {@code ./responder unblock}: turns what the ledger holds about a contained target
 * into the Security Hub custom action event an analyst's click would have sent for that finding (release or
 * unblock), for the function that contained it. The function then does the undoing, with its own guards, exactly as
 * in AWS; this class only finds the finding.
 *
 * <p>The finding's account and Region, and those of an instance's ARN, are where the record says the containment
 * acted ({@link ActedIn}): a member account's instance is released in that account and Region.
 *
 * <p>The record used is the newest {@link LedgerState#DONE} containment of the target. A target with no
 * containment record, or whose containments are all released, refused or failed, is refused with that reason.
 */
final class ReleaseFromLedger {
    /** What to run: the function, the event, and the record it was built from. */
    record Request(String functionLogicalId, ObjectNode event, LedgerEntry record) {
    }

    /** The ledger cannot name a finding to release: the message says why. */
    static final class NothingToReleaseException extends Exception {
        NothingToReleaseException(String message) {
            super(message);
        }
    }

    private static final String SCHEMA_VERSION = "2018-10-08";

    private final ActionLedger ledger;
    private final String tableName;
    private final Map<String, CustomActionKind> customActions;
    private final String region;
    private final ObjectMapper mapper;
    private final Clock clock;

    /**
     * @param customActions the functions' {@code RESPONDER_CUSTOM_ACTIONS}: which action target id releases and
     *                      which unblocks
     */
    ReleaseFromLedger(ActionLedger ledger, String tableName, Map<String, CustomActionKind> customActions,
                      String region, ObjectMapper mapper, Clock clock) {
        this.ledger = ledger;
        this.tableName = tableName;
        this.customActions = customActions;
        this.region = region;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * The release of a quarantined instance ({@code i-…}), of a stopped task (its ARN), or of revoked credentials:
     * an IAM user's access key id ({@code AKIA…}) or a role's ARN (its path, if any, is ignored).
     */
    Request release(String target) throws NothingToReleaseException {
        String trimmed = target.trim();
        if (trimmed.matches("AKIA[A-Z0-9]{12,124}") || trimmed.matches("arn:[a-z-]+:iam::\\d{12}:role/.+")) {
            return releaseCredentials(trimmed);
        }
        boolean instance = trimmed.matches("i-[0-9a-f]{8,17}");
        boolean task = trimmed.startsWith("arn:") && trimmed.contains(":task/");
        if (!instance && !task) {
            throw new NothingToReleaseException("'" + target + "' is neither an instance id (i-…), an ECS task"
                    + " ARN (arn:aws:ecs:<region>:<account>:task/<cluster>/<id>), an IAM user's access key id"
                    + " (AKIA…) nor a role ARN (arn:aws:iam::<account>:role/<name>)");
        }
        ResponseAction containment = instance ? ResponseAction.QUARANTINE_INSTANCE : ResponseAction.STOP_TASK;
        LedgerEntry record = latestDone(trimmed, containment, instance ? "quarantine" : "task stop");
        ObjectNode resource = mapper.createObjectNode();
        if (instance) {
            resource.put("Type", "AwsEc2Instance");
            resource.put("Id", "arn:aws:ec2:" + regionOf(record) + ":" + ActedIn.account(record) + ":instance/"
                    + trimmed);
            resource.putObject("Details").putObject("AwsEc2Instance");
        } else {
            resource.put("Type", "AwsEcsTask");
            resource.put("Id", trimmed);
            resource.putObject("Details").putObject("AwsEcsTask").put("ClusterArn", clusterOf(trimmed));
        }
        resource.put("Region", regionOf(record));
        resource.put("Partition", "aws");
        ObjectNode event = event(CustomActionKind.RELEASE, record, "Release from the ledger",
                "Restore what " + record.ledgerId() + " recorded before containing " + trimmed + ".");
        finding(event).putArray("Resources").add(resource);
        return new Request(instance ? "QuarantineInstanceFunction" : "StopTaskFunction", event, record);
    }

    /**
     * The release of revoked credentials: the access key or role is named as an IAM finding names it, so that the
     * policy plans {@code RELEASE_CREDENTIALS} of the same target the revocation was recorded under.
     */
    private Request releaseCredentials(String keyOrRoleArn) throws NothingToReleaseException {
        boolean key = keyOrRoleArn.startsWith("AKIA");
        String target = key ? keyOrRoleArn : withoutPath(keyOrRoleArn);
        LedgerEntry record = latestDone(target, ResponseAction.REVOKE_CREDENTIALS, "revocation");
        ObjectNode resource = mapper.createObjectNode();
        if (key) {
            String user = userOf(record);
            resource.put("Type", "AwsIamAccessKey");
            resource.put("Id", "AWS::IAM::AccessKey:" + target);
            resource.putObject("Details").putObject("AwsIamAccessKey").put("AccessKeyId", target)
                    .put("PrincipalType", "IAMUser").put("PrincipalName", user);
        } else {
            resource.put("Type", "AwsIamRole");
            resource.put("Id", target);
        }
        resource.put("Region", regionOf(record));
        resource.put("Partition", "aws");
        ObjectNode event = event(CustomActionKind.RELEASE, record, "Release from the ledger",
                "Undo what " + record.ledgerId() + " revoked for " + target + ".");
        finding(event).putArray("Resources").add(resource);
        return new Request("RevokeCredentialsFunction", event, record);
    }

    /** {@code arn:aws:iam::<account>:role/<path>/<name>} as the ledger records it: without the path. */
    private static String withoutPath(String roleArn) {
        int role = roleArn.indexOf(":role/");
        return roleArn.substring(0, role + ":role/".length()) + roleArn.substring(roleArn.lastIndexOf('/') + 1);
    }

    /** The user whose key a revocation record deactivated, from the evidence it recorded. */
    private String userOf(LedgerEntry record) throws NothingToReleaseException {
        try {
            String user = mapper.readTree(record.preState() == null ? "{}" : record.preState()).path("user")
                    .path("userName").asText("");
            if (!user.isBlank()) {
                return user;
            }
        } catch (java.io.IOException e) {
            throw new NothingToReleaseException("the evidence in " + record.ledgerId() + " cannot be read: "
                    + e.getMessage());
        }
        throw new NothingToReleaseException("the revocation record " + record.ledgerId() + " names no IAM user");
    }

    /** The unblock of an address the responder blocked ({@code 203.0.113.9}, {@code …/32}, IPv6 alike). */
    Request unblock(String address) throws NothingToReleaseException {
        AddressVerdict verdict = new AddressPolicy(List.of()).evaluate(address.trim());
        if (!verdict.isBlockable()) {
            throw new NothingToReleaseException("'" + address + "' is never blocked, so there is nothing to unblock: "
                    + verdict.refusal());
        }
        String host = verdict.host();
        LedgerEntry record = latestDone(host, ResponseAction.BLOCK_ADDRESS, "block");
        String bare = host.substring(0, host.indexOf('/'));
        ObjectNode event = event(CustomActionKind.UNBLOCK, record, "Unblock from the ledger",
                "Remove " + host + ", which " + record.ledgerId() + " added, from the WAF block set.");
        ObjectNode remote = finding(event).putObject("Action").put("ActionType", "NETWORK_CONNECTION")
                .putObject("NetworkConnectionAction").put("ConnectionDirection", "INBOUND")
                .putObject("RemoteIpDetails");
        remote.put(bare.contains(":") ? "IpAddressV6" : "IpAddressV4", bare);
        finding(event).putArray("Resources");
        return new Request("BlockAddressesFunction", event, record);
    }

    private LedgerEntry latestDone(String target, ResponseAction action, String what)
            throws NothingToReleaseException {
        List<LedgerEntry> records = ledger.findByTarget(target).stream()
                .filter(e -> e.key().action() == action)
                .filter(e -> !BlockHoldings.isHolding(e))
                .toList();
        if (records.isEmpty()) {
            throw new NothingToReleaseException("no " + what + " of " + target + " in the ledger (table "
                    + tableName + "): the responder never contained it, or the ledger is another one (set"
                    + " LEDGER_TABLE)");
        }
        Optional<LedgerEntry> done = records.stream().filter(e -> e.state() == LedgerState.DONE).findFirst();
        if (done.isEmpty()) {
            LedgerEntry newest = records.get(0);
            throw new NothingToReleaseException("no " + what + " of " + target + " is in force: the newest record, "
                    + newest.ledgerId() + " for finding " + newest.key().findingId() + ", is " + newest.state()
                    + (newest.reason() == null ? "" : " (" + newest.reason() + ")"));
        }
        LedgerEntry record = done.get();
        if (record.productArn() == null || record.accountId() == null) {
            throw new NothingToReleaseException("the " + what + " record " + record.ledgerId() + " of " + target
                    + " names no product ARN or account, so no finding can be addressed");
        }
        return record;
    }

    private ObjectNode event(CustomActionKind kind, LedgerEntry record, String name, String description)
            throws NothingToReleaseException {
        String actionId = customActions.entrySet().stream().filter(e -> e.getValue() == kind)
                .map(Map.Entry::getKey).sorted().findFirst()
                .orElseThrow(() -> new NothingToReleaseException("RESPONDER_CUSTOM_ACTIONS maps no action target to "
                        + kind + ", so the function would not act on a release"));
        String findingRegion = regionOf(record);
        Instant now = clock.instant();
        ObjectNode event = mapper.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Security Hub Findings - Custom Action");
        event.put("source", "aws.securityhub");
        event.put("account", ActedIn.account(record));
        event.put("time", now.toString());
        event.put("region", findingRegion);
        event.putArray("resources").add("arn:aws:securityhub:" + findingRegion + ":" + ActedIn.account(record)
                + ":action/custom/" + actionId);
        ObjectNode detail = event.putObject("detail");
        detail.put("actionName", name);
        detail.put("actionDescription", description);
        ObjectNode finding = detail.putArray("findings").addObject();
        finding.put("SchemaVersion", SCHEMA_VERSION);
        finding.put("Id", record.key().findingId());
        finding.put("ProductArn", record.productArn());
        finding.put("GeneratorId", "hub-responder-cli");
        finding.put("AwsAccountId", ActedIn.account(record));
        finding.put("Region", findingRegion);
        finding.putArray("Types");
        finding.put("CreatedAt", record.createdAt() == null ? now.toString() : record.createdAt().toString());
        finding.put("UpdatedAt", now.toString());
        finding.putObject("Severity").put("Label", record.severity() == null ? "INFORMATIONAL" : record.severity());
        finding.put("Title", name + ": " + record.key().target());
        finding.put("Description", description);
        finding.put("RecordState", "ACTIVE");
        finding.putObject("Workflow").put("Status", "NOTIFIED");
        return event;
    }

    private static ObjectNode finding(ObjectNode event) {
        return (ObjectNode) event.path("detail").path("findings").get(0);
    }

    /** Where the containment acted, as its record says; older records: the product ARN's Region. */
    private String regionOf(LedgerEntry record) {
        String actedIn = ActedIn.region(record);
        if (actedIn != null) {
            return actedIn;
        }
        String[] parts = record.productArn().split(":", 6);
        return parts.length == 6 && !parts[3].isBlank() ? parts[3] : region;
    }

    private static String clusterOf(String taskArn) {
        String[] parts = taskArn.split(":", 6);
        String[] path = parts[5].split("/");
        return parts[0] + ":" + parts[1] + ":" + parts[2] + ":" + parts[3] + ":" + parts[4] + ":cluster/"
                + (path.length == 3 ? path[1] : "default");
    }
}
