package dev.hubresponder.containment.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubresponder.action.ActionOutcome;
import dev.hubresponder.action.ActionRunner;
import dev.hubresponder.action.Reachable;
import dev.hubresponder.aws.ec2.Ec2InstanceControls;
import dev.hubresponder.aws.ec2.Ec2InstanceInventory;
import dev.hubresponder.aws.ledger.DynamoDbActionLedger;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.finding.Ec2InstanceDetails;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.Resource;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.metrics.ResponderMetrics;
import dev.hubresponder.policy.PlannedAction;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.testing.MotoLedger;
import dev.hubresponder.testing.MutableClock;
import dev.hubresponder.testing.TestFindings;
import dev.hubresponder.testkit.EmulatedAccount;
import dev.hubresponder.testkit.EmulatedAccount.WebTier;
import dev.hubresponder.testkit.MotoServer;
import dev.hubresponder.testkit.RecordedRequests;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.DetachInstancesRequest;
import software.amazon.awssdk.services.autoscaling.model.EnterStandbyRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateSecurityGroupRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ModifyInstanceAttributeRequest;
import software.amazon.awssdk.services.ec2.model.ModifyNetworkInterfaceAttributeRequest;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * EC2 containment and release against moto's EC2, Auto Scaling, ELBv2 and DynamoDB (the ledger). Precondition:
 * {@code moto_server} installed; the test starts it on a free 127.0.0.1 port and fails, naming the install command,
 * when it is missing.
 *
 * <p>Where moto differs from AWS (aws-facts §9) the test asserts the requests sent instead of the state read back:
 * moto does not show an interface's groups after {@code ModifyNetworkInterfaceAttribute} faithfully (it shows the
 * union of old and new), so interface groups are asserted on the {@code ModifyNetworkInterfaceAttribute} requests
 * the adapter sent, recorded by an SDK interceptor ({@link RecordedRequests}) on the adapter's clients. moto never
 * reports an interface as requester-managed, so that case is made by changing moto's
 * {@code DescribeNetworkInterfaces} answer on its way into the SDK ({@link RequesterManagedInterface}); an IAM
 * denial is moto's answer replaced by AWS's 403 error document ({@link DeniedOperation}). Everything else (attributes,
 * Auto Scaling lifecycle, target health, snapshots, tags, group rules, the ledger) is read back from moto.
 */
class InstanceContainmentTest {
    static final Instant T0 = Instant.parse("2026-11-26T10:15:30Z");
    static final String FINDING_ID = "arn:aws:guardduty:us-east-1:123456789012:detector/d1/finding/f1";
    static final Duration LEASE = Duration.ofMinutes(5);

    static MotoServer moto;
    static DynamoDbClient dynamo;

    MutableClock clock;
    DynamoDbActionLedger ledger;
    EmulatedAccount account;
    WebTier web;
    RecordedRequests sent;
    Finding finding;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        dynamo = MotoLedger.client(moto);
    }

    @AfterAll
    static void stopMoto() {
        dynamo.close();
        moto.close();
    }

    @BeforeEach
    void freshAccount() {
        clock = new MutableClock(T0);
        ledger = MotoLedger.fresh(moto, dynamo, clock);
        account = EmulatedAccount.on(moto);
        web = account.webTier("web", Map.of("team", "payments"));
        sent = new RecordedRequests();
        finding = TestFindings.guardDuty(FINDING_ID, MotoServer.ACCOUNT, T0.minus(Duration.ofMinutes(7)));
    }

    @AfterEach
    void closeAccount() {
        account.close();
    }

    @Test
    void quarantinesEveryInterfaceInTwoStepsUntrackedThenIsolation() {
        ActionOutcome outcome = responder(Map.of()).quarantine(finding, quarantine(web.instanceId()));

        assertThat(outcome.kind()).isEqualTo(ActionOutcome.Kind.DONE);
        SecurityGroup untracked = quarantineGroup("untracked");
        SecurityGroup isolation = quarantineGroup("isolation");
        assertThat(groupsSentPerInterface()).containsExactlyInAnyOrderEntriesOf(Map.of(
                web.primaryInterfaceId(), List.of(List.of(untracked.groupId()), List.of(isolation.groupId())),
                web.secondaryInterfaceId(), List.of(List.of(untracked.groupId()), List.of(isolation.groupId()))));
        List<ModifyNetworkInterfaceAttributeRequest> swaps = sent.of(ModifyNetworkInterfaceAttributeRequest.class);
        assertThat(swaps.subList(0, 2)).allMatch(r -> r.groups().equals(List.of(untracked.groupId())));
        assertThat(swaps.subList(2, 4)).allMatch(r -> r.groups().equals(List.of(isolation.groupId())));

        assertThat(isolation.ipPermissions()).isEmpty();
        assertThat(isolation.ipPermissionsEgress()).isEmpty();
        assertThat(allowsEverything(untracked.ipPermissions())).isTrue();
        assertThat(allowsEverything(untracked.ipPermissionsEgress())).isTrue();
    }

    @Test
    void containsTheInstanceAsAwsGuidanceSaysAndRecordsIt() {
        ActionOutcome outcome = responder(Map.of()).quarantine(finding, quarantine(web.instanceId()));

        String instance = web.instanceId();
        assertThat(terminationProtection(instance)).isTrue();
        assertThat(shutdownBehavior(instance)).isEqualTo("stop");
        assertThat(lifecycleState(instance)).isEqualTo("Standby");
        assertThat(sent.of(EnterStandbyRequest.class)).singleElement()
                .satisfies(r -> assertThat(r.shouldDecrementDesiredCapacity()).isFalse());
        assertThat(registeredTargets()).doesNotContain(instance);
        List<Snapshot> snapshots = evidenceSnapshots();
        assertThat(snapshots).extracting(Snapshot::volumeId).containsExactlyElementsOf(web.volumeIds());
        assertThat(tagsOf(instance)).containsEntry(QuarantineTags.QUARANTINED, "true")
                .containsEntry(QuarantineTags.FINDING_ID, FINDING_ID)
                .containsEntry(QuarantineTags.LEDGER_ID, outcome.entry().ledgerId())
                .containsEntry(QuarantineTags.QUARANTINED_AT, T0.toString());

        LedgerEntry record = ledger.find(key(ResponseAction.QUARANTINE_INSTANCE)).orElseThrow();
        assertThat(record.state()).isEqualTo(LedgerState.DONE);
        assertThat(record.completedSteps()).containsExactly("termination-protection", "untracked-groups",
                "isolation-groups", "auto-scaling", "target-groups", "snapshots", "tags");
        assertThat(record.artifacts()).containsEntry("autoScaling", "standby:" + web.autoScalingGroup())
                .containsEntry("snapshot:" + web.volumeIds().get(0), snapshots.get(0).snapshotId());
        InstanceDescription pre = PreStateJson.read(record.preState()).orElseThrow();
        assertThat(pre.interfaces()).extracting(InstanceDescription.NetworkInterface::groupIds)
                .containsExactly(List.of(web.appGroupId()), List.of(web.managementGroupId()));
        assertThat(pre.terminationProtection()).isFalse();
        assertThat(pre.shutdownBehavior()).isEqualTo("terminate");
        assertThat(pre.autoScaling().groupName()).isEqualTo(web.autoScalingGroup());
        assertThat(pre.autoScaling().lifecycleState()).isEqualTo("InService");
        assertThat(pre.targetRegistrations()).containsExactly(
                new InstanceDescription.TargetRegistration(web.targetGroupArn(), 80));
        assertThat(pre.tags()).containsEntry("team", "payments");
        assertThat(outcome.reason()).contains(instance + " quarantined", "standby:" + web.autoScalingGroup(),
                snapshots.get(0).snapshotId());
    }

    @Test
    void recordsThePreStateBeforeTheFirstChange() {
        Map<String, Boolean> preStateAtFirstChange = new HashMap<>();
        Responder responder = responder(Map.of(), real -> new DelegatingControls(real) {
            @Override
            public StepResult protectFromTermination(String instanceId) {
                preStateAtFirstChange.put("recorded", ledger.find(key(ResponseAction.QUARANTINE_INSTANCE))
                        .map(e -> e.preState() != null).orElse(false));
                return super.protectFromTermination(instanceId);
            }
        });

        responder.quarantine(finding, quarantine(web.instanceId()));

        assertThat(preStateAtFirstChange).containsEntry("recorded", true);
    }

    @Test
    void releasesTheInstanceToItsRecordedState() {
        Responder responder = responder(Map.of());
        responder.quarantine(finding, quarantine(web.instanceId()));
        sent.clear();

        ActionOutcome released = responder.release(finding, release(web.instanceId()));

        String instance = web.instanceId();
        assertThat(released.kind()).isEqualTo(ActionOutcome.Kind.DONE);
        assertThat(groupsSentPerInterface()).containsExactlyInAnyOrderEntriesOf(Map.of(
                web.primaryInterfaceId(), List.of(List.of(web.appGroupId())),
                web.secondaryInterfaceId(), List.of(List.of(web.managementGroupId()))));
        assertThat(terminationProtection(instance)).isFalse();
        assertThat(shutdownBehavior(instance)).isEqualTo("terminate");
        assertThat(lifecycleState(instance)).isEqualTo("InService");
        assertThat(registeredTargets()).contains(instance);
        assertThat(tagsOf(instance)).doesNotContainKeys(QuarantineTags.INSTANCE_TAG_KEYS.toArray(String[]::new))
                .containsEntry("team", "payments");
        assertThat(evidenceSnapshots()).hasSize(web.volumeIds().size());

        LedgerEntry quarantineRecord = ledger.find(key(ResponseAction.QUARANTINE_INSTANCE)).orElseThrow();
        assertThat(quarantineRecord.state()).isEqualTo(LedgerState.RELEASED);
        LedgerEntry releaseRecord = ledger.find(key(ResponseAction.RELEASE_INSTANCE)).orElseThrow();
        assertThat(releaseRecord.state()).isEqualTo(LedgerState.DONE);
        assertThat(releaseRecord.completedSteps()).containsExactly("interface-groups", "auto-scaling",
                "target-groups", "termination-settings", "tags");
        assertThat(releaseRecord.artifacts()).containsEntry(ReleaseInstance.QUARANTINE_RECORD,
                quarantineRecord.ledgerId());
        assertThat(released.reason()).contains("desired capacity grew by one");
    }

    @Test
    void refusesAnInstanceCarryingTheProtectionTagReadFromEc2() {
        account.ec2().createTags(r -> r.resources(web.instanceId())
                .tags(Tag.builder().key("hub-responder:protected").value("true").build()));

        ActionOutcome outcome = responder(Map.of()).quarantine(finding, quarantine(web.instanceId()));

        assertThat(outcome.kind()).isEqualTo(ActionOutcome.Kind.REFUSED);
        assertThat(outcome.reason()).contains(web.instanceId(), "hub-responder:protected=true");
        assertThat(changesSent()).isEmpty();
        assertThat(ledger.find(key(ResponseAction.QUARANTINE_INSTANCE)).orElseThrow().state())
                .isEqualTo(LedgerState.REFUSED);
    }

    @Test
    void refusesAnInstanceWhoseInterfaceCarriesTheProtectionTagThoughTheInstanceDoesNot() {
        account.ec2().createTags(r -> r.resources(web.primaryInterfaceId())
                .tags(Tag.builder().key("hub-responder:protected").value("TRUE").build()));

        ActionOutcome outcome = responder(Map.of()).quarantine(finding, quarantine(web.instanceId()));

        assertThat(outcome.kind()).isEqualTo(ActionOutcome.Kind.REFUSED);
        assertThat(outcome.reason()).contains(web.instanceId() + " has an interface carrying the protection tag "
                + "hub-responder:protected=TRUE", web.primaryInterfaceId());
        assertThat(changesSent()).isEmpty();
    }

    @Test
    void refusesWhenTheInstanceCannotBeReadFailingClosed() {
        Responder responder = responder(Map.of(), UnaryOperator.identity(),
                new DeniedOperation("DescribeInstanceAttribute"));

        ActionOutcome outcome = responder.quarantine(finding, quarantine(web.instanceId()));

        assertThat(outcome.kind()).isEqualTo(ActionOutcome.Kind.REFUSED);
        assertThat(outcome.reason()).contains("cannot be read", "UnauthorizedOperation");
        assertThat(changesSent()).isEmpty();
    }

    @Test
    void resumesAfterARetryableFailureMidwayWithoutRedoingEarlierSteps() {
        boolean[] throttled = {false};
        Responder responder = responder(Map.of(), real -> new DelegatingControls(real) {
            @Override
            public StepResult enterStandby(String autoScalingGroup, String instanceId) {
                if (!throttled[0]) {
                    throttled[0] = true;
                    throw new RetryableContainmentException("EnterStandby throttled (Throttling: Rate exceeded)");
                }
                return super.enterStandby(autoScalingGroup, instanceId);
            }
        });

        assertThatThrownBy(() -> responder.quarantine(finding, quarantine(web.instanceId())))
                .isInstanceOf(RetryableContainmentException.class);
        LedgerEntry interrupted = ledger.find(key(ResponseAction.QUARANTINE_INSTANCE)).orElseThrow();
        assertThat(interrupted.state()).isEqualTo(LedgerState.PLANNED);
        assertThat(interrupted.leaseUntil()).isNull();
        assertThat(interrupted.completedSteps()).containsExactly("termination-protection", "untracked-groups",
                "isolation-groups");

        ActionOutcome retried = responder.quarantine(finding, quarantine(web.instanceId()));

        assertThat(retried.kind()).isEqualTo(ActionOutcome.Kind.DONE);
        assertThat(retried.entry().completedSteps()).containsExactly("termination-protection", "untracked-groups",
                "isolation-groups", "auto-scaling", "target-groups", "snapshots", "tags");
        assertThat(retried.entry().preState()).isEqualTo(interrupted.preState());
        assertThat(sent.of(ModifyInstanceAttributeRequest.class)).hasSize(2);
        assertThat(sent.of(ModifyNetworkInterfaceAttributeRequest.class)).hasSize(4);
        assertThat(lifecycleState(web.instanceId())).isEqualTo("Standby");
    }

    @Test
    void aPermanentFailureSaysWhichStepsCompleted() {
        Responder responder = responder(Map.of(), real -> new DelegatingControls(real) {
            @Override
            public Snapshots snapshotVolumes(String instanceId, List<String> volumeIds, Map<String, String> tags) {
                return Snapshots.failed(Map.of(), "CreateSnapshot of " + volumeIds.get(0)
                        + " failed: SnapshotLimitExceeded: the limit of snapshots was exceeded");
            }
        });

        ActionOutcome outcome = responder.quarantine(finding, quarantine(web.instanceId()));

        assertThat(outcome.kind()).isEqualTo(ActionOutcome.Kind.FAILED);
        assertThat(outcome.reason()).contains("failed at step snapshots", "SnapshotLimitExceeded",
                "completed: termination-protection, untracked-groups, isolation-groups, auto-scaling, target-groups");
        LedgerEntry record = ledger.find(key(ResponseAction.QUARANTINE_INSTANCE)).orElseThrow();
        assertThat(record.state()).isEqualTo(LedgerState.FAILED);
        assertThat(record.completedSteps()).containsExactly("termination-protection", "untracked-groups",
                "isolation-groups", "auto-scaling", "target-groups");

        ActionOutcome released = responder.release(finding, release(web.instanceId()));
        assertThat(released.kind()).isEqualTo(ActionOutcome.Kind.DONE);
        assertThat(lifecycleState(web.instanceId())).isEqualTo("InService");
    }

    @Test
    void skipsRequesterManagedInterfacesAndSaysWhy() {
        Responder responder = responder(Map.of(), UnaryOperator.identity(),
                new RequesterManagedInterface(web.secondaryInterfaceId()));

        ActionOutcome outcome = responder.quarantine(finding, quarantine(web.instanceId()));

        assertThat(outcome.kind()).isEqualTo(ActionOutcome.Kind.DONE);
        assertThat(groupsSentPerInterface()).containsOnlyKeys(web.primaryInterfaceId());
        assertThat(outcome.entry().artifacts()).containsKey("skipped:" + web.secondaryInterfaceId());
        assertThat(outcome.entry().artifacts().get("skipped:" + web.secondaryInterfaceId()))
                .contains("requester-managed");
        assertThat(outcome.reason()).contains("skipped " + web.secondaryInterfaceId() + " (requester-managed)");
    }

    @Test
    void shadowModeRecordsThePreStateAndWhatItWouldDoAndChangesNothing() {
        ActionOutcome outcome = responder(Map.of("RESPONDER_SHADOW_MODE", "true"))
                .quarantine(finding, quarantine(web.instanceId()));

        assertThat(outcome.kind()).isEqualTo(ActionOutcome.Kind.SHADOW);
        assertThat(changesSent()).isEmpty();
        LedgerEntry record = ledger.find(key(ResponseAction.QUARANTINE_INSTANCE)).orElseThrow();
        assertThat(record.state()).isEqualTo(LedgerState.SHADOW);
        assertThat(PreStateJson.read(record.preState())).get()
                .extracting(InstanceDescription::instanceId).isEqualTo(web.instanceId());
        assertThat(record.artifacts().get("wouldDo")).contains("untracked group", "isolation group",
                "snapshot");
        assertThat(terminationProtection(web.instanceId())).isFalse();
    }

    @Test
    void theKillSwitchRefusesAndChangesNothing() {
        ActionOutcome outcome = responder(Map.of("RESPONDER_KILL_SWITCH", "true"))
                .quarantine(finding, quarantine(web.instanceId()));

        assertThat(outcome.kind()).isEqualTo(ActionOutcome.Kind.REFUSED);
        assertThat(outcome.reason()).contains("kill switch");
        assertThat(sent.all()).isEmpty();
    }

    @Test
    void reusesTheQuarantineGroupsOfTheVpcFoundByTheirTags() {
        Responder responder = responder(Map.of());
        responder.quarantine(finding, quarantine(web.instanceId()));
        String other = account.plainInstance(web, "batch", Map.of());
        Finding second = TestFindings.guardDuty(FINDING_ID + "-2", MotoServer.ACCOUNT, T0);

        ActionOutcome outcome = responder.quarantine(second, quarantine(other));

        assertThat(outcome.kind()).isEqualTo(ActionOutcome.Kind.DONE);
        assertThat(sent.of(CreateSecurityGroupRequest.class)).hasSize(2);
        assertThat(account.ec2().describeSecurityGroups(r -> r.filters(Filter.builder()
                .name("tag-key").values(QuarantineTags.QUARANTINE_GROUP).build())).securityGroups()).hasSize(2);
    }

    @Test
    void aSecondFindingOnAQuarantinedInstancePointsAtTheFirstRecordAndReleaseRestoresFromIt() {
        Responder responder = responder(Map.of());
        ActionOutcome first = responder.quarantine(finding, quarantine(web.instanceId()));
        Finding second = TestFindings.guardDuty(FINDING_ID + "-2", MotoServer.ACCOUNT, T0);
        sent.clear();

        ActionOutcome again = responder.quarantine(second, quarantine(web.instanceId()));

        assertThat(again.kind()).isEqualTo(ActionOutcome.Kind.DONE);
        assertThat(again.reason()).contains("already quarantined under " + first.entry().ledgerId());
        assertThat(changesSent()).isEmpty();

        responder.release(second, release(web.instanceId()));

        assertThat(groupsSentPerInterface()).containsEntry(web.primaryInterfaceId(),
                List.of(List.of(web.appGroupId())));
        assertThat(ledger.find(first.entry().key()).orElseThrow().state()).isEqualTo(LedgerState.RELEASED);
        assertThat(ledger.find(again.entry().key()).orElseThrow().state()).isEqualTo(LedgerState.RELEASED);
    }

    @Test
    void detachesFromTheAutoScalingGroupWhenConfiguredAndReattachesOnRelease() {
        Responder responder = responder(Map.of("RESPONDER_EC2_ASG_ACTION", "detach"));

        responder.quarantine(finding, quarantine(web.instanceId()));

        assertThat(sent.of(DetachInstancesRequest.class)).singleElement()
                .satisfies(r -> assertThat(r.shouldDecrementDesiredCapacity()).isFalse());
        assertThat(lifecycleState(web.instanceId())).isNull();

        responder.release(finding, release(web.instanceId()));

        assertThat(lifecycleState(web.instanceId())).isEqualTo("InService");
    }

    @Test
    void releaseRefusesWithoutALedgerRecord() {
        ActionOutcome outcome = responder(Map.of()).release(finding, release(web.instanceId()));

        assertThat(outcome.kind()).isEqualTo(ActionOutcome.Kind.REFUSED);
        assertThat(outcome.reason()).contains("no ledger record of a quarantine of " + web.instanceId());
        assertThat(changesSent()).isEmpty();
    }

    @Test
    void releaseRefusesWhenAnInterfaceWasAttachedSinceTheQuarantine() {
        Responder responder = responder(Map.of());
        responder.quarantine(finding, quarantine(web.instanceId()));
        String added = account.ec2().createNetworkInterface(r -> r.subnetId(web.subnetId())).networkInterface()
                .networkInterfaceId();
        account.ec2().attachNetworkInterface(r -> r.networkInterfaceId(added).instanceId(web.instanceId())
                .deviceIndex(2));
        sent.clear();

        ActionOutcome outcome = responder.release(finding, release(web.instanceId()));

        assertThat(outcome.kind()).isEqualTo(ActionOutcome.Kind.REFUSED);
        assertThat(outcome.reason()).contains("unsafe", added + " were attached");
        assertThat(changesSent()).isEmpty();
        assertThat(ledger.find(key(ResponseAction.QUARANTINE_INSTANCE)).orElseThrow().state())
                .isEqualTo(LedgerState.DONE);
    }

    @Test
    void releaseRefusesATerminatedInstance() {
        Responder responder = responder(Map.of());
        responder.quarantine(finding, quarantine(web.instanceId()));
        account.ec2().modifyInstanceAttribute(r -> r.instanceId(web.instanceId())
                .disableApiTermination(b -> b.value(false)));
        account.ec2().terminateInstances(r -> r.instanceIds(web.instanceId()));
        sent.clear();

        ActionOutcome outcome = responder.release(finding, release(web.instanceId()));

        assertThat(outcome.kind()).isEqualTo(ActionOutcome.Kind.REFUSED);
        assertThat(outcome.reason()).contains(web.instanceId() + " is terminated");
        assertThat(changesSent()).isEmpty();
    }

    // --- wiring -------------------------------------------------------------------------------------------------

    /**
     * The two services on real adapters whose clients record their requests into {@link #sent}. The finding names
     * the action's instance by its ARN in the emulator's account and Region, as GuardDuty's do.
     */
    record Responder(QuarantineInstance quarantineService, ReleaseInstance releaseService) {
        ActionOutcome quarantine(Finding finding, PlannedAction action) {
            return quarantineService.quarantine(naming(finding, action.target()), action);
        }

        ActionOutcome release(Finding finding, PlannedAction action) {
            return releaseService.release(naming(finding, action.target()), action);
        }

        static Finding naming(Finding f, String instanceId) {
            Resource instance = new Resource("AwsEc2Instance", "arn:aws:ec2:" + MotoServer.REGION + ":"
                    + MotoServer.ACCOUNT + ":instance/" + instanceId, MotoServer.REGION, Map.of(),
                    new Ec2InstanceDetails(instanceId, null, null, List.of(), List.of()), null);
            return new Finding(f.schema(), f.id(), f.productArn(), f.productName(), f.companyName(), f.accountId(),
                    f.region(), f.types(), f.severity(), f.normalizedScore(), f.recordState(), f.workflowStatus(),
                    f.title(), f.description(), f.createdAt(), f.updatedAt(), f.firstObservedAt(), List.of(instance),
                    f.remoteAddresses(), f.resourceRole(), f.userDefinedFields(), f.ocsfMetadataUid());
        }
    }

    Responder responder(Map<String, String> env) {
        return responder(env, UnaryOperator.identity());
    }

    Responder responder(Map<String, String> env, UnaryOperator<InstanceControls> wrap,
                        ExecutionInterceptor... answers) {
        ExecutionInterceptor[] interceptors = new ExecutionInterceptor[answers.length + 1];
        interceptors[0] = sent;
        System.arraycopy(answers, 0, interceptors, 1, answers.length);
        Ec2Client ec2 = EmulatedAccount.ec2Client(moto.endpointUri(), interceptors);
        AutoScalingClient autoScaling = EmulatedAccount.autoScalingClient(moto.endpointUri(), sent);
        ElasticLoadBalancingV2Client elb = EmulatedAccount.elbClient(moto.endpointUri(), sent);
        ResponderConfig config = ResponderConfig.fromEnv(env);
        QuarantineSettings settings = QuarantineSettings.fromEnv(env);
        ActionRunner runner = new ActionRunner(ledger, config, ResponderMetrics.NONE, LEASE, clock);
        InstanceInventory inventory = new Ec2InstanceInventory(ec2, autoScaling, elb);
        InstanceControls controls = wrap.apply(new Ec2InstanceControls(ec2, autoScaling, elb));
        Reachable<InstanceAccess> access = Reachable.everywhere(new InstanceAccess(inventory, controls));
        return new Responder(
                new QuarantineInstance(runner, ledger, access, config, settings, clock),
                new ReleaseInstance(runner, ledger, access, clock));
    }

    static PlannedAction quarantine(String instanceId) {
        return new PlannedAction(ResponseAction.QUARANTINE_INSTANCE, instanceId, "CRITICAL GuardDuty finding, "
                + "instance is the actor", false);
    }

    static PlannedAction release(String instanceId) {
        return new PlannedAction(ResponseAction.RELEASE_INSTANCE, instanceId, "analyst chose HubRespRelease", false);
    }

    ActionKey key(ResponseAction action) {
        return new ActionKey(FINDING_ID, action, web.instanceId());
    }

    // --- what a user would look at ------------------------------------------------------------------------------

    /** Per interface, the group lists sent to it, in order. */
    Map<String, List<List<String>>> groupsSentPerInterface() {
        Map<String, List<List<String>>> byInterface = new LinkedHashMap<>();
        for (ModifyNetworkInterfaceAttributeRequest r : sent.of(ModifyNetworkInterfaceAttributeRequest.class)) {
            byInterface.computeIfAbsent(r.networkInterfaceId(), k -> new ArrayList<>()).add(r.groups());
        }
        return byInterface;
    }

    /** Requests that change something in the account (everything but Describe…). */
    List<String> changesSent() {
        return sent.all().stream().map(SdkRequest::getClass).map(Class::getSimpleName)
                .filter(name -> !name.startsWith("Describe"))
                .toList();
    }

    SecurityGroup quarantineGroup(String role) {
        return account.ec2().describeSecurityGroups(r -> r.filters(
                        Filter.builder().name("vpc-id").values(web.vpcId()).build(),
                        Filter.builder().name("tag:" + QuarantineTags.QUARANTINE_GROUP).values(role).build()))
                .securityGroups().get(0);
    }

    static boolean allowsEverything(List<IpPermission> rules) {
        boolean ipv4 = rules.stream().anyMatch(p -> "-1".equals(p.ipProtocol())
                && p.ipRanges().stream().anyMatch(r -> "0.0.0.0/0".equals(r.cidrIp())));
        boolean ipv6 = rules.stream().anyMatch(p -> "-1".equals(p.ipProtocol())
                && p.ipv6Ranges().stream().anyMatch(r -> "::/0".equals(r.cidrIpv6())));
        return ipv4 && ipv6;
    }

    boolean terminationProtection(String instanceId) {
        return account.ec2().describeInstanceAttribute(r -> r.instanceId(instanceId)
                .attribute(InstanceAttributeName.DISABLE_API_TERMINATION)).disableApiTermination().value();
    }

    String shutdownBehavior(String instanceId) {
        return account.ec2().describeInstanceAttribute(r -> r.instanceId(instanceId)
                        .attribute(InstanceAttributeName.INSTANCE_INITIATED_SHUTDOWN_BEHAVIOR))
                .instanceInitiatedShutdownBehavior().value();
    }

    String lifecycleState(String instanceId) {
        return account.autoScaling().describeAutoScalingInstances(r -> r.instanceIds(instanceId))
                .autoScalingInstances().stream().findFirst().map(i -> i.lifecycleState()).orElse(null);
    }

    List<String> registeredTargets() {
        return account.elb().describeTargetHealth(r -> r.targetGroupArn(web.targetGroupArn()))
                .targetHealthDescriptions().stream()
                .map(TargetHealthDescription::target)
                .map(t -> t.id())
                .toList();
    }

    List<Snapshot> evidenceSnapshots() {
        return account.ec2().describeSnapshots(r -> r.ownerIds("self").filters(Filter.builder()
                .name("tag:" + QuarantineTags.FINDING_ID).values(FINDING_ID).build())).snapshots();
    }

    Map<String, String> tagsOf(String instanceId) {
        Map<String, String> tags = new HashMap<>();
        account.describe(instanceId).tags().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }
}
