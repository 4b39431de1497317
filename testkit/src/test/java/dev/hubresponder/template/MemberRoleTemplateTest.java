package dev.hubresponder.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.testkit.CfnYaml;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * templates/member-role.yaml (the StackSet every member account gets) against template.yaml as CloudFormation
 * receives it (cfn-lint's SAM transform): the member role may do exactly what the central containment functions may
 * do at home, widened from the stack's Region to every Region and nothing more; it denies changes to protected
 * resources the same way; only the central functions' roles, from inside the organization, with a session that
 * names a finding, may assume it; and the central functions may assume nothing but that role.
 * Preconditions: a Python with cfn-lint 1.x (PATH or ~/.pyenv/shims); the test fails without it.
 */
class MemberRoleTemplateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The central statements that stay at home: the ledger, Security Hub notes, and assuming the member role. */
    private static final Set<String> CENTRAL_ONLY = Set.of("LedgerReadWrite", "AuditTrailInSecurityHub",
            "AssumeMemberRole");
    private static final List<String> CONTAINMENT_ROLES = List.of("QuarantineInstanceFunctionRole",
            "StopTaskFunctionRole", "RevokeCredentialsFunctionRole");

    private static JsonNode central;
    private static JsonNode member;

    @BeforeAll
    static void load() throws IOException, URISyntaxException {
        Path script = Path.of(MemberRoleTemplateTest.class.getResource("sam_transform.py").toURI());
        ExternalCommand.Separated run = ExternalCommand.runSeparately(Repository.root(),
                List.of(ExternalCommand.pythonWithCfnLint(), script.toString(), "template.yaml"));
        assertThat(run.result().exitCode()).as("SAM transform of template.yaml:%n%s", run.errors()).isZero();
        central = JSON.readTree(run.result().output()).path("Resources");
        member = JSON.valueToTree(CfnYaml.load(Repository.file("templates/member-role.yaml"))).path("Resources");
    }

    @Test
    void theMemberRoleMayDoWhatTheContainmentFunctionsMayDoAtHomeInEveryRegionAndNothingMore() {
        Map<String, JsonNode> home = new LinkedHashMap<>();
        for (String role : CONTAINMENT_ROLES) {
            central.path(role).path("Properties").path("Policies").forEach(policy -> statements(policy
                    .path("PolicyDocument")).stream().filter(st -> st.has("Sid"))
                    .filter(st -> "Allow".equals(st.path("Effect").asText()))
                    .filter(st -> !CENTRAL_ONLY.contains(st.path("Sid").asText()))
                    .forEach(st -> home.put(st.path("Sid").asText(), st)));
        }
        Map<String, JsonNode> granted = new LinkedHashMap<>();
        member.path("MemberRole").path("Properties").path("Policies").forEach(policy -> statements(policy
                .path("PolicyDocument")).stream().filter(st -> !"Deny".equals(st.path("Effect").asText()))
                .forEach(st -> granted.put(st.path("Sid").asText(), st)));

        assertThat(granted.keySet()).as("statement ids").containsExactlyInAnyOrderElementsOf(home.keySet());
        granted.forEach((sid, statement) -> {
            JsonNode at = home.get(sid);
            assertThat(statement.path("Effect").asText()).as(sid).isEqualTo("Allow").isEqualTo(at.path("Effect")
                    .asText());
            assertThat(texts(statement.path("Action"))).as(sid + " actions")
                    .containsExactlyInAnyOrderElementsOf(texts(at.path("Action")));
            assertThat(statement.path("Condition")).as(sid + " condition").isEqualTo(at.path("Condition"));
            assertThat(resources(statement)).as(sid + " resources: the function's, in every Region")
                    .isEqualTo(widenedToEveryRegion(resources(at)));
        });
    }

    @Test
    void theMemberRoleDeniesChangesToProtectedResourcesAsTheFunctionsRolesDo() {
        assertThat(texts(member.path("MemberRole").path("Properties").path("ManagedPolicyArns").findValue("Ref")))
                .containsExactly("ProtectedResourceGuard");
        assertThat(member.path("ProtectedResourceGuard").path("Properties").path("PolicyDocument"))
                .isEqualTo(central.path("ProtectedResourceGuard").path("Properties").path("PolicyDocument"));
    }

    @Test
    void theMemberRoleNeverRevokesItselfOrAServiceLinkedRole() {
        List<JsonNode> denies = new ArrayList<>();
        member.path("MemberRole").path("Properties").path("Policies").forEach(policy -> statements(policy
                .path("PolicyDocument")).stream().filter(st -> "Deny".equals(st.path("Effect").asText()))
                .forEach(denies::add));

        assertThat(denies).singleElement().satisfies(deny -> {
            assertThat(texts(deny.path("Action"))).containsExactlyInAnyOrder("iam:PutRolePolicy",
                    "iam:DeleteRolePolicy", "iam:TagRole", "iam:UntagRole");
            assertThat(resources(deny)).containsExactlyInAnyOrder(
                    "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${MemberRoleName}",
                    "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/*");
        });
    }

    @Test
    void onlyTheCentralFunctionsRolesInsideTheOrganizationMayAssumeItWithASessionNamingTheFinding() {
        JsonNode trust = member.path("MemberRole").path("Properties").path("AssumeRolePolicyDocument");
        List<JsonNode> statements = statements(trust);
        assertThat(statements).hasSize(1);
        JsonNode statement = statements.get(0);
        assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
        assertThat(statement.path("Principal").path("AWS").path("Fn::Sub").asText())
                .isEqualTo("arn:${AWS::Partition}:iam::${CentralAccountId}:root");
        assertThat(texts(statement.path("Action"))).containsExactlyInAnyOrder("sts:AssumeRole",
                "sts:SetSourceIdentity");
        JsonNode condition = statement.path("Condition");
        assertThat(condition.path("ArnEquals").path("aws:PrincipalArn").path("Ref").asText())
                .isEqualTo("CentralRoleArns");
        assertThat(condition.path("StringEquals").path("aws:PrincipalOrgID").path("Ref").asText())
                .isEqualTo("OrganizationId");
        assertThat(condition.path("StringLike").path("sts:RoleSessionName").asText()).isEqualTo("hub-responder-*");
        assertThat(condition.path("StringLike").path("sts:SourceIdentity").asText()).isEqualTo("hub-responder-*");
    }

    @Test
    void theCentralFunctionsMayAssumeOnlyTheMemberRoleAndOnlyWhenOneIsConfigured() {
        Map<String, List<String>> assuming = new LinkedHashMap<>();
        central.fields().forEachRemaining(resource -> {
            if (!"AWS::IAM::Role".equals(resource.getValue().path("Type").asText())) {
                return;
            }
            resource.getValue().path("Properties").path("Policies").forEach(policy -> {
                for (JsonNode statement : policy.path("PolicyDocument").path("Statement")) {
                    JsonNode chosen = statement.has("Fn::If") ? statement.path("Fn::If").get(1) : statement;
                    if (texts(chosen.path("Action")).stream().anyMatch(a -> a.startsWith("sts:"))) {
                        assertThat(statement.path("Fn::If").get(0).asText()).as(resource.getKey())
                                .isEqualTo("HasMemberRole");
                        assertThat(statement.path("Fn::If").get(2).path("Ref").asText()).isEqualTo("AWS::NoValue");
                        assertThat(texts(chosen.path("Action"))).containsExactlyInAnyOrder("sts:AssumeRole",
                                "sts:SetSourceIdentity");
                        assuming.computeIfAbsent(resource.getKey(), k -> new ArrayList<>()).addAll(
                                resources(chosen));
                    }
                }
            });
        });
        assertThat(assuming).containsOnlyKeys(CONTAINMENT_ROLES).allSatisfy((role, arns) -> assertThat(arns)
                .containsExactly("arn:${AWS::Partition}:iam::*:role/${MemberRoleName}"));
    }

    @Test
    void theContainmentFunctionsKnowTheMemberRoleName() {
        for (String function : List.of("QuarantineInstanceFunction", "StopTaskFunction",
                "RevokeCredentialsFunction")) {
            JsonNode variables = central.path(function).path("Properties").path("Environment").path("Variables");
            assertThat(variables.path("RESPONDER_MEMBER_ROLE_NAME").path("Ref").asText()).as(function)
                    .isEqualTo("MemberRoleName");
        }
    }

    private static Set<String> widenedToEveryRegion(Set<String> resources) {
        Set<String> widened = new TreeSet<>();
        resources.forEach(r -> widened.add(r.replace("${AWS::Region}", "*")));
        return widened;
    }

    private static Set<String> resources(JsonNode statement) {
        return PolicyStatements.resourceArns(statement);
    }

    private static List<JsonNode> statements(JsonNode document) {
        List<JsonNode> statements = new ArrayList<>();
        JsonNode statement = document.path("Statement");
        if (statement.isArray()) {
            statement.forEach(statements::add);
        } else if (!statement.isMissingNode()) {
            statements.add(statement);
        }
        return statements;
    }

    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node == null || node.isMissingNode()) {
            return texts;
        }
        if (node.isArray()) {
            node.forEach(n -> texts.add(n.asText()));
        } else {
            texts.add(node.asText());
        }
        return texts;
    }
}
