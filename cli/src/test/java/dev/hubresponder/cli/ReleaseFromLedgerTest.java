package dev.hubresponder.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.ledger.ActionKey;
import dev.hubresponder.ledger.ActionLedger;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.plan.Plan;
import dev.hubresponder.plan.ResponsePlanner;
import dev.hubresponder.policy.ResponseAction;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code release} and {@code unblock} build from the ledger, and how they refuse when they cannot. */
class ReleaseFromLedgerTest {
    private static final String FINDING = "arn:aws:guardduty:us-east-1:123456789012:detector/d/finding/f1";
    private static final String PRODUCT = "arn:aws:securityhub:us-east-1::product/aws/guardduty";
    private static final String INSTANCE = "i-0a1b2c3d4e5f60718";
    private static final String TASK = "arn:aws:ecs:us-east-1:123456789012:task/prod/3f1c9a7e5b2d4c6a8e0f1a2b3c4d5e6f";
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private final ObjectMapper mapper = new ObjectMapper();
    private final Records ledger = new Records();
    private final ReleaseFromLedger releases = new ReleaseFromLedger(ledger, "LedgerTable",
            ResponderConfig.fromEnv(Map.of()).customActions(), "us-east-1", mapper, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void releaseOfAQuarantinedInstanceIsTheReleaseActionThePolicyPlansForIt() throws Exception {
        ledger.add(record(ResponseAction.QUARANTINE_INSTANCE, INSTANCE, LedgerState.DONE));

        ReleaseFromLedger.Request request = releases.release(INSTANCE);

        assertThat(request.functionLogicalId()).isEqualTo("QuarantineInstanceFunction");
        assertThat(request.event().path("resources").get(0).asText())
                .isEqualTo("arn:aws:securityhub:us-east-1:123456789012:action/custom/HubRespRelease");
        assertThat(plannedActions(request.event())).containsExactly(ResponseAction.RELEASE_INSTANCE + " " + INSTANCE,
                ResponseAction.ALERT + " null");
    }

    @Test
    void releaseOfAMemberAccountsInstanceNamesTheAccountAndRegionItsRecordActedIn() throws Exception {
        ActionKey key = new ActionKey(FINDING.replace("123456789012", "111122223333"),
                ResponseAction.QUARANTINE_INSTANCE, INSTANCE);
        ledger.add(new LedgerEntry(key, key.ledgerId(), LedgerState.DONE, "test", PRODUCT, "111122223333", "CRITICAL",
                null, List.of(), Map.of("actedInAccount", "111122223333", "actedInRegion", "us-west-2"),
                NOW.minusSeconds(60), NOW.minusSeconds(60), null, 1));

        ReleaseFromLedger.Request request = releases.release(INSTANCE);

        JsonNode finding = request.event().at("/detail/findings/0");
        assertThat(finding.path("AwsAccountId").asText()).isEqualTo("111122223333");
        assertThat(finding.path("Region").asText()).isEqualTo("us-west-2");
        assertThat(finding.at("/Resources/0/Id").asText())
                .isEqualTo("arn:aws:ec2:us-west-2:111122223333:instance/" + INSTANCE);
        assertThat(plannedActions(request.event())).containsExactly(ResponseAction.RELEASE_INSTANCE + " " + INSTANCE,
                ResponseAction.ALERT + " null");
    }

    @Test
    void releaseOfAStoppedTaskGoesToTheStopTaskFunctionWithItsCluster() throws Exception {
        ledger.add(record(ResponseAction.STOP_TASK, TASK, LedgerState.DONE));

        ReleaseFromLedger.Request request = releases.release(TASK);

        assertThat(request.functionLogicalId()).isEqualTo("StopTaskFunction");
        assertThat(request.event().at("/detail/findings/0/Resources/0/Details/AwsEcsTask/ClusterArn").asText())
                .isEqualTo("arn:aws:ecs:us-east-1:123456789012:cluster/prod");
        assertThat(plannedActions(request.event())).contains(ResponseAction.RELEASE_TASK + " " + TASK);
    }

    @Test
    void unblockNamesTheHostTheResponderBlocked() throws Exception {
        ledger.add(record(ResponseAction.BLOCK_ADDRESS, "185.220.101.45/32", LedgerState.DONE));

        ReleaseFromLedger.Request request = releases.unblock("185.220.101.45");

        assertThat(request.functionLogicalId()).isEqualTo("BlockAddressesFunction");
        assertThat(plannedActions(request.event())).contains(ResponseAction.UNBLOCK_ADDRESS + " 185.220.101.45/32");
    }

    @Test
    void releaseOfADeactivatedKeyNamesTheKeyAndItsUserForRevokeCredentials() throws Exception {
        String key = "AKIA5EXAMPLEBUILDBOT";
        ledger.add(record(ResponseAction.REVOKE_CREDENTIALS, key, LedgerState.DONE)
                .withPreState("{\"kind\":\"USER_KEY\",\"user\":{\"userName\":\"build-bot\"}}", NOW));

        ReleaseFromLedger.Request request = releases.release(key);

        assertThat(request.functionLogicalId()).isEqualTo("RevokeCredentialsFunction");
        assertThat(plannedActions(request.event())).containsExactly(ResponseAction.RELEASE_CREDENTIALS + " " + key,
                ResponseAction.ALERT + " null");
    }

    @Test
    void releaseOfARoleFindsItsRevocationWhateverThePathGiven() throws Exception {
        String role = "arn:aws:iam::123456789012:role/web-app-instance-role";
        ledger.add(record(ResponseAction.REVOKE_CREDENTIALS, role, LedgerState.DONE));

        ReleaseFromLedger.Request request = releases.release("arn:aws:iam::123456789012:role/apps/web-app-instance-role");

        assertThat(request.functionLogicalId()).isEqualTo("RevokeCredentialsFunction");
        assertThat(plannedActions(request.event())).containsExactly(ResponseAction.RELEASE_CREDENTIALS + " " + role,
                ResponseAction.ALERT + " null");
    }

    @Test
    void refusesATargetTheLedgerDoesNotKnow() {
        assertThatThrownBy(() -> releases.release(INSTANCE))
                .isInstanceOf(ReleaseFromLedger.NothingToReleaseException.class)
                .hasMessageContaining("no quarantine of " + INSTANCE + " in the ledger (table LedgerTable)");
    }

    @Test
    void refusesWhenTheNewestContainmentIsNotInForce() {
        ledger.add(record(ResponseAction.QUARANTINE_INSTANCE, INSTANCE, LedgerState.RELEASED));

        assertThatThrownBy(() -> releases.release(INSTANCE))
                .isInstanceOf(ReleaseFromLedger.NothingToReleaseException.class)
                .hasMessageContaining("no quarantine of " + INSTANCE + " is in force")
                .hasMessageContaining("is RELEASED");
    }

    @Test
    void refusesSomethingThatIsNeitherAnInstanceATaskAKeyNorARole() {
        assertThatThrownBy(() -> releases.release("web-1"))
                .hasMessageContaining("is neither an instance id (i-…), an ECS task ARN")
                .hasMessageContaining("an IAM user's access key id (AKIA…) nor a role ARN");
    }

    @Test
    void refusesToUnblockAnAddressThatIsNeverBlocked() {
        assertThatThrownBy(() -> releases.unblock("10.0.0.8"))
                .hasMessageContaining("'10.0.0.8' is never blocked");
    }

    private List<String> plannedActions(JsonNode event) throws Exception {
        Plan plan = new ResponsePlanner(ResponderConfig.fromEnv(Map.of()), mapper)
                .plan(mapper.writeValueAsBytes(event));
        assertThat(plan.errors()).isEmpty();
        return plan.decisions().get(0).actions().stream().map(a -> a.action() + " " + a.target()).toList();
    }

    private static LedgerEntry record(ResponseAction action, String target, LedgerState state) {
        ActionKey key = new ActionKey(FINDING, action, target);
        return new LedgerEntry(key, key.ledgerId(), state, "test", PRODUCT, "123456789012", "CRITICAL", null,
                List.of(), Map.of(), NOW.minusSeconds(60), NOW.minusSeconds(60), null, 1);
    }

    /** Records by target, newest first, as the ledger's byTarget index answers. */
    private static final class Records implements ActionLedger {
        private final List<LedgerEntry> entries = new ArrayList<>();

        void add(LedgerEntry entry) {
            entries.add(entry);
        }

        @Override
        public List<LedgerEntry> findByTarget(String target) {
            return entries.stream().filter(e -> target.equals(e.key().target()))
                    .sorted(Comparator.comparing(LedgerEntry::createdAt).reversed()).toList();
        }

        @Override
        public Claim claim(LedgerEntry proposed) {
            throw new UnsupportedOperationException("release only reads the ledger");
        }

        @Override
        public Optional<LedgerEntry> find(ActionKey key) {
            throw new UnsupportedOperationException("release only reads by target");
        }

        @Override
        public LedgerEntry update(LedgerEntry changed) {
            throw new UnsupportedOperationException("release only reads the ledger");
        }

        @Override
        public List<LedgerEntry> findByFinding(String findingId) {
            throw new UnsupportedOperationException("release only reads by target");
        }

        @Override
        public int countContainments(String accountId, Instant since) {
            throw new UnsupportedOperationException("release only reads the ledger");
        }

        @Override
        public boolean markCapReached(String accountId, Instant hourStart) {
            throw new UnsupportedOperationException("release only reads the ledger");
        }

        @Override
        public WindowPlace takeWindowPlace(String window, int limit) {
            throw new UnsupportedOperationException("release only reads the ledger");
        }
    }
}
