package dev.hubresponder.containment.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubresponder.action.ActionRunner;
import dev.hubresponder.action.Reachable;
import dev.hubresponder.alert.AlertComposer;
import dev.hubresponder.alert.AlertContext;
import dev.hubresponder.alert.AlertMessage;
import dev.hubresponder.audit.AuditTrail;
import dev.hubresponder.audit.FindingNote;
import dev.hubresponder.audit.NoteReport;
import dev.hubresponder.aws.iam.SdkIamPrincipals;
import dev.hubresponder.aws.ledger.DynamoDbActionLedger;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.containment.ContainmentResponse;
import dev.hubresponder.handoff.StageReport;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.metrics.ResponderMetrics;
import dev.hubresponder.plan.ResponsePlanner;
import dev.hubresponder.policy.Decision;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.policy.TrustPolicy;
import dev.hubresponder.testing.MotoLedger;
import dev.hubresponder.testing.MutableClock;
import dev.hubresponder.ticket.TicketComposer;
import dev.hubresponder.ticket.TicketContent;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Credential containment and release, from the GuardDuty events in {@code events/} through the policy, against
 * moto's IAM (users, access keys, inline role policies, tags: aws-facts §9) and DynamoDB (the ledger). Notes go to
 * an in-memory recorder (moto has no {@code BatchUpdateFindings}). Precondition: {@code moto_server} installed; the
 * test starts it on a free 127.0.0.1 port and fails, naming the install command, when it is missing.
 *
 * <p>The events name a key and a role that do not exist in moto: each test creates the user (moto picks the key
 * id) or the role and puts the real key id in the event's place. What is asserted is what an analyst would see:
 * the key's status and the role's inline policies in IAM, the tags, the ledger records and the notes.
 */
class RevokeCredentialsTest {
    static final Path EVENTS = Path.of("..", "events");
    static final String USER_EVENT = "custom-action-revoke.json";
    static final String USER_KEY_IN_EVENT = "AKIA5EXAMPLEBUILDBOT";
    static final String USER = "build-bot";
    static final String ROLE_EVENT = "guardduty-iam-instance-credential-exfiltration-outside-aws-high.json";
    static final String ROLE_RELEASE_EVENT = "custom-action-release-credentials.json";
    static final String ROLE = "web-app-instance-role";
    static final String ROLE_ARN = "arn:aws:iam::123456789012:role/" + ROLE;
    static final String APP_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::web-app-assets/*\"}]}";
    static final Instant T0 = Instant.parse("2026-11-21T03:25:02Z");
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final MotoLedger MOTO = new MotoLedger();
    static IamClient iam;

    MutableClock clock;
    DynamoDbActionLedger ledger;
    List<FindingNote> notes;

    @BeforeAll
    static void iamClient() {
        iam = MOTO.server().client(IamClient.builder()).build();
    }

    @AfterAll
    static void closeIam() {
        iam.close();
    }

    @BeforeEach
    void freshAccount() {
        clock = new MutableClock(T0);
        ledger = MOTO.fresh(clock);
        notes = new ArrayList<>();
    }

    @Test
    void anIamUserKeyIsDeactivatedNotDeletedWithTheEvidenceRecordedFirst() throws IOException {
        String key = userWithKeys();
        String spare = iam.createAccessKey(r -> r.userName(USER)).accessKey().accessKeyId();

        StageReport report = respond(Map.of(), userEvent(key, USER_EVENT));

        assertThat(report.findings().get(0).summary()).startsWith("DONE REVOKE_CREDENTIALS " + key);
        assertThat(keyStatus(key)).isEqualTo("Inactive");
        assertThat(keyStatus(spare)).isEqualTo("Active");
        LedgerEntry record = revocation(key);
        assertThat(record.state()).isEqualTo(LedgerState.DONE);
        assertThat(record.completedSteps()).containsExactly("deactivate-key", "tag-user");
        assertThat(record.reason()).isEqualTo("access key " + key + " of IAM user build-bot deactivated (was Active,"
                + " never used), not deleted; the user's other active keys: " + spare);
        assertThat(RevocationGuidance.of(record)).get().asString()
                .startsWith("Still working: the user's other active access keys, its console password")
                .contains("Rotate: create a new key");
        JsonNode evidence = JSON.readTree(record.preState());
        assertThat(evidence.path("kind").asText()).isEqualTo("USER_KEY");
        assertThat(evidence.path("user").path("status").asText()).isEqualTo("Active");
        assertThat(evidence.path("user").path("createdAt").asText()).isNotBlank();
        assertThat(texts(evidence.path("user").path("inlinePolicies"))).containsExactly("ci-deploy");
        assertThat(texts(evidence.path("user").path("attachedPolicies"))).containsExactly("ReadOnlyAccess");
        assertThat(texts(evidence.path("user").path("groups"))).containsExactly("builders");
        assertThat(texts(evidence.path("apiCalls"))).containsExactly("secretsmanager.amazonaws.com:GetSecretValue");
        assertThat(texts(evidence.path("sourceAddresses"))).containsExactly("185.220.101.45");
        assertThat(userTags()).containsEntry(CredentialTags.REVOKED, key)
                .containsEntry(CredentialTags.LEDGER_ID, record.ledgerId())
                .containsEntry(CredentialTags.FINDING_ID, record.key().findingId());
        assertThat(notes).singleElement().satisfies(note -> assertThat(note.text())
                .startsWith("hub-responder DONE REVOKE_CREDENTIALS " + key + ": access key " + key)
                .contains(record.ledgerId()));
    }

    @Test
    void aHighInstanceCredentialExfiltrationRevokesTheInstanceRolesOlderSessionsOnly() throws IOException {
        roleWithAppPolicy(Map.of());

        StageReport report = respond(Map.of(), event(ROLE_EVENT));

        assertThat(report.findings().get(0).summary()).startsWith("DONE REVOKE_CREDENTIALS " + ROLE_ARN);
        assertThat(iam.listRolePolicies(r -> r.roleName(ROLE)).policyNames())
                .containsExactlyInAnyOrder("app-access", RevokeSessionsPolicy.NAME);
        JsonNode deny = JSON.readTree(rolePolicy(RevokeSessionsPolicy.NAME)).path("Statement").get(0);
        assertThat(deny.path("Effect").asText()).isEqualTo("Deny");
        assertThat(texts(deny.path("Action"))).containsExactly("*");
        assertThat(deny.path("Condition").path("DateLessThan").path("aws:TokenIssueTime").asText())
                .isEqualTo("2026-11-21T03:25:02Z");
        assertThat(JSON.readTree(rolePolicy("app-access"))).isEqualTo(JSON.readTree(APP_POLICY));
        LedgerEntry record = revocation(ROLE_ARN);
        assertThat(record.state()).isEqualTo(LedgerState.DONE);
        assertThat(record.artifacts()).containsEntry(RevokeCredentials.ISSUED_BEFORE, "2026-11-21T03:25:02Z");
        assertThat(record.reason()).isEqualTo("sessions of role " + ROLE + " issued before 2026-11-21T03:25:02Z"
                + " (ASIA5EXAMPLEQ7RSTUVW among them) denied by inline policy " + RevokeSessionsPolicy.NAME
                + "; the role's other policies are unchanged");
        assertThat(RevocationGuidance.of(record)).get().asString()
                .startsWith("Still working: sessions of " + ROLE_ARN + " issued after 2026-11-21T03:25:02Z");
        JsonNode evidence = JSON.readTree(record.preState());
        assertThat(evidence.path("accessKeyId").asText()).isEqualTo("ASIA5EXAMPLEQ7RSTUVW");
        assertThat(texts(evidence.path("role").path("inlinePolicies"))).containsExactly("app-access");
        assertThat(texts(evidence.path("apiCalls"))).containsExactly("s3.amazonaws.com:ListBuckets");
        assertThat(roleTags()).containsEntry(CredentialTags.LEDGER_ID, record.ledgerId());
        assertThat(notes).singleElement().satisfies(note -> assertThat(note.text())
                .startsWith("hub-responder DONE REVOKE_CREDENTIALS " + ROLE_ARN + ": sessions of role " + ROLE));
    }

    @Test
    void theCriticalIamAttackSequenceRevokesTheSessionsOfTheRoleItNames() throws IOException {
        String deployer = "ci-deployer";
        iam.createRole(r -> r.roleName(deployer).assumeRolePolicyDocument(trust()));
        iam.putRolePolicy(r -> r.roleName(deployer).policyName("deploy").policyDocument(APP_POLICY));

        StageReport report = respond(Map.of(), event("guardduty-attack-sequence-iam-credentials-critical.json"));

        String deployerArn = "arn:aws:iam::123456789012:role/" + deployer;
        assertThat(report.findings().get(0).summary()).startsWith("DONE REVOKE_CREDENTIALS " + deployerArn);
        assertThat(iam.listRolePolicies(r -> r.roleName(deployer)).policyNames())
                .containsExactlyInAnyOrder("deploy", RevokeSessionsPolicy.NAME);
        assertThat(ledger.findByTarget(deployerArn)).singleElement().satisfies(record -> {
            assertThat(record.key().action()).isEqualTo(ResponseAction.REVOKE_CREDENTIALS);
            assertThat(record.state()).isEqualTo(LedgerState.DONE);
        });
        Decision decision = new ResponsePlanner(ResponderConfig.fromEnv(Map.of()), JSON)
                .plan(event("guardduty-attack-sequence-iam-credentials-critical.json")).decisions().get(0);
        assertThat(decision.rule()).isEqualTo("playbook rule attack-sequence-iam-credentials");
        assertThat(decision.actionsOf(ResponseAction.BLOCK_ADDRESS)).as("API callers are not WAF's to block")
                .isEmpty();
    }

    @Test
    void theTicketAndTheAlertSayWhatWasRevokedWhatStillWorksAndHowToRotate() throws IOException {
        roleWithAppPolicy(Map.of());
        Map<String, String> env = Map.of();
        respond(env, event(ROLE_EVENT));
        Decision decision = new ResponsePlanner(ResponderConfig.fromEnv(env), JSON).plan(event(ROLE_EVENT))
                .decisions().get(0);
        List<LedgerEntry> history = ledger.findByFinding(decision.finding().id());

        TrustPolicy trust = new TrustPolicy(ResponderConfig.fromEnv(env));
        TicketContent ticket = new TicketComposer(trust).compose(decision, history, List.of(), "hub-responder-f",
                List.of());
        AlertMessage alert = new AlertComposer(trust).compose(decision, history, new AlertContext(
                CredentialResponse.STAGE, List.of()));

        assertThat(ticket.done()).anySatisfy(line -> assertThat(line).startsWith("Revoke credentials " + ROLE_ARN
                + " — done: sessions of role " + ROLE + " issued before 2026-11-21T03:25:02Z"));
        assertThat(ticket.done()).anySatisfy(line -> assertThat(line).startsWith("Still working: sessions of "
                + ROLE_ARN + " issued after 2026-11-21T03:25:02Z").contains("Rotate: find how the credentials left"));
        assertThat(alert.body()).contains("Revoked: credentials " + ROLE_ARN + ": sessions of role " + ROLE
                + " issued before 2026-11-21T03:25:02Z").contains("Still working: sessions of " + ROLE_ARN)
                .contains("Rotate:");
    }

    @Test
    void aPlaybookThatMakesExfiltrationWaitForApprovalRevokesNothingAndNamesTheRevokeAction() throws IOException {
        roleWithAppPolicy(Map.of());
        Map<String, String> env = Map.of("RESPONDER_PLAYBOOK", "{\"rules\":[{\"name\":"
                + "\"instance-credentials-exfiltrated\",\"producer\":\"aws/guardduty\",\"types\":"
                + "[\"UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.*\"],\"decision\":\"APPROVE\"}]}");

        StageReport report = respond(env, event(ROLE_EVENT));

        assertThat(report.findings().get(0).acted()).isFalse();
        assertThat(iam.listRolePolicies(r -> r.roleName(ROLE)).policyNames()).containsExactly("app-access");
        assertThat(ledger.findByTarget(ROLE_ARN)).isEmpty();
        Decision decision = new ResponsePlanner(ResponderConfig.fromEnv(env), JSON).plan(event(ROLE_EVENT))
                .decisions().get(0);
        assertThat(decision.actionsOf(ResponseAction.TICKET)).singleElement().satisfies(ticket -> assertThat(
                ticket.reason()).contains("custom action HubRespRevoke (Revoke credentials)"));
    }

    @Test
    void theReleaseCustomActionDeletesOnlyTheRevokePolicyAndResolvesTheFinding() throws IOException {
        roleWithAppPolicy(Map.of());
        Map<String, String> env = Map.of();
        respond(env, event(ROLE_EVENT));
        clock.advance(Duration.ofHours(6));

        StageReport report = respond(env, event(ROLE_RELEASE_EVENT));

        assertThat(report.findings().get(0).summary()).startsWith("DONE RELEASE_CREDENTIALS " + ROLE_ARN);
        assertThat(iam.listRolePolicies(r -> r.roleName(ROLE)).policyNames()).containsExactly("app-access");
        assertThat(roleTags()).doesNotContainKeys(CredentialTags.KEYS.toArray(String[]::new));
        assertThat(revocation(ROLE_ARN).state()).isEqualTo(LedgerState.RELEASED);
        assertThat(notes.get(1).text()).startsWith("hub-responder RELEASED REVOKE_CREDENTIALS " + ROLE_ARN);
        assertThat(notes.get(1).workflow().name()).isEqualTo("RESOLVED");
    }

    @Test
    void releaseReactivatesTheKeyItDeactivatedAndRemovesTheUsersTags() throws IOException {
        String key = userWithKeys();
        respond(Map.of(), userEvent(key, USER_EVENT));

        StageReport report = respond(Map.of(), releaseOf(userEvent(key, USER_EVENT)));

        assertThat(report.findings().get(0).summary()).startsWith("DONE RELEASE_CREDENTIALS " + key)
                .contains("active again");
        assertThat(keyStatus(key)).isEqualTo("Active");
        assertThat(userTags()).doesNotContainKeys(CredentialTags.KEYS.toArray(String[]::new));
        assertThat(revocation(key).state()).isEqualTo(LedgerState.RELEASED);
    }

    @Test
    void aKeyThatWasAlreadyInactiveStaysInactiveOnRelease() throws IOException {
        String key = userWithKeys();
        iam.updateAccessKey(r -> r.userName(USER).accessKeyId(key).status("Inactive"));
        respond(Map.of(), userEvent(key, USER_EVENT));

        StageReport report = respond(Map.of(), releaseOf(userEvent(key, USER_EVENT)));

        assertThat(report.findings().get(0).summary()).contains("left inactive, as it was before the revocation");
        assertThat(keyStatus(key)).isEqualTo("Inactive");
    }

    @Test
    void aDuplicateDeliveryFindsItDoneAndWritesNoSecondNote() throws IOException {
        String key = userWithKeys();
        byte[] event = userEvent(key, USER_EVENT);
        respond(Map.of(), event);

        StageReport again = respond(Map.of(), event);

        assertThat(again.findings().get(0).summary()).startsWith("ALREADY_DONE REVOKE_CREDENTIALS " + key);
        assertThat(notes).hasSize(1);
        assertThat(revocation(key).state()).isEqualTo(LedgerState.DONE);
    }

    @Test
    void aUserCarryingTheProtectionTagIsRefusedAndKeepsItsKey() throws IOException {
        String key = userWithKeys();
        iam.tagUser(r -> r.userName(USER).tags(Tag.builder().key("hub-responder:protected").value("TRUE").build()));

        StageReport report = respond(Map.of(), userEvent(key, USER_EVENT));

        assertThat(report.findings().get(0).summary()).isEqualTo("REFUSED REVOKE_CREDENTIALS " + key
                + ": IAM user build-bot carries the protection tag hub-responder:protected=TRUE");
        assertThat(keyStatus(key)).isEqualTo("Active");
        assertThat(notes.get(0).text()).startsWith("hub-responder REFUSED REVOKE_CREDENTIALS " + key);
    }

    @Test
    void aRoleCarryingTheProtectionTagIsRefusedAndGetsNoPolicy() throws IOException {
        roleWithAppPolicy(Map.of("hub-responder:protected", "true"));

        StageReport report = respond(Map.of(), event(ROLE_EVENT));

        assertThat(report.findings().get(0).summary()).startsWith("REFUSED REVOKE_CREDENTIALS " + ROLE_ARN)
                .contains("carries the protection tag");
        assertThat(iam.listRolePolicies(r -> r.roleName(ROLE)).policyNames()).containsExactly("app-access");
    }

    @Test
    void theResponderOwnRolesMatchingTheNeverRevokePatternsAreRefused() throws IOException {
        roleWithAppPolicy(Map.of());

        StageReport report = respond(Map.of("RESPONDER_CONTAIN_SEVERITIES", "HIGH",
                        CredentialSettings.NEVER_REVOKE_VARIABLE, "arn:aws:iam::123456789012:role/hub-responder-*,"
                                + "arn:aws:iam::*:role/web-app-*"), event(ROLE_EVENT));

        assertThat(report.findings().get(0).summary()).startsWith("REFUSED REVOKE_CREDENTIALS " + ROLE_ARN
                + ": role web-app-instance-role matches arn:aws:iam::*:role/web-app-* in "
                + "RESPONDER_NEVER_REVOKE_PRINCIPALS");
        assertThat(iam.listRolePolicies(r -> r.roleName(ROLE)).policyNames()).containsExactly("app-access");
    }

    @Test
    void theAccountRootIsNeverTouched() throws IOException {
        String key = userWithKeys();
        ObjectNode event = (ObjectNode) JSON.readTree(userEvent(key, USER_EVENT));
        ObjectNode details = details(event);
        details.put("PrincipalType", "Root").put("PrincipalName", "Root").put("UserName", "Root");

        StageReport report = respond(Map.of(), JSON.writeValueAsBytes(event));

        assertThat(report.findings().get(0).summary()).startsWith("REFUSED REVOKE_CREDENTIALS " + key
                + ": the credentials are the account root user's: the responder never touches root");
        assertThat(keyStatus(key)).isEqualTo("Active");
    }

    @Test
    void aServiceLinkedRoleIsNeverTouched() throws IOException {
        String path = "/aws-service-role/elasticbeanstalk.amazonaws.com/";
        iam.createRole(r -> r.roleName(ROLE).path(path).assumeRolePolicyDocument(trust()));
        ObjectNode event = (ObjectNode) JSON.readTree(event(ROLE_EVENT));
        details(event).with("SessionContext").with("SessionIssuer").put("Arn",
                "arn:aws:iam::123456789012:role" + path + ROLE);

        StageReport report = respond(Map.of("RESPONDER_CONTAIN_SEVERITIES", "HIGH"), JSON.writeValueAsBytes(event));

        assertThat(report.findings().get(0).summary()).isEqualTo("REFUSED REVOKE_CREDENTIALS " + ROLE_ARN + ": "
                + ROLE_ARN + " is a service-linked role (path " + path + "): only its AWS service may change it");
        assertThat(iam.listRolePolicies(r -> r.roleName(ROLE)).policyNames()).isEmpty();
    }

    @Test
    void inShadowModeNothingChangesAndTheRecordSaysWhatWouldHaveBeenDone() throws IOException {
        String key = userWithKeys();

        StageReport report = respond(Map.of("RESPONDER_SHADOW_MODE", "true"), userEvent(key, USER_EVENT));

        assertThat(report.findings().get(0).summary()).startsWith("SHADOW REVOKE_CREDENTIALS " + key);
        assertThat(keyStatus(key)).isEqualTo("Active");
        LedgerEntry record = revocation(key);
        assertThat(record.state()).isEqualTo(LedgerState.SHADOW);
        assertThat(record.artifacts()).containsEntry("wouldDo", "deactivate access key " + key
                + " of IAM user build-bot; tag the user");
        assertThat(JSON.readTree(record.preState()).path("user").path("status").asText()).isEqualTo("Active");
    }

    @Test
    void aRevocationCountsTowardsTheHourlyCap() throws IOException {
        String key = userWithKeys();

        StageReport report = respond(Map.of("RESPONDER_MAX_CONTAINMENTS_PER_HOUR", "0"), userEvent(key, USER_EVENT));

        assertThat(report.findings().get(0).summary()).startsWith("REFUSED REVOKE_CREDENTIALS " + key
                + ": containment cap reached");
        assertThat(keyStatus(key)).isEqualTo("Active");
    }

    @Test
    void anAccountOutsideTheAllowedOnesIsRefused() throws IOException {
        String key = userWithKeys();

        StageReport report = respond(Map.of("RESPONDER_ALLOWED_ACCOUNTS", "111122223333"),
                userEvent(key, USER_EVENT));

        assertThat(report.findings().get(0).summary()).isEqualTo("REFUSED REVOKE_CREDENTIALS " + key
                + ": account 123456789012 is not in RESPONDER_ALLOWED_ACCOUNTS");
        assertThat(keyStatus(key)).isEqualTo("Active");
    }

    @Test
    void aFindingFromAnUntrustedProducerRevokesNothing() throws IOException {
        String key = userWithKeys();
        byte[] forged = new String(userEvent(key, USER_EVENT), StandardCharsets.UTF_8)
                .replace("product/aws/guardduty", "product/123456789012/default").getBytes(StandardCharsets.UTF_8);

        StageReport report = respond(Map.of(), forged);

        assertThat(report.findings().get(0).summary()).startsWith("REFUSED REVOKE_CREDENTIALS " + key + ": ");
        assertThat(keyStatus(key)).isEqualTo("Active");
    }

    @Test
    void theKillSwitchRefusesARevocation() throws IOException {
        String key = userWithKeys();

        StageReport report = respond(Map.of("RESPONDER_KILL_SWITCH", "true"), userEvent(key, USER_EVENT));

        assertThat(report.findings().get(0).summary()).startsWith("REFUSED REVOKE_CREDENTIALS " + key
                + ": kill switch is on");
        assertThat(keyStatus(key)).isEqualTo("Active");
    }

    StageReport respond(Map<String, String> env, byte[] event) {
        ResponderConfig config = ResponderConfig.fromEnv(env);
        ActionRunner runner = new ActionRunner(ledger, config, ResponderMetrics.NONE, Duration.ofMinutes(2), clock);
        IamPrincipals principals = new SdkIamPrincipals(account -> iam);
        AuditTrail audit = new AuditTrail(written -> {
            notes.addAll(written);
            return new NoteReport(written.stream().map(n -> n.finding().id()).toList(), List.of());
        }, ledger, ResponderMetrics.NONE, Duration.ofMinutes(2), clock);
        ContainmentResponse response = CredentialResponse.of(
                new RevokeCredentials(runner, ledger, Reachable.everywhere(principals), config, CredentialSettings.fromEnv(env), clock),
                new ReleaseCredentials(runner, ledger, Reachable.everywhere(principals), clock), runner, audit);
        return response.respond(new ResponsePlanner(config, JSON).plan(event));
    }

    /** The user of the events, with a key moto names, an inline and a managed policy and a group. */
    static String userWithKeys() {
        iam.createUser(r -> r.userName(USER));
        iam.putUserPolicy(r -> r.userName(USER).policyName("ci-deploy").policyDocument(APP_POLICY));
        String policyArn = iam.createPolicy(r -> r.policyName("ReadOnlyAccess").policyDocument(APP_POLICY))
                .policy().arn();
        iam.attachUserPolicy(r -> r.userName(USER).policyArn(policyArn));
        iam.createGroup(r -> r.groupName("builders"));
        iam.addUserToGroup(r -> r.groupName("builders").userName(USER));
        return iam.createAccessKey(r -> r.userName(USER)).accessKey().accessKeyId();
    }

    static void roleWithAppPolicy(Map<String, String> tags) {
        iam.createRole(r -> r.roleName(ROLE).assumeRolePolicyDocument(trust()).tags(tags.entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
        iam.putRolePolicy(r -> r.roleName(ROLE).policyName("app-access").policyDocument(APP_POLICY));
    }

    static String trust() {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                + "\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    }

    static String keyStatus(String key) {
        return iam.listAccessKeys(r -> r.userName(USER)).accessKeyMetadata().stream()
                .filter(k -> k.accessKeyId().equals(key)).map(AccessKeyMetadata::statusAsString).findFirst()
                .orElseThrow();
    }

    static Map<String, String> userTags() {
        return iam.listUserTags(r -> r.userName(USER)).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }

    static Map<String, String> roleTags() {
        return iam.listRoleTags(r -> r.roleName(ROLE)).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }

    static String rolePolicy(String name) {
        String document = iam.getRolePolicy(r -> r.roleName(ROLE).policyName(name)).policyDocument();
        return document.startsWith("{") ? document : URLDecoder.decode(document, StandardCharsets.UTF_8);
    }

    LedgerEntry revocation(String target) {
        return ledger.findByTarget(target).stream()
                .filter(e -> e.key().action() == ResponseAction.REVOKE_CREDENTIALS)
                .findFirst().orElseThrow();
    }

    static byte[] event(String file) throws IOException {
        return Files.readAllBytes(EVENTS.resolve(file));
    }

    /** An example event with the id of a key moto created in place of the one it names. */
    static byte[] userEvent(String realKey, String file) throws IOException {
        return Files.readString(EVENTS.resolve(file)).replace(USER_KEY_IN_EVENT, realKey)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The same custom action event, for the Release action target. */
    static byte[] releaseOf(byte[] revokeEvent) {
        return new String(revokeEvent, StandardCharsets.UTF_8).replace("action/custom/HubRespRevoke",
                "action/custom/HubRespRelease").getBytes(StandardCharsets.UTF_8);
    }

    static ObjectNode details(ObjectNode event) {
        return (ObjectNode) event.path("detail").path("findings").get(0).path("Resources").get(0).path("Details")
                .path("AwsIamAccessKey");
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

}
