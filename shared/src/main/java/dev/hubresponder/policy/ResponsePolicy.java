package dev.hubresponder.policy;

import dev.hubresponder.address.AddressPolicy;
import dev.hubresponder.address.AddressVerdict;
import dev.hubresponder.config.ResponderConfig.CustomActionKind;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.containment.ecs.TaskArn;
import dev.hubresponder.finding.CredentialDetails;
import dev.hubresponder.finding.CustomAction;
import dev.hubresponder.finding.Direction;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.FindingSchema;
import dev.hubresponder.finding.RemoteAddress;
import dev.hubresponder.finding.Resource;
import dev.hubresponder.finding.ResourceRole;
import dev.hubresponder.finding.Severity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what to do about one finding: routing by severity tier and by what the finding says (producer, type,
 * the resource's role), then the guards, which turn actions into refusals with reasons. Pure: no I/O, no clock.
 *
 * <p>The rules, in order:
 * <ol>
 *   <li>Archived findings, findings whose workflow is past NEW, and findings carrying the responder's own marks get
 *       nothing, so that the responder's write-backs (which re-emit the finding) never loop.</li>
 *   <li>Containment only for threat findings ({@code TTPs/}, {@code Effects/}, {@code Unusual Behaviors/}) in a
 *       containment tier, on AWS resources (ARN ids). Vulnerability and posture findings never contain.</li>
 *   <li>ACTOR: contain the resource (instance → quarantine, task → stop), block its outbound public peers.
 *       TARGET: block the public attackers, never quarantine the victim. Role not stated: no containment.</li>
 *   <li>Whatever the role, credentials the finding names ({@code AwsIamAccessKey}: GuardDuty's IAM findings call
 *       the key the TARGET) are revoked: the attacker holds them. Never the account root, nor a service-linked
 *       role.</li>
 *   <li>OCSF findings ({@code Findings Imported V2}) are never contained: no containment function receives them.
 *       Security Hub publishes the ASFF form of the same finding, which is.</li>
 *   <li>Ticket, alert and digest by tier.</li>
 *   <li>Custom actions do what they name for every finding, at any severity, still guarded.</li>
 * </ol>
 * Guards (fail closed): kill switch, trusted producer, where the resource is ({@link LocationGuard}: its ARN's
 * account and Region agree with the finding's and are allowed), protection tag, address validity and never-block
 * ranges. Shadow mode marks actions "would have".
 */
public final class ResponsePolicy {
    private static final String EC2_INSTANCE = "AwsEc2Instance";
    private static final Set<String> ECS_TASK_TYPES = Set.of("AwsEcsTask", "AwsEcsContainer");
    private static final int MAX_ID_IN_REFUSAL = 256;

    private final ResponderConfig config;
    private final TrustPolicy trust;
    private final AddressPolicy addresses;
    private final LocationGuard locations;

    public ResponsePolicy(ResponderConfig config) {
        this.config = config;
        this.trust = new TrustPolicy(config);
        this.addresses = new AddressPolicy(config.neverBlockCidrs());
        this.locations = new LocationGuard(config);
    }

    /** The custom action's kind, when its target id is one the responder is configured for. */
    public Optional<CustomActionKind> customActionKind(CustomAction action) {
        return Optional.ofNullable(action == null ? null : config.customActions().get(action.id()));
    }

    /**
     * @param finding      the finding
     * @param customAction the analyst's action for custom action events, null for imported findings
     */
    public Decision decide(Finding finding, CustomAction customAction) {
        if (customAction != null) {
            return decideCustomAction(finding, customAction);
        }
        Optional<String> inactive = inactive(finding);
        if (inactive.isPresent()) {
            return new Decision(finding, List.of(), List.of(), "nothing: " + inactive.get());
        }
        Optional<Playbook.Match> match = config.playbook().match(finding);
        return match.isPresent() ? decideByRule(finding, match.get().rule(), match.get().matchedType())
                : decideByTiers(finding);
    }

    /** The playbook rule's verdict, under the same guards as everything else. */
    private Decision decideByRule(Finding f, PlaybookRule rule, String matched) {
        Builder b = new Builder(f);
        String by = "playbook rule " + rule.name();
        String why = rule.why() == null ? "" : ": " + rule.why();
        String summary = rule.verdict() + " (" + by + ", " + matched + " at " + f.severity() + why + ")";
        Severity severity = f.severity();
        switch (rule.verdict()) {
            case CONTAIN, BLOCK -> {
                String note = planRuleContainment(b, rule, matched);
                if (note != null) {
                    summary += "; " + note;
                }
                notify(b, by + " (" + rule.verdict() + ")");
            }
            case APPROVE -> notify(b, by + ": containment waits for approval: " + approvalHint(f));
            case NOTIFY -> notify(b, by + " (NOTIFY)");
            case DIGEST -> {
                if (config.weeklyDigestSeverities().contains(severity)) {
                    b.act(ResponseAction.DIGEST_WEEKLY, null, by + ": " + severity + " goes to the weekly digest");
                } else if (config.dailyDigestSeverities().contains(severity)) {
                    b.act(ResponseAction.DIGEST_DAILY, null, by + ": " + severity + " goes to the daily digest");
                } else {
                    notify(b, by + " (DIGEST), but no digest covers " + severity + ": notified instead");
                }
            }
        }
        if (f.attackSequence() != null) {
            summary += "; " + SequenceSummary.of(f);
        }
        return b.build(summary, by);
    }

    /** Ticket and alert; a sample finding gets the alert only, so that generating samples opens no tickets. */
    private void notify(Builder b, String reason) {
        if (!b.finding.sample()) {
            b.act(ResponseAction.TICKET, null, reason);
        }
        b.act(ResponseAction.ALERT, null, b.finding.sample() ? reason + "; sample finding: alert only" : reason);
    }

    private String approvalHint(Finding f) {
        List<String> choices = new ArrayList<>(3);
        boolean instance = f.resources().stream().anyMatch(r -> r.hasArn() && r.ec2() != null
                && r.ec2().instanceId() != null);
        boolean task = f.resources().stream().anyMatch(r -> r.hasArn() && r.ecs() != null
                && r.ecs().taskArn() != null);
        if (instance || task) {
            config.customActionId(CustomActionKind.ISOLATE).ifPresent(id -> choices.add("custom action " + id
                    + " (Isolate resource) contains the " + (instance ? "instance" : "task")));
        }
        if (f.resources().stream().anyMatch(r -> r.credentials() != null)) {
            config.customActionId(CustomActionKind.REVOKE).ifPresent(id -> choices.add("custom action " + id
                    + " (Revoke credentials) deactivates the user's key or revokes the role's older sessions"));
        }
        if (!f.remoteAddresses().isEmpty()) {
            config.customActionId(CustomActionKind.BLOCK).ifPresent(id -> choices.add("custom action " + id
                    + " (Block attacker IPs) blocks its public peers"));
        }
        return choices.isEmpty() ? "the finding names nothing a custom action contains; act by hand"
                : String.join("; ", choices);
    }

    /**
     * Containment of a CONTAIN or BLOCK rule: the finding's instances and tasks (CONTAIN; never a TARGET) and the
     * credentials it names (CONTAIN, whatever the role), then the peers the rule blocks. Returns a note for the summary when nothing could be planned, else null.
     */
    private String planRuleContainment(Builder b, PlaybookRule rule, String matched) {
        Finding f = b.finding;
        if (f.schema() == FindingSchema.OCSF) {
            return "OCSF finding: ticket and alert; containment follows the ASFF event of the same finding";
        }
        String reason = "playbook rule " + rule.name() + " (" + matched + ")";
        List<Candidate> candidates = new ArrayList<>();
        List<String> notContainable = new ArrayList<>();
        if (rule.verdict() == Verdict.CONTAIN) {
            for (Resource r : f.resources()) {
                int before = candidates.size();
                if (r.credentials() != null) {
                    // GuardDuty calls the access key of an IAM finding its TARGET: the attacker holds it, so
                    // revoking it is the containment, whatever the role.
                    addResourceContainment(r, candidates, reason, null, null, ResponseAction.REVOKE_CREDENTIALS);
                } else if (f.resourceRole() == ResourceRole.TARGET) {
                    addResourceContainment(r, candidates, reason, ResponseAction.QUARANTINE_INSTANCE,
                            ResponseAction.STOP_TASK, null);
                    for (int i = before; i < candidates.size(); i++) {
                        Candidate c = candidates.get(i);
                        candidates.set(i, new Candidate(c.action, c.target, c.reason, c.resource,
                                c.target + " is the TARGET (the victim) of " + matched + ": never contained"));
                    }
                } else {
                    addResourceContainment(r, candidates, reason, ResponseAction.QUARANTINE_INSTANCE,
                            ResponseAction.STOP_TASK, null);
                }
                if (candidates.size() == before && r.type() != null && !isSameTaskAgain(r, candidates)) {
                    notContainable.add(r.type());
                }
            }
        }
        switch (rule.blockPeers()) {
            case INBOUND -> {
                addAddresses(f, EnumDirections.INBOUND_ONLY, candidates, "inbound peer, " + reason);
                if (f.resourceRole() == ResourceRole.TARGET) {
                    refuseUnknownDirection(f, candidates);
                }
            }
            case OUTBOUND -> addAddresses(f, EnumDirections.OUTBOUND_ONLY, candidates, "outbound peer, " + reason);
            case NONE -> { }
        }
        String routing = routingRefusal(f);
        String sample = f.sample() ? "sample finding (Sample: true): never contained; a real " + matched
                + " finding would be" : null;
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            String refusal = c.refusal != null ? c.refusal : sample != null ? sample : routing;
            if (refusal != c.refusal) {
                candidates.set(i, new Candidate(c.action, c.target, c.reason, c.resource, refusal));
            }
        }
        guardContainment(b, candidates);
        if (candidates.isEmpty()) {
            return notContainable.isEmpty() ? "the finding names nothing to contain or block"
                    : "nothing the responder can contain: resources " + notContainable.stream().distinct().toList()
                    + " (it contains EC2 instances, ECS tasks and IAM credentials)";
        }
        return null;
    }

    /** A container resource whose task another resource already named adds no candidate, and no complaint. */
    private static boolean isSameTaskAgain(Resource r, List<Candidate> candidates) {
        return r.ecs() != null && r.ecs().taskArn() != null
                && candidates.stream().anyMatch(c -> r.ecs().taskArn().equals(c.target));
    }

    /** Containment at a severity the template does not route to the containment functions would never run. */
    private String routingRefusal(Finding f) {
        if (config.containmentRoutingSeverities().contains(f.severity())) {
            return null;
        }
        return f.severity() + " findings do not reach the containment functions "
                + "(RESPONDER_CONTAINMENT_ROUTING_SEVERITIES " + config.containmentRoutingSeverities()
                + ", template parameter ContainmentRoutingSeverities): not contained; use the custom action";
    }

    private void refuseUnknownDirection(Finding f, List<Candidate> candidates) {
        for (RemoteAddress a : distinctAddresses(f, EnumDirections.UNKNOWN_ONLY)) {
            candidates.add(new Candidate(ResponseAction.BLOCK_ADDRESS, a.text(), "peer of the TARGET resource",
                    null, "direction of " + a.text().trim() + " unknown (from " + a.field() + "): it could be the "
                    + "resource's own address, so only inbound peers of a TARGET are blocked"));
        }
    }

    /** No playbook rule matched: the severity tiers decide, as they did before playbooks. */
    private Decision decideByTiers(Finding finding) {
        Builder b = new Builder(finding);
        Severity severity = finding.severity();
        String summary;
        if (finding.schema() == FindingSchema.OCSF) {
            // Only CreateTicket receives OCSF (Findings Imported V2) events; a containment planned here would have no
            // stage to run it, and CreateTicket leaves contained findings to that stage: no ticket, no alert.
            summary = "OCSF finding: ticket, alert and digest only; containment follows the ASFF event of the "
                    + "same finding";
        } else if (config.containSeverities().contains(severity)) {
            summary = planContainment(b);
        } else {
            summary = severity + " is not a containment tier";
        }
        if (config.ticketSeverities().contains(severity) && !finding.sample()) {
            b.act(ResponseAction.TICKET, null, severity + " findings get a ticket");
        }
        if (config.alertSeverities().contains(severity)) {
            b.act(ResponseAction.ALERT, null, severity + " findings get an immediate alert");
        }
        if (config.dailyDigestSeverities().contains(severity)) {
            b.act(ResponseAction.DIGEST_DAILY, null, severity + " findings go to the daily digest");
        }
        if (config.weeklyDigestSeverities().contains(severity)) {
            b.act(ResponseAction.DIGEST_WEEKLY, null, severity + " findings go to the weekly digest");
        }
        if (finding.attackSequence() != null) {
            summary += "; " + SequenceSummary.of(finding);
        }
        return b.build(summary, "severity tiers (no playbook rule matches)");
    }

    private Optional<String> inactive(Finding finding) {
        if ("ARCHIVED".equalsIgnoreCase(finding.recordState())) {
            return Optional.of("record state is ARCHIVED");
        }
        String workflow = finding.workflowStatus();
        if (workflow != null && !"NEW".equalsIgnoreCase(workflow)) {
            return Optional.of("workflow status is " + workflow + ", not NEW");
        }
        if (finding.carriesResponderMarks()) {
            return Optional.of("already handled by hub-responder (UserDefinedFields hub-responder.*)");
        }
        return Optional.empty();
    }

    private String planContainment(Builder b) {
        Finding f = b.finding;
        Optional<String> notThreat = notThreat(f);
        if (notThreat.isPresent()) {
            return notThreat.get() + ": no containment";
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Resource r : f.resources()) {
            addResourceContainment(r, candidates, "credentials named by " + f.primaryType() + " are in an"
                    + " attacker's hands", null, null, ResponseAction.REVOKE_CREDENTIALS);
        }
        String summary;
        ResourceRole role = f.resourceRole();
        if (role == ResourceRole.UNKNOWN && isRuntimeFinding(f)) {
            role = ResourceRole.ACTOR;
        }
        switch (role) {
            case ACTOR -> {
                for (Resource r : f.resources()) {
                    addResourceContainment(r, candidates, "the resource is the ACTOR of " + f.primaryType(),
                            ResponseAction.QUARANTINE_INSTANCE, ResponseAction.STOP_TASK, null);
                }
                addAddresses(f, EnumDirections.OUTBOUND_ONLY, candidates,
                        "outbound peer of the ACTOR resource (" + f.primaryType() + ")");
                summary = "threat finding, resource is the ACTOR: contain it and block its outbound public peers";
            }
            case TARGET -> {
                addAddresses(f, EnumDirections.INBOUND_ONLY, candidates,
                        "attacker of the TARGET resource (" + f.primaryType() + ")");
                for (RemoteAddress a : distinctAddresses(f, EnumDirections.UNKNOWN_ONLY)) {
                    candidates.add(new Candidate(ResponseAction.BLOCK_ADDRESS, a.text(), "peer of the TARGET "
                            + "resource", null, "direction of " + a.text().trim() + " unknown (from " + a.field()
                            + "): it could be the resource's own address, so only inbound peers of a TARGET are "
                            + "blocked"));
                }
                summary = "threat finding, resource is the TARGET: block the public attackers, do not quarantine "
                        + "the victim";
            }
            default -> {
                if (candidates.isEmpty()) {
                    return "threat finding without a resource role (ACTOR/TARGET): no containment";
                }
                summary = "threat finding on credentials: revoke them";
            }
        }
        guardContainment(b, candidates);
        return summary;
    }

    /**
     * GuardDuty Runtime Monitoring findings leave {@code resourceRole} empty: they describe the resource's own
     * process activity (a reverse shell, a new binary), so the resource is the ACTOR.
     */
    private static boolean isRuntimeFinding(Finding f) {
        return f.productArn().endsWith("/aws/guardduty") && f.types().stream().anyMatch(t -> t.contains(":Runtime-")
                || t.contains(":Runtime/"));
    }

    /** Why a finding is not a containable threat, or empty when it is. */
    private Optional<String> notThreat(Finding f) {
        boolean threat = false;
        for (String type : f.types()) {
            if (type.startsWith("Software and Configuration Checks/")) {
                return Optional.of("vulnerability or posture finding (" + type + ")");
            }
            for (String prefix : config.threatTypePrefixes()) {
                if (type.startsWith(prefix)) {
                    threat = true;
                }
            }
        }
        if (!threat) {
            return Optional.of("not a threat finding (types " + f.types() + ")");
        }
        if (f.resources().stream().noneMatch(r -> r.isAwsResource() || EC2_INSTANCE.equals(r.type())
                || ECS_TASK_TYPES.contains(r.type()))) {
            return Optional.of("no resource is an AWS resource (ids are not ARNs, no credentials named)");
        }
        return Optional.empty();
    }

    private Decision decideCustomAction(Finding finding, CustomAction action) {
        CustomActionKind kind = config.customActions().get(action.id());
        Builder b = new Builder(finding);
        String by = "analyst chose custom action " + action.id();
        if (kind == null) {
            return b.build("nothing: custom action " + action.targetArn()
                    + " is not configured in RESPONDER_CUSTOM_ACTIONS");
        }
        List<Candidate> candidates = new ArrayList<>();
        switch (kind) {
            case ISOLATE -> {
                for (Resource r : finding.resources()) {
                    addResourceContainment(r, candidates, by, ResponseAction.QUARANTINE_INSTANCE,
                            ResponseAction.STOP_TASK, null);
                }
                guardContainment(b, candidates);
            }
            case STOP_TASK -> {
                for (Resource r : finding.resources()) {
                    addResourceContainment(r, candidates, by, null, ResponseAction.STOP_TASK, null);
                }
                guardContainment(b, candidates);
            }
            case REVOKE -> {
                for (Resource r : finding.resources()) {
                    addResourceContainment(r, candidates, by, null, null, ResponseAction.REVOKE_CREDENTIALS);
                }
                guardContainment(b, candidates);
            }
            case BLOCK -> {
                addAddresses(finding, EnumDirections.ANY, candidates, by);
                guardContainment(b, candidates);
            }
            case RELEASE -> {
                for (Resource r : finding.resources()) {
                    addResourceContainment(r, candidates, by, ResponseAction.RELEASE_INSTANCE,
                            ResponseAction.RELEASE_TASK, ResponseAction.RELEASE_CREDENTIALS);
                }
                guardRelease(b, candidates);
            }
            case UNBLOCK -> {
                for (RemoteAddress address : distinctAddresses(finding, EnumDirections.ANY)) {
                    AddressVerdict verdict = addresses.hostForm(address.text());
                    if (verdict.isBlockable()) {
                        candidates.add(new Candidate(ResponseAction.UNBLOCK_ADDRESS, verdict.host(), by, null));
                    } else {
                        b.refuse(ResponseAction.UNBLOCK_ADDRESS, address.text(), verdict.refusal());
                    }
                }
                guardRelease(b, candidates);
            }
            case TICKET -> b.act(ResponseAction.TICKET, null, by);
        }
        if (kind != CustomActionKind.TICKET) {
            b.act(ResponseAction.ALERT, null, "report what custom action " + action.id() + " did");
        }
        String summary = b.actions.stream().anyMatch(a -> a.action() != ResponseAction.ALERT)
                || !b.refused.isEmpty()
                ? by + " (" + kind + ")"
                : by + " (" + kind + "), but the finding names nothing it applies to";
        return b.build(summary);
    }

    /**
     * Makes a resource a candidate for the action of its kind (null: not for this decision): an instance, a task,
     * or credentials (an IAM user's key, a role's sessions; root and service-linked roles are refused here).
     */
    private void addResourceContainment(Resource r, List<Candidate> out, String reason,
                                        ResponseAction instanceAction, ResponseAction taskAction,
                                        ResponseAction credentialAction) {
        if (instanceAction != null && r.ec2() != null && r.ec2().instanceId() != null) {
            addOnce(out, new Candidate(instanceAction, r.ec2().instanceId(), reason, r));
        } else if (taskAction != null && r.ecs() != null && r.ecs().taskArn() != null) {
            addOnce(out, TaskArn.parse(r.ecs().taskArn()).isPresent()
                    ? new Candidate(taskAction, r.ecs().taskArn(), reason, r)
                    : new Candidate(taskAction, r.ecs().taskArn(), reason, null, TaskArn.problem(r.ecs().taskArn())
                            + ": there is no task to " + (taskAction.isRelease() ? "release" : "contain")));
        } else if (credentialAction != null && r.credentials() != null) {
            CredentialDetails credentials = r.credentials();
            addOnce(out, new Candidate(credentialAction, credentials.target(), reason, r, credentials.refusal()));
        } else if (instanceAction != null && EC2_INSTANCE.equals(r.type())) {
            addOnce(out, unusableId(instanceAction, r, reason, "an EC2 instance ARN with a valid instance id "
                    + "(arn:<partition>:ec2:<region>:<account>:instance/i-…)"));
        } else if (taskAction != null && ECS_TASK_TYPES.contains(r.type())) {
            addOnce(out, unusableId(taskAction, r, reason, "an ECS task ARN, and its details name none"));
        }
    }

    /**
     * A resource of a kind the responder contains whose id does not name one: planned as a refusal with the reason,
     * never dropped, so that {@code plan}, the ledger, the ticket and the alert say why nothing was done to it.
     */
    private static Candidate unusableId(ResponseAction action, Resource r, String reason, String expected) {
        String id = r.id() == null ? "(no id)" : r.id().length() > MAX_ID_IN_REFUSAL
                ? r.id().substring(0, MAX_ID_IN_REFUSAL) + "…" : r.id();
        return new Candidate(action, id, reason, null, r.type() + " resource id '" + id + "' is not " + expected
                + ": there is nothing to " + (action.isRelease() ? "release" : "contain"));
    }

    /** A task named by both its task resource and its container resource is acted on once. */
    private static void addOnce(List<Candidate> out, Candidate candidate) {
        boolean present = out.stream().anyMatch(c -> c.action == candidate.action
                && c.target.equals(candidate.target));
        if (present) {
            return;
        }
        out.add(candidate);
    }

    private enum EnumDirections { OUTBOUND_ONLY, INBOUND_ONLY, UNKNOWN_ONLY, ANY }

    private List<RemoteAddress> distinctAddresses(Finding f, EnumDirections which) {
        List<RemoteAddress> result = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (RemoteAddress a : f.remoteAddresses()) {
            boolean wanted = switch (which) {
                case OUTBOUND_ONLY -> a.direction() == Direction.OUTBOUND;
                case INBOUND_ONLY -> a.direction() == Direction.INBOUND;
                case UNKNOWN_ONLY -> a.direction() == Direction.UNKNOWN;
                case ANY -> true;
            };
            if (wanted && seen.add(a.text().trim())) {
                result.add(a);
            }
        }
        return result;
    }

    private void addAddresses(Finding f, EnumDirections which, List<Candidate> out, String reason) {
        Set<String> hosts = new LinkedHashSet<>();
        for (RemoteAddress a : distinctAddresses(f, which)) {
            AddressVerdict verdict = addresses.evaluate(a.text());
            Optional<String> own = verdict.isBlockable() ? ownAddressOf(f, verdict.host()) : Optional.empty();
            if (!verdict.isBlockable()) {
                out.add(new Candidate(ResponseAction.BLOCK_ADDRESS, a.text(), reason, null,
                        verdict.refusal() + " (from " + a.field() + ")"));
            } else if (own.isPresent()) {
                if (hosts.add(verdict.host())) {
                    out.add(new Candidate(ResponseAction.BLOCK_ADDRESS, verdict.host(), reason, null,
                            verdict.host() + " is an address of the finding's own resource " + own.get()
                                    + " (Details.AwsEc2Instance.IpV4Addresses): never blocked"));
                }
            } else if (hosts.add(verdict.host())) {
                out.add(new Candidate(ResponseAction.BLOCK_ADDRESS, verdict.host(), reason, null));
            }
        }
    }

    /** The instance whose own addresses, as the finding lists them, include this host. */
    private Optional<String> ownAddressOf(Finding f, String host) {
        for (Resource r : f.resources()) {
            if (r.ec2() == null) {
                continue;
            }
            for (String own : r.ec2().ipV4Addresses()) {
                AddressVerdict verdict = addresses.hostForm(own);
                if (verdict.isBlockable() && verdict.host().equals(host)) {
                    return Optional.of(r.ec2().instanceId());
                }
            }
        }
        return Optional.empty();
    }

    private void guardContainment(Builder b, List<Candidate> candidates) {
        Finding f = b.finding;
        Optional<String> distrust = trust.distrust(f);
        for (Candidate c : candidates) {
            String refusal = c.refusal;
            if (refusal == null && f.sample()) {
                refusal = "sample finding (Sample: true): never contained";
            }
            if (refusal == null && config.killSwitch()) {
                refusal = "kill switch is on (RESPONDER_KILL_SWITCH=true): no containment";
            }
            if (refusal == null && distrust.isPresent()) {
                refusal = distrust.get();
            }
            if (refusal == null) {
                refusal = locations.refusal(f, c.resource).orElse(null);
            }
            if (refusal == null && c.resource != null) {
                refusal = protectionRefusal(f, c.target);
            }
            if (refusal != null) {
                b.refuse(c.action, c.target, refusal);
            } else {
                b.act(c.action, c.target, c.reason);
            }
        }
    }

    /**
     * Undo is guarded as containment is, except for the kill switch: only a trusted producer's finding may release
     * or unblock, so that a forged finding naming the same resource cannot undo a response to a genuine one.
     */
    private void guardRelease(Builder b, List<Candidate> candidates) {
        String distrust = trust.distrust(b.finding).map(reason -> reason
                        + "; undo only from the finding that caused it, or with ./responder release / unblock")
                .orElse(null);
        for (Candidate c : candidates) {
            Optional<String> where = locations.refusal(b.finding, c.resource);
            if (c.refusal != null) {
                b.refuse(c.action, c.target, c.refusal);
            } else if (distrust != null) {
                b.refuse(c.action, c.target, distrust);
            } else if (where.isPresent()) {
                b.refuse(c.action, c.target, where.get());
            } else {
                b.act(c.action, c.target, c.reason);
            }
        }
    }

    /** Refuses when any resource of the finding that names this target carries the protection tag. */
    private String protectionRefusal(Finding f, String target) {
        for (Resource r : f.resources()) {
            boolean names = (r.ec2() != null && target.equals(r.ec2().instanceId()))
                    || (r.ecs() != null && target.equals(r.ecs().taskArn()))
                    || (r.credentials() != null && target.equals(r.credentials().target()));
            String value = names ? r.tags().get(config.protectedTagKey()) : null;
            if (value != null && value.trim().equalsIgnoreCase(config.protectedTagValue())) {
                return target + " is protected: tag " + config.protectedTagKey() + "=" + value;
            }
        }
        return null;
    }

    private record Candidate(ResponseAction action, String target, String reason, Resource resource,
                             String refusal) {
        Candidate(ResponseAction action, String target, String reason, Resource resource) {
            this(action, target, reason, resource, null);
        }
    }

    /** Collects actions and refusals for one finding, containment first. */
    private final class Builder {
        private final Finding finding;
        private final List<PlannedAction> actions = new ArrayList<>();
        private final List<Refusal> refused = new ArrayList<>();

        Builder(Finding finding) {
            this.finding = finding;
        }

        void act(ResponseAction action, String target, String reason) {
            actions.add(new PlannedAction(action, target, reason, config.isShadow(action)));
        }

        void refuse(ResponseAction action, String target, String reason) {
            refused.add(new Refusal(action, target, reason));
        }

        Decision build(String summary) {
            return new Decision(finding, actions, refused, summary);
        }

        Decision build(String summary, String rule) {
            return new Decision(finding, actions, refused, summary, rule);
        }
    }
}
