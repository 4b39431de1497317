package dev.hubresponder.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.config.ConfigurationException;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.finding.Direction;
import dev.hubresponder.finding.ResourceRole;
import dev.hubresponder.finding.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading and checking playbooks, and what a rule's verdict plans; decided on hand-built findings. */
class PlaybookTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Decision decide(String playbook, FindingBuilder finding) {
        Map<String, String> env = playbook == null ? Map.of() : Map.of("RESPONDER_PLAYBOOK", playbook);
        return new ResponsePolicy(ResponderConfig.fromEnv(env)).decide(finding.build(), null);
    }

    @Test
    void shippedPlaybookReadsAndNamesEveryRuleOnce() {
        Playbook shipped = Playbook.shipped(MAPPER);

        assertThat(shipped.rules()).hasSizeGreaterThan(10);
        assertThat(shipped.rules()).extracting(PlaybookRule::name).doesNotHaveDuplicates()
                .contains("instance-compromise", "runtime-compromise", "victim-of-internet-noise",
                        "attack-sequence-ec2-instance-group");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        not JSON                          | {rules:                                                                                  | RESPONDER_PLAYBOOK is not JSON
        no rules array                    | {}                                                                                       | RESPONDER_PLAYBOOK must have a "rules" array
        unknown top-level field           | {"rules":[],"rule":[]}                                                                   | unknown field "rule"
        rule without name                 | {"rules":[{"producer":"aws/guardduty","types":["*"],"decision":"NOTIFY"}]}              | RESPONDER_PLAYBOOK rule #1: "name" is required
        misspelt field names the rule     | {"rules":[{"name":"r1","producer":"aws/guardduty","types":["*"],"decison":"NOTIFY"}]}   | RESPONDER_PLAYBOOK rule 'r1': unknown field "decison"
        unknown decision                  | {"rules":[{"name":"r1","producer":"p/q","types":["*"],"decision":"NUKE"}]}              | rule 'r1': decision 'NUKE' is not one of
        empty types                       | {"rules":[{"name":"r1","producer":"p/q","types":[],"decision":"NOTIFY"}]}               | rule 'r1': "types" must be a non-empty array
        bad severity                      | {"rules":[{"name":"r1","producer":"p/q","types":["*"],"minSeverity":"SEVERE","decision":"NOTIFY"}]} | rule 'r1': minSeverity 'SEVERE' is not one of
        min above max                     | {"rules":[{"name":"r1","producer":"p/q","types":["*"],"minSeverity":"HIGH","maxSeverity":"LOW","decision":"NOTIFY"}]} | rule 'r1': minSeverity HIGH is above maxSeverity LOW
        contain the victim                | {"rules":[{"name":"r1","producer":"p/q","types":["*"],"role":"TARGET","decision":"CONTAIN"}]} | rule 'r1': CONTAIN on role TARGET would contain the victim
        block in a notify                 | {"rules":[{"name":"r1","producer":"p/q","types":["*"],"decision":"NOTIFY","blockPeers":"INBOUND"}]} | rule 'r1': blockPeers INBOUND needs decision CONTAIN or BLOCK
        block nothing                     | {"rules":[{"name":"r1","producer":"p/q","types":["*"],"decision":"BLOCK"}]}             | rule 'r1': decision BLOCK needs blockPeers INBOUND or OUTBOUND
        name twice                        | {"rules":[{"name":"r1","producer":"p/q","types":["*"],"decision":"NOTIFY"},{"name":"r1","producer":"p/q","types":["*"],"decision":"DIGEST"}]} | rule 'r1': the name is used twice
        defaults neither keep nor replace | {"rules":[],"defaults":"drop"}                                                           | "defaults" must be "keep" or "replace"
        """)
    void badPlaybookStopsTheFunctionAtInitNamingTheRule(String what, String playbook, String message) {
        assertThatThrownBy(() -> ResponderConfig.fromEnv(Map.of("RESPONDER_PLAYBOOK", playbook)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining(message);
    }

    @Test
    void overrideRulesComeBeforeTheShippedOnesAndReplaceThoseOfTheSameName() {
        Playbook p = Playbook.withOverride(MAPPER, """
                {"rules":[{"name":"block-probers","producer":"aws/guardduty","types":["Recon:EC2/PortProbe*"],
                  "role":"TARGET","decision":"BLOCK","blockPeers":"INBOUND"},
                  {"name":"instance-compromise","producer":"aws/guardduty","types":["Backdoor:EC2/*"],
                  "decision":"NOTIFY"}]}""");

        assertThat(p.rules().get(0).name()).isEqualTo("block-probers");
        assertThat(p.rules().get(1).verdict()).isEqualTo(Verdict.NOTIFY);
        assertThat(p.rules()).extracting(PlaybookRule::name).containsOnlyOnce("instance-compromise")
                .contains("runtime-compromise");
        assertThat(Playbook.withOverride(MAPPER, "{\"defaults\":\"replace\",\"rules\":[]}").rules()).isEmpty();
    }

    @Test
    void highCommandAndControlOnAnActorInstanceIsQuarantinedWithoutABlock() {
        Decision d = decide(null, FindingBuilder.threat().severity(Severity.HIGH)
                .instance(FindingBuilder.INSTANCE, Map.of()).remote("45.155.205.233", Direction.OUTBOUND));

        assertThat(d.rule()).isEqualTo("playbook rule instance-compromise");
        assertThat(d.actions()).extracting(PlannedAction::action).containsExactly(
                ResponseAction.QUARANTINE_INSTANCE, ResponseAction.TICKET, ResponseAction.ALERT);
    }

    @Test
    void sshBruteForceAgainstAVictimGoesToTheWeeklyDigestWithNoContainmentAndNoBlock() {
        Decision d = decide(null, FindingBuilder.threat().severity(Severity.LOW).role(ResourceRole.TARGET)
                .types("TTPs/Initial Access/UnauthorizedAccess:EC2-SSHBruteForce")
                .instance(FindingBuilder.INSTANCE, Map.of()).remote("185.220.101.45", Direction.INBOUND));

        assertThat(d.rule()).isEqualTo("playbook rule victim-of-internet-noise");
        assertThat(d.actions()).extracting(PlannedAction::action).containsExactly(ResponseAction.DIGEST_WEEKLY);
        assertThat(d.refused()).isEmpty();
    }

    @Test
    void theVictimOfOurInstancesBruteForceIsNeverBlocked() {
        Decision d = decide(null, FindingBuilder.threat().severity(Severity.HIGH).role(ResourceRole.ACTOR)
                .types("TTPs/Initial Access/UnauthorizedAccess:EC2-SSHBruteForce")
                .instance(FindingBuilder.INSTANCE, Map.of()).remote("203.0.113.0", Direction.OUTBOUND)
                .remote("198.18.7.1", Direction.INBOUND));

        assertThat(d.rule()).isEqualTo("playbook rule instance-attacking-others");
        assertThat(d.actions()).extracting(PlannedAction::action).containsExactly(
                ResponseAction.QUARANTINE_INSTANCE, ResponseAction.TICKET, ResponseAction.ALERT);
    }

    @Test
    void containRuleNeverContainsATargetEvenWhenTheRuleMatchesAnyRole() {
        Decision d = decide("""
                {"rules":[{"name":"any-role","producer":"aws/guardduty","types":["Backdoor:EC2/*"],
                  "decision":"CONTAIN"}]}""", FindingBuilder.threat().severity(Severity.HIGH)
                .role(ResourceRole.TARGET).instance(FindingBuilder.INSTANCE, Map.of()));

        assertThat(d.actions()).extracting(PlannedAction::action).doesNotContain(ResponseAction.QUARANTINE_INSTANCE);
        assertThat(d.refused()).singleElement().satisfies(r -> assertThat(r.reason())
                .isEqualTo(FindingBuilder.INSTANCE + " is the TARGET (the victim) of Backdoor:EC2/C&CActivity.B: "
                        + "never contained"));
    }

    @Test
    void containmentAtASeverityTheTemplateDoesNotRouteIsRefusedAndStillTicketed() {
        Decision d = decide("""
                {"rules":[{"name":"medium-c2","producer":"aws/guardduty","types":["Backdoor:EC2/*"],
                  "decision":"CONTAIN"}]}""", FindingBuilder.threat().severity(Severity.MEDIUM)
                .instance(FindingBuilder.INSTANCE, Map.of()));

        assertThat(d.actions()).extracting(PlannedAction::action).containsExactly(ResponseAction.TICKET,
                ResponseAction.ALERT);
        assertThat(d.refused()).singleElement().satisfies(r -> assertThat(r.reason())
                .startsWith("MEDIUM findings do not reach the containment functions"));
    }

    @Test
    void approvalNamesTheCustomActionThatContains() {
        Decision d = decide(null, FindingBuilder.threat().severity(Severity.MEDIUM)
                .types("TTPs/Discovery/Recon:EC2-Portscan").instance(FindingBuilder.INSTANCE, Map.of()));

        assertThat(d.summary()).startsWith("APPROVE (playbook rule workload-suspicious");
        assertThat(d.actions()).extracting(PlannedAction::action).containsExactly(ResponseAction.TICKET,
                ResponseAction.ALERT);
        assertThat(d.actions().get(1).reason()).contains("custom action HubRespIsolate (Isolate resource)");
    }

    @Test
    void digestOfASeverityNoDigestCoversIsNotifiedInstead() {
        Decision d = decide("""
                {"rules":[{"name":"quiet","producer":"aws/guardduty","types":["Backdoor:EC2/*"],
                  "decision":"DIGEST"}]}""", FindingBuilder.threat().severity(Severity.HIGH)
                .instance(FindingBuilder.INSTANCE, Map.of()));

        assertThat(d.actions()).extracting(PlannedAction::action).containsExactly(ResponseAction.TICKET,
                ResponseAction.ALERT);
        assertThat(d.actions().get(0).reason()).contains("no digest covers HIGH");
    }

    @Test
    void producersNoRuleNamesFallBackToTheSeverityTiers() {
        Decision d = decide(null, FindingBuilder.threat().severity(Severity.CRITICAL)
                .product("arn:aws:securityhub:us-east-1::product/crowdstrike/crowdstrike-falcon", "Falcon")
                .instance(FindingBuilder.INSTANCE, Map.of()));

        assertThat(d.rule()).isEqualTo("severity tiers (no playbook rule matches)");
    }

    @Test
    void oneWarmPlaybookMatchesEachFindingByItsOwnTypeSeverityRoleAndProducer() {
        Playbook p = Playbook.shipped(MAPPER);
        FindingBuilder probe = FindingBuilder.threat().types("TTPs/Discovery/Recon:EC2-PortProbeUnprotectedPort");
        String untrusted = "arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default";

        List<String> rules = List.of(
                rule(p, probe.severity(Severity.LOW).role(ResourceRole.TARGET)),
                rule(p, probe.severity(Severity.HIGH).role(ResourceRole.ACTOR)),
                rule(p, probe.severity(Severity.LOW).role(ResourceRole.TARGET)),
                rule(p, FindingBuilder.threat().severity(Severity.HIGH).role(ResourceRole.ACTOR)
                        .types("TTPs/Command and Control/Backdoor:EC2-C&CActivity.B!DNS")),
                rule(p, FindingBuilder.threat().severity(Severity.HIGH).role(ResourceRole.ACTOR)
                        .types("TTPs/Command and Control/Backdoor:EC2-C&CActivity.B!DNS")
                        .product(untrusted, "GuardDuty")));

        assertThat(rules).containsExactly(freshRule(probe.severity(Severity.LOW).role(ResourceRole.TARGET)),
                freshRule(probe.severity(Severity.HIGH).role(ResourceRole.ACTOR)),
                freshRule(probe.severity(Severity.LOW).role(ResourceRole.TARGET)),
                "instance-compromise on Backdoor:EC2/C&CActivity.B!DNS", "none");
        assertThat(rules.get(0)).isNotEqualTo(rules.get(1));
    }

    private static String rule(Playbook playbook, FindingBuilder finding) {
        return playbook.match(finding.build()).map(m -> m.rule().name() + " on " + m.matchedType()).orElse("none");
    }

    private static String freshRule(FindingBuilder finding) {
        return rule(Playbook.shipped(MAPPER), finding);
    }
}
