package dev.hubresponder.policy;

import static dev.hubresponder.policy.FindingBuilder.INSTANCE;
import static dev.hubresponder.policy.FindingBuilder.TASK;
import static dev.hubresponder.policy.ResponseAction.ALERT;
import static dev.hubresponder.policy.ResponseAction.BLOCK_ADDRESS;
import static dev.hubresponder.policy.ResponseAction.DIGEST_DAILY;
import static dev.hubresponder.policy.ResponseAction.DIGEST_WEEKLY;
import static dev.hubresponder.policy.ResponseAction.QUARANTINE_INSTANCE;
import static dev.hubresponder.policy.ResponseAction.RELEASE_INSTANCE;
import static dev.hubresponder.policy.ResponseAction.RELEASE_TASK;
import static dev.hubresponder.policy.ResponseAction.STOP_TASK;
import static dev.hubresponder.policy.ResponseAction.TICKET;
import static dev.hubresponder.policy.ResponseAction.UNBLOCK_ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.finding.CustomAction;
import dev.hubresponder.finding.Direction;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.ResourceRole;
import dev.hubresponder.finding.Severity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The severity-tier fallback and the guards, decided on hand-built findings: no I/O. Each case runs with an empty
 * playbook ({@code "defaults":"replace"}), so that it pins the tiers that decide for findings no playbook rule
 * matches; the shipped playbook's decisions are in {@link PlaybookTest} and {@link GuardDutyCatalogueTest}.
 */
class ResponsePolicyTest {
    private static final String ATTACKER = "45.155.205.233";
    private static final String NO_PLAYBOOK = "{\"defaults\":\"replace\",\"rules\":[]}";

    private static Decision decide(Finding finding) {
        return decide(Map.of(), finding, null);
    }

    private static Decision decide(Map<String, String> env, Finding finding, CustomAction action) {
        Map<String, String> tiersOnly = new HashMap<>(env);
        tiersOnly.putIfAbsent("RESPONDER_PLAYBOOK", NO_PLAYBOOK);
        return new ResponsePolicy(ResponderConfig.fromEnv(tiersOnly)).decide(finding, action);
    }

    private static CustomAction action(String id) {
        return new CustomAction("arn:aws:securityhub:us-east-1:123456789012:action/custom/" + id, id, id, "");
    }

    @Test
    void criticalActorInstanceIsQuarantinedItsOutboundPeerBlockedThenTicketedAndAlerted() {
        Decision d = decide(FindingBuilder.threat().instance(INSTANCE, Map.of())
                .remote(ATTACKER, Direction.OUTBOUND).build());

        assertThat(d.actions()).extracting(PlannedAction::action, PlannedAction::target, PlannedAction::shadow)
                .containsExactly(
                        tuple(QUARANTINE_INSTANCE, INSTANCE, false),
                        tuple(BLOCK_ADDRESS, ATTACKER + "/32", false),
                        tuple(TICKET, null, false),
                        tuple(ALERT, null, false));
        assertThat(d.refused()).isEmpty();
    }

    @Test
    void criticalActorTaskIsStopped() {
        Decision d = decide(FindingBuilder.threat().task(TASK, Map.of()).build());

        assertThat(d.actionsOf(STOP_TASK)).extracting(PlannedAction::target).containsExactly(TASK);
        assertThat(d.actionsOf(QUARANTINE_INSTANCE)).isEmpty();
    }

    @Test
    void aTaskArnThatIsNotWellFormedIsPlannedAsARefusalNotAStop() {
        String garbage = TASK + "/../../i-0000\"; DROP";
        Decision d = decide(FindingBuilder.threat().task(garbage, Map.of()).build());

        assertThat(d.actionsOf(STOP_TASK)).isEmpty();
        assertThat(d.refusalsOf(STOP_TASK)).singleElement().satisfies(r -> assertThat(r.reason())
                .contains("is not a well-formed ECS task ARN", "there is no task to contain"));
    }

    @Test
    void targetIsNeverQuarantinedButItsAttackersAreBlocked() {
        Decision d = decide(FindingBuilder.threat().role(ResourceRole.TARGET).instance(INSTANCE, Map.of())
                .remote(ATTACKER, Direction.INBOUND).remote("185.220.101.45", Direction.INBOUND).build());

        assertThat(d.actionsOf(QUARANTINE_INSTANCE)).isEmpty();
        assertThat(d.actionsOf(BLOCK_ADDRESS)).extracting(PlannedAction::target)
                .containsExactly(ATTACKER + "/32", "185.220.101.45/32");
    }

    @Test
    void aTargetPeerOfUnknownDirectionIsRefusedNotBlocked() {
        Decision d = decide(FindingBuilder.threat().role(ResourceRole.TARGET).instance(INSTANCE, Map.of())
                .remote(ATTACKER, Direction.INBOUND).remote("52.94.76.10", Direction.UNKNOWN).build());

        assertThat(d.actionsOf(BLOCK_ADDRESS)).extracting(PlannedAction::target).containsExactly(ATTACKER + "/32");
        assertThat(d.refused()).singleElement().satisfies(r -> {
            assertThat(r.target()).isEqualTo("52.94.76.10");
            assertThat(r.reason()).startsWith("direction of 52.94.76.10 unknown (from Action.NetworkConnectionAction"
                    + ".RemoteIpDetails): it could be the resource's own address");
        });
    }

    @Test
    void actorInboundPeersAreNotBlocked() {
        Decision d = decide(FindingBuilder.threat().instance(INSTANCE, Map.of())
                .remote(ATTACKER, Direction.INBOUND).build());

        assertThat(d.actionsOf(BLOCK_ADDRESS)).isEmpty();
    }

    @Test
    void anOcsfThreatFindingWithARoleIsTicketedAndAlertedNeverContained() {
        Decision d = decide(FindingBuilder.threat().ocsf().instance(INSTANCE, Map.of())
                .remote(ATTACKER, Direction.OUTBOUND).build());

        assertThat(d.actions()).extracting(PlannedAction::action).containsExactly(TICKET, ALERT);
        assertThat(d.refused()).isEmpty();
        assertThat(d.summary()).startsWith("OCSF finding: ticket, alert and digest only");
    }

    @Test
    void unknownRoleContainsNothingButStillTicketsAndAlerts() {
        Decision d = decide(FindingBuilder.threat().role(ResourceRole.UNKNOWN).instance(INSTANCE, Map.of())
                .remote(ATTACKER, Direction.OUTBOUND).build());

        assertThat(d.actions()).extracting(PlannedAction::action).containsExactly(TICKET, ALERT);
        assertThat(d.summary()).contains("without a resource role");
    }

    @Test
    void privateAndReservedAttackersAreRefusedWithTheirReason() {
        Decision d = decide(FindingBuilder.threat().role(ResourceRole.TARGET).instance(INSTANCE, Map.of())
                .remote("10.0.3.7", Direction.INBOUND).remote("0.0.0.0/0", Direction.INBOUND)
                .remote(ATTACKER, Direction.INBOUND).build());

        assertThat(d.actionsOf(BLOCK_ADDRESS)).extracting(PlannedAction::target).containsExactly(ATTACKER + "/32");
        assertThat(d.refusalsOf(BLOCK_ADDRESS)).extracting(Refusal::target).containsExactly("10.0.3.7", "0.0.0.0/0");
        assertThat(d.refusalsOf(BLOCK_ADDRESS)).allSatisfy(r -> assertThat(r.reason()).isNotBlank());
    }

    @Test
    void sameAttackerNamedTwiceIsBlockedOnce() {
        Decision d = decide(FindingBuilder.threat().role(ResourceRole.TARGET).instance(INSTANCE, Map.of())
                .remote(ATTACKER, Direction.INBOUND).remote(ATTACKER + "/32", Direction.INBOUND).build());

        assertThat(d.actionsOf(BLOCK_ADDRESS)).hasSize(1);
    }

    static Stream<Arguments> tiers() {
        return Stream.of(
                Arguments.of(Severity.HIGH, List.of(TICKET, ALERT)),
                Arguments.of(Severity.MEDIUM, List.of(DIGEST_DAILY)),
                Arguments.of(Severity.LOW, List.of(DIGEST_WEEKLY)),
                Arguments.of(Severity.INFORMATIONAL, List.of(DIGEST_WEEKLY)));
    }

    @ParameterizedTest(name = "{0} threat → {1}")
    @MethodSource("tiers")
    void belowCriticalNothingIsContained(Severity severity, List<ResponseAction> expected) {
        Decision d = decide(FindingBuilder.threat().severity(severity).instance(INSTANCE, Map.of())
                .remote(ATTACKER, Direction.OUTBOUND).build());

        assertThat(d.actions()).extracting(PlannedAction::action).containsExactlyElementsOf(expected);
        assertThat(d.refused()).isEmpty();
    }

    @Test
    void tiersAreConfigurable() {
        Decision d = decide(Map.of("RESPONDER_CONTAIN_SEVERITIES", "CRITICAL,HIGH"),
                FindingBuilder.threat().severity(Severity.HIGH).instance(INSTANCE, Map.of()).build(), null);

        assertThat(d.actionsOf(QUARANTINE_INSTANCE)).hasSize(1);
    }

    static Stream<Arguments> neverContained() {
        return Stream.of(
                Arguments.of("CVE finding", FindingBuilder.threat()
                        .types("Software and Configuration Checks/Vulnerabilities/CVE").instance(INSTANCE, Map.of())),
                Arguments.of("threat and posture types together", FindingBuilder.threat()
                        .types("TTPs/Initial Access", "Software and Configuration Checks/AWS Security Best Practices")
                        .instance(INSTANCE, Map.of())),
                Arguments.of("Trivy container with a free-text id", FindingBuilder.threat()
                        .product("arn:aws:securityhub:us-east-1::product/aquasecurity/aquasecurity", "Trivy")
                        .resource("Container", "nginx:alpine (alpine 3.20.3)")),
                Arguments.of("sensitive data type", FindingBuilder.threat()
                        .types("Sensitive Data Identifications/PII").instance(INSTANCE, Map.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("neverContained")
    void vulnerabilityPostureAndNonAwsFindingsAreTicketedNotContained(String name, FindingBuilder finding) {
        Decision d = decide(finding.remote(ATTACKER, Direction.OUTBOUND).build());

        assertThat(d.actions()).extracting(PlannedAction::action).containsExactly(TICKET, ALERT);
        assertThat(d.refused()).isEmpty();
    }

    static Stream<Arguments> inactive() {
        return Stream.of(
                Arguments.of(FindingBuilder.threat().recordState("ARCHIVED"), "ARCHIVED"),
                Arguments.of(FindingBuilder.threat().workflow("NOTIFIED"), "NOTIFIED"),
                Arguments.of(FindingBuilder.threat().workflow("RESOLVED"), "RESOLVED"),
                Arguments.of(FindingBuilder.threat().workflow("SUPPRESSED"), "SUPPRESSED"),
                Arguments.of(FindingBuilder.threat().userDefinedField("hub-responder.ledger", "abc"),
                        "already handled by hub-responder"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("inactive")
    void archivedProgressedAndOwnWriteBacksGetNothing(FindingBuilder finding, String because) {
        Decision d = decide(finding.instance(INSTANCE, Map.of()).remote(ATTACKER, Direction.OUTBOUND).build());

        assertThat(d.actions()).isEmpty();
        assertThat(d.refused()).isEmpty();
        assertThat(d.summary()).startsWith("nothing").contains(because);
    }

    @Test
    void forgedFindingUnderTheAccountsOwnProductIsRefusedContainmentWhateverItsName() {
        Decision d = decide(FindingBuilder.threat()
                .product("arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default", "GuardDuty")
                .instance(INSTANCE, Map.of()).remote(ATTACKER, Direction.OUTBOUND).build());

        assertThat(d.actions()).extracting(PlannedAction::action).containsExactly(TICKET, ALERT);
        assertThat(d.refused()).extracting(Refusal::action).containsExactly(QUARANTINE_INSTANCE, BLOCK_ADDRESS);
        assertThat(d.refused()).allSatisfy(r -> assertThat(r.reason()).contains("account's own product ARN"));
    }

    @Test
    void anAwsServicesProductArnWithAnAccountIsNotTrusted() {
        Decision d = decide(FindingBuilder.threat()
                .product("arn:aws:securityhub:us-east-1:123456789012:product/aws/guardduty", "GuardDuty")
                .instance(INSTANCE, Map.of()).build());

        assertThat(d.actionsOf(QUARANTINE_INSTANCE)).isEmpty();
        assertThat(d.refusalsOf(QUARANTINE_INSTANCE)).singleElement().satisfies(r -> assertThat(r.reason())
                .contains("names an AWS service with an account (123456789012)"));
    }

    @Test
    void forgedDefaultProductStaysUntrustedEvenIfConfiguredAsTrusted() {
        Decision d = decide(Map.of("RESPONDER_TRUSTED_PRODUCTS", "123456789012/default,aws/guardduty"),
                FindingBuilder.threat()
                        .product("arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default", "x")
                        .instance(INSTANCE, Map.of()).build(), null);

        assertThat(d.refusalsOf(QUARANTINE_INSTANCE)).hasSize(1);
    }

    @Test
    void untrustedProducerIsRefusedAndTrustIsConfigurableByProductArn() {
        FindingBuilder macie = FindingBuilder.threat()
                .product("arn:aws:securityhub:eu-west-1::product/aws/macie", "Macie").instance(INSTANCE, Map.of());

        assertThat(decide(macie.build()).refusalsOf(QUARANTINE_INSTANCE)).singleElement()
                .extracting(Refusal::reason).asString().contains("aws/macie is not in RESPONDER_TRUSTED_PRODUCTS");
        assertThat(decide(Map.of("RESPONDER_TRUSTED_PRODUCTS",
                "aws/guardduty,arn:aws:securityhub:eu-west-1::product/aws/macie"), macie.build(), null)
                .actionsOf(QUARANTINE_INSTANCE)).hasSize(1);
    }

    @Test
    void protectedInstanceIsRefusedButItsPeerIsStillBlocked() {
        Decision d = decide(FindingBuilder.threat().instance(INSTANCE, Map.of("hub-responder:protected", "true"))
                .remote(ATTACKER, Direction.OUTBOUND).build());

        assertThat(d.refusalsOf(QUARANTINE_INSTANCE)).singleElement().extracting(Refusal::reason).asString()
                .contains("tag hub-responder:protected=true");
        assertThat(d.actionsOf(BLOCK_ADDRESS)).hasSize(1);
    }

    @Test
    void protectionTagKeyAndValueAreConfigurable() {
        Map<String, String> env = Map.of("RESPONDER_PROTECTED_TAG_KEY", "do-not-touch",
                "RESPONDER_PROTECTED_TAG_VALUE", "yes");

        Decision d = decide(env, FindingBuilder.threat().instance(INSTANCE, Map.of("do-not-touch", "YES")).build(),
                null);

        assertThat(d.refusalsOf(QUARANTINE_INSTANCE)).hasSize(1);
    }

    @Test
    void killSwitchRefusesAllContainmentButNotTicketsOrAlerts() {
        Decision d = decide(Map.of("RESPONDER_KILL_SWITCH", "true"), FindingBuilder.threat()
                .instance(INSTANCE, Map.of()).remote(ATTACKER, Direction.OUTBOUND).build(), null);

        assertThat(d.actions()).extracting(PlannedAction::action).containsExactly(TICKET, ALERT);
        assertThat(d.refused()).extracting(Refusal::action).containsExactly(QUARANTINE_INSTANCE, BLOCK_ADDRESS);
        assertThat(d.refused()).allSatisfy(r -> assertThat(r.reason()).contains("kill switch"));
    }

    @Test
    void accountsOutsideTheAllowListAreRefused() {
        Decision d = decide(Map.of("RESPONDER_ALLOWED_ACCOUNTS", "111122223333"),
                FindingBuilder.threat().instance(INSTANCE, Map.of()).build(), null);

        assertThat(d.refusalsOf(QUARANTINE_INSTANCE)).singleElement().extracting(Refusal::reason).asString()
                .contains("123456789012 is not in RESPONDER_ALLOWED_ACCOUNTS");
    }

    @Test
    void neverBlockRangesFromConfigurationAreRefused() {
        Decision d = decide(Map.of("RESPONDER_NEVER_BLOCK_CIDRS", "45.155.205.0/24"), FindingBuilder.threat()
                .role(ResourceRole.TARGET).instance(INSTANCE, Map.of()).remote(ATTACKER, Direction.INBOUND).build(),
                null);

        assertThat(d.refusalsOf(BLOCK_ADDRESS)).singleElement().extracting(Refusal::reason).asString()
                .contains("45.155.205.0/24");
    }

    @Test
    void globalShadowModeMarksContainmentAsWouldHaveButNotTicketsAndAlerts() {
        Decision d = decide(Map.of("RESPONDER_SHADOW_MODE", "true"), FindingBuilder.threat()
                .instance(INSTANCE, Map.of()).remote(ATTACKER, Direction.OUTBOUND).build(), null);

        assertThat(d.actions()).extracting(PlannedAction::action, PlannedAction::shadow).containsExactly(
                tuple(QUARANTINE_INSTANCE, true), tuple(BLOCK_ADDRESS, true), tuple(TICKET, false),
                tuple(ALERT, false));
    }

    @Test
    void shadowModeCanBeSetPerAction() {
        Decision d = decide(Map.of("RESPONDER_SHADOW_ACTIONS", "BLOCK_ADDRESS,TICKET"), FindingBuilder.threat()
                .instance(INSTANCE, Map.of()).remote(ATTACKER, Direction.OUTBOUND).build(), null);

        assertThat(d.actions()).extracting(PlannedAction::action, PlannedAction::shadow).containsExactly(
                tuple(QUARANTINE_INSTANCE, false), tuple(BLOCK_ADDRESS, true), tuple(TICKET, true),
                tuple(ALERT, false));
    }

    @Test
    void isolateCustomActionQuarantinesAndStopsAtAnySeverity() {
        Decision d = decide(Map.of(), FindingBuilder.threat().severity(Severity.LOW).role(ResourceRole.UNKNOWN)
                .instance(INSTANCE, Map.of()).task(TASK, Map.of()).build(), action("HubRespIsolate"));

        assertThat(d.actions()).extracting(PlannedAction::action, PlannedAction::target).containsExactly(
                tuple(QUARANTINE_INSTANCE, INSTANCE), tuple(STOP_TASK, TASK), tuple(ALERT, null));
    }

    @Test
    void isolateCustomActionIsStillGuarded() {
        Decision d = decide(Map.of(), FindingBuilder.threat()
                .product("arn:aws:securityhub:us-east-1::product/aws/securityhub", "Security Hub")
                .instance(INSTANCE, Map.of()).build(), action("HubRespIsolate"));

        assertThat(d.actionsOf(QUARANTINE_INSTANCE)).isEmpty();
        assertThat(d.refusalsOf(QUARANTINE_INSTANCE)).singleElement().extracting(Refusal::reason).asString()
                .contains("aws/securityhub is not in RESPONDER_TRUSTED_PRODUCTS");
    }

    @Test
    void releaseAndUnblockCustomActionsUndoEvenUnderTheKillSwitch() {
        Map<String, String> env = Map.of("RESPONDER_KILL_SWITCH", "true");
        Finding f = FindingBuilder.threat().instance(INSTANCE, Map.of()).task(TASK, Map.of())
                .remote(ATTACKER, Direction.INBOUND).remote("not-an-address", Direction.INBOUND).build();

        assertThat(decide(env, f, action("HubRespRelease")).actions())
                .extracting(PlannedAction::action, PlannedAction::target)
                .containsExactly(tuple(RELEASE_INSTANCE, INSTANCE), tuple(RELEASE_TASK, TASK), tuple(ALERT, null));
        Decision unblock = decide(env, f, action("HubRespUnblock"));
        assertThat(unblock.actionsOf(UNBLOCK_ADDRESS)).extracting(PlannedAction::target)
                .containsExactly(ATTACKER + "/32");
        assertThat(unblock.refusalsOf(UNBLOCK_ADDRESS)).extracting(Refusal::target)
                .containsExactly("not-an-address");
    }

    @Test
    void neverBlocksAnAddressOfTheFindingsOwnInstance() {
        Finding f = FindingBuilder.threat().role(ResourceRole.TARGET)
                .instanceWithAddresses(INSTANCE, "10.0.2.14", "54.210.31.77")
                .remote("54.210.31.77", Direction.INBOUND).remote(ATTACKER, Direction.INBOUND).build();

        Decision d = decide(Map.of(), f, null);

        assertThat(d.actionsOf(BLOCK_ADDRESS)).extracting(PlannedAction::target).containsExactly(ATTACKER + "/32");
        assertThat(d.refusalsOf(BLOCK_ADDRESS)).singleElement().satisfies(r -> {
            assertThat(r.target()).isEqualTo("54.210.31.77/32");
            assertThat(r.reason()).isEqualTo("54.210.31.77/32 is an address of the finding's own resource " + INSTANCE
                    + " (Details.AwsEc2Instance.IpV4Addresses): never blocked");
        });
    }

    @Test
    void aFindingFromAnUntrustedProducerCannotReleaseOrUnblock() {
        Finding forged = FindingBuilder.threat().product("arn:aws:securityhub:us-east-1:123456789012:product/"
                        + "123456789012/default", "GuardDuty").instance(INSTANCE, Map.of()).task(TASK, Map.of())
                .remote(ATTACKER, Direction.INBOUND).build();

        Decision release = decide(Map.of(), forged, action("HubRespRelease"));
        Decision unblock = decide(Map.of(), forged, action("HubRespUnblock"));

        assertThat(release.actions()).extracting(PlannedAction::action).containsExactly(ALERT);
        assertThat(release.refused()).extracting(Refusal::action, Refusal::target)
                .containsExactly(tuple(RELEASE_INSTANCE, INSTANCE), tuple(RELEASE_TASK, TASK));
        assertThat(unblock.actionsOf(UNBLOCK_ADDRESS)).isEmpty();
        assertThat(unblock.refusalsOf(UNBLOCK_ADDRESS)).singleElement().satisfies(r -> assertThat(r.reason())
                .startsWith("imported under the account's own product ARN")
                .endsWith("; undo only from the finding that caused it, or with ./responder release / unblock"));
    }

    @Test
    void addressNowInANeverBlockRangeCanStillBeUnblocked() {
        Decision d = decide(Map.of("RESPONDER_NEVER_BLOCK_CIDRS", "45.155.205.0/24"), FindingBuilder.threat()
                .remote(ATTACKER, Direction.INBOUND).instance(INSTANCE, Map.of()).build(), action("HubRespUnblock"));

        assertThat(d.actionsOf(UNBLOCK_ADDRESS)).extracting(PlannedAction::target).containsExactly(ATTACKER + "/32");
    }

    @Test
    void blockAndTicketCustomActionsDoWhatTheyName() {
        Finding f = FindingBuilder.threat().severity(Severity.HIGH).role(ResourceRole.TARGET)
                .instance(INSTANCE, Map.of()).remote(ATTACKER, Direction.INBOUND).build();

        assertThat(decide(Map.of(), f, action("HubRespBlock")).actions())
                .extracting(PlannedAction::action).containsExactly(BLOCK_ADDRESS, ALERT);
        assertThat(decide(Map.of(), f, action("HubRespTicket")).actions())
                .extracting(PlannedAction::action).containsExactly(TICKET);
    }

    @Test
    void stopTaskCustomActionLeavesInstancesAlone() {
        Decision d = decide(Map.of(), FindingBuilder.threat().instance(INSTANCE, Map.of()).task(TASK, Map.of())
                .build(), action("HubRespStopTask"));

        assertThat(d.actions()).extracting(PlannedAction::action).containsExactly(STOP_TASK, ALERT);
    }

    @Test
    void customActionIdsAreConfigurable() {
        Map<String, String> env = new HashMap<>();
        env.put("RESPONDER_CUSTOM_ACTIONS", "IsolateResource=ISOLATE");

        Decision d = decide(env, FindingBuilder.threat().instance(INSTANCE, Map.of()).build(),
                action("IsolateResource"));

        assertThat(d.actionsOf(QUARANTINE_INSTANCE)).hasSize(1);
        assertThat(decide(env, FindingBuilder.threat().instance(INSTANCE, Map.of()).build(),
                action("HubRespIsolate")).actions()).isEmpty();
    }
}
