package dev.hubresponder.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.testkit.CfnYaml;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * template.yaml as CloudFormation receives it: cfn-lint's SAM transform expands every function into its Lambda
 * function, version, alias, role, rules, permissions and EventInvokeConfig, and these tests assert on that
 * output, including what SAM generates (destination policies, rule targets).
 * Preconditions: a Python with cfn-lint 1.x installed (PATH or ~/.pyenv/shims); the test fails without it.
 */
class SamTransformTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode resources;

    @BeforeAll
    static void transform() throws IOException, URISyntaxException {
        Path script = Path.of(SamTransformTest.class.getResource("sam_transform.py").toURI());
        ExternalCommand.Separated run = ExternalCommand.runSeparately(Repository.root(),
                List.of(ExternalCommand.pythonWithCfnLint(), script.toString(), "template.yaml"));
        assertThat(run.result().exitCode()).as("SAM transform of template.yaml:%n%s", run.errors()).isZero();
        resources = JSON.readTree(run.result().output()).path("Resources");
    }

    @Test
    void everyFunctionRunsJava21OnArm64WithSnapStartOnItsLiveAlias() {
        Map<String, JsonNode> functions = ofType("AWS::Lambda::Function");
        assertThat(functions).hasSize(9);
        functions.forEach((id, function) -> {
            JsonNode p = function.path("Properties");
            assertThat(p.path("Runtime").asText()).as(id).isEqualTo("java21");
            assertThat(texts(p.path("Architectures"))).as(id).containsExactly("arm64");
            assertThat(p.path("SnapStart").path("ApplyOn").asText()).as(id).isEqualTo("PublishedVersions");
            assertThat(p.path("TracingConfig").path("Mode").asText()).as(id).isEqualTo("Active");
            assertThat(p.path("MemorySize").asInt()).as(id).isEqualTo(1024);
            assertThat(ofType("AWS::Lambda::Alias").values()).as(id + " has a live alias")
                    .anySatisfy(alias -> {
                        assertThat(alias.path("Properties").path("FunctionName").path("Ref").asText()).isEqualTo(id);
                        assertThat(alias.path("Properties").path("Name").asText()).isEqualTo("live");
                    });
        });
    }

    @Test
    void everyFunctionGetsTheJvmSettingsPowertoolsAndEveryResponderVariable() throws IOException {
        Set<String> responderVariables = responderVariablesReadByTheCode();
        assertThat(responderVariables).hasSizeGreaterThanOrEqualTo(16);
        ofType("AWS::Lambda::Function").forEach((id, function) -> {
            JsonNode variables = function.path("Properties").path("Environment").path("Variables");
            assertThat(variables.path("JAVA_TOOL_OPTIONS").asText()).as(id)
                    .isEqualTo("-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
            assertThat(fieldNames(variables)).as(id)
                    .contains("POWERTOOLS_SERVICE_NAME", "POWERTOOLS_LOG_LEVEL", "POWERTOOLS_METRICS_NAMESPACE",
                            "LEDGER_TABLE")
                    .containsAll(responderVariables);
        });
    }

    @Test
    void aLedgerClaimLastsAsLongAsTheFunctionCanRun() {
        List<String> checked = new ArrayList<>();
        ofType("AWS::Lambda::Function").forEach((id, function) -> {
            JsonNode p = function.path("Properties");
            JsonNode lease = p.path("Environment").path("Variables").path("LEDGER_LEASE_SECONDS");
            if (!lease.isMissingNode()) {
                assertThat(lease.asInt()).as(id + ": a shorter lease lets a retry take over a running action; "
                        + "a longer one delays the retry of a crashed one").isEqualTo(p.path("Timeout").asInt());
                checked.add(id);
            }
        });
        // ActionTargets writes no ledger record: CloudFormation's custom resource protocol is its idempotency.
        assertThat(checked).containsExactlyInAnyOrderElementsOf(ofType("AWS::Lambda::Function").keySet().stream()
                .filter(id -> !id.equals("ActionTargetsFunction")).toList());
    }

    @Test
    void everyFunctionLogsToItsOwnLogGroupWithRetention() {
        Set<String> logGroups = new TreeSet<>();
        ofType("AWS::Lambda::Function").forEach((id, function) -> {
            String group = function.path("Properties").path("LoggingConfig").path("LogGroup").path("Ref").asText();
            JsonNode logGroup = resources.path(group);
            assertThat(logGroup.path("Type").asText()).as(id + " log group").isEqualTo("AWS::Logs::LogGroup");
            assertThat(logGroup.path("Properties").path("RetentionInDays").path("Ref").asText()).as(id)
                    .isEqualTo("LogRetentionDays");
            logGroups.add(group);
        });
        assertThat(logGroups).hasSize(9);
    }

    @Test
    void everyFunctionSendsFailedInvocationsOnAfterTwoRetries() {
        Map<String, JsonNode> configs = invokeConfigsByFunction();
        assertThat(configs.keySet()).containsExactlyInAnyOrderElementsOf(ofType("AWS::Lambda::Function").keySet());
        configs.forEach((function, config) -> {
            JsonNode p = config.path("Properties");
            assertThat(p.path("Qualifier").asText()).as(function).isEqualTo("live");
            assertThat(p.path("MaximumRetryAttempts").asInt(-1)).as(function).isEqualTo(2);
            assertThat(p.path("DestinationConfig").path("OnFailure").path("Destination").isMissingNode())
                    .as(function + " has an OnFailure destination").isFalse();
        });
    }

    @Test
    void responseStagesHandContainmentToTicketAndTicketToAlert() {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        List<String> toTicket = List.of("CreateTicketFunctionAliaslive", "CreateTicketFunctionAliaslive");
        expected.put("QuarantineInstanceFunction", toTicket);
        expected.put("StopTaskFunction", toTicket);
        expected.put("RevokeCredentialsFunction", toTicket);
        expected.put("BlockAddressesFunction", toTicket);
        expected.put("CreateTicketFunction", List.of("SendAlertFunctionAliaslive", "SendAlertFunctionAliaslive"));
        expected.put("SendAlertFunction", List.of("-", "FunctionDeadLetterQueue"));
        expected.put("SendDigestFunction", List.of("-", "FunctionDeadLetterQueue"));
        expected.put("ExpireBlocksFunction", List.of("-", "FunctionDeadLetterQueue"));
        expected.put("ActionTargetsFunction", List.of("-", "FunctionDeadLetterQueue"));

        Map<String, List<String>> actual = new LinkedHashMap<>();
        invokeConfigsByFunction().forEach((function, config) -> {
            JsonNode destinations = config.path("Properties").path("DestinationConfig");
            actual.put(function, List.of(target(destinations.path("OnSuccess").path("Destination")),
                    target(destinations.path("OnFailure").path("Destination"))));
        });
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void everyRuleDeliversToALiveAliasOrTheBlockQueueWithRetriesAndADeadLetterQueue() {
        Map<String, JsonNode> rules = ofType("AWS::Events::Rule");
        assertThat(rules).hasSize(15);
        List<String> queued = new ArrayList<>();
        rules.forEach((id, rule) -> {
            JsonNode targets = rule.path("Properties").path("Targets");
            assertThat(targets).as(id).hasSize(1);
            JsonNode t = targets.get(0);
            if ("BlockQueue".equals(target(t.path("Arn")))) {
                queued.add(id);
            } else {
                assertThat(t.path("Arn").path("Ref").asText()).as(id + " target").endsWith("Aliaslive");
            }
            assertThat(t.path("RetryPolicy").path("MaximumRetryAttempts").asInt(0)).as(id).isPositive();
            assertThat(t.path("RetryPolicy").path("MaximumEventAgeInSeconds").asInt(0)).as(id).isPositive();
            assertThat(target(t.path("DeadLetterConfig").path("Arn"))).as(id + " DLQ")
                    .isEqualTo("EventDeliveryDeadLetterQueue");
        });
        assertThat(queued).containsExactly("BlockAddressesThreatFindingRule");
    }

    @Test
    void theBlockQueueFeedsBlockAddressesInBatchesAndEveryQueuedEventReachesTheTicketStage() {
        JsonNode mapping = ofType("AWS::Lambda::EventSourceMapping").values().stream()
                .filter(m -> "BlockQueue".equals(target(m.path("Properties").path("EventSourceArn"))))
                .findFirst().orElseThrow(() -> new AssertionError("no event source mapping reads BlockQueue"));
        JsonNode m = mapping.path("Properties");
        assertThat(target(m.path("FunctionName"))).isEqualTo("BlockAddressesFunctionAliaslive");
        assertThat(m.path("BatchSize").asInt()).as("batch size").isGreaterThanOrEqualTo(100);
        assertThat(m.path("MaximumBatchingWindowInSeconds").asInt()).as("batching window").isBetween(1, 10);
        assertThat(texts(m.path("FunctionResponseTypes"))).containsExactly("ReportBatchItemFailures");
        int queueConcurrency = m.path("ScalingConfig").path("MaximumConcurrency").asInt();
        assertThat(queueConcurrency).isEqualTo(2);

        JsonNode function = resources.path("BlockAddressesFunction").path("Properties");
        JsonNode queue = resources.path("BlockQueue").path("Properties");
        assertThat(function.path("ReservedConcurrentExecutions").asInt())
                .as("room for the queue's batches and an analyst's custom action, so the queue is never throttled")
                .isGreaterThan(queueConcurrency);
        assertThat(queue.path("VisibilityTimeout").asInt()).as("visibility timeout covers a whole invocation")
                .isGreaterThanOrEqualTo(function.path("Timeout").asInt());
        assertThat(queue.path("SqsManagedSseEnabled").asBoolean()).isTrue();
        JsonNode redrive = queue.path("RedrivePolicy");
        assertThat(target(redrive.path("deadLetterTargetArn"))).isEqualTo("EventDeliveryDeadLetterQueue");
        JsonNode variables = function.path("Environment").path("Variables");
        assertThat(variables.path("RESPONDER_QUEUE_MAX_RECEIVES").asInt())
                .as("the function knows which delivery is the last one")
                .isEqualTo(redrive.path("maxReceiveCount").asInt());
        assertThat(target(variables.path("RESPONDER_NEXT_STAGE_FUNCTION")))
                .as("queued events are handed to the same stage as the destinations")
                .isEqualTo("CreateTicketFunctionAliaslive");

        JsonNode queuePolicy = resources.path("BlockQueuePolicy").path("Properties").path("PolicyDocument")
                .path("Statement");
        assertThat(queuePolicy).hasSize(1);
        assertThat(queuePolicy.get(0).path("Principal").path("Service").asText()).isEqualTo("events.amazonaws.com");
        assertThat(target(queuePolicy.get(0).path("Condition").path("ArnEquals").path("aws:SourceArn")))
                .isEqualTo("BlockAddressesThreatFindingRule");
        List<String> invokable = new ArrayList<>();
        policyDocuments().forEach((where, document) -> {
            if (where.startsWith("BlockAddressesFunctionRole")) {
                statementsOf(document).stream()
                        .filter(st -> texts(st.path("Action")).contains("lambda:InvokeFunction"))
                        .forEach(st -> invokable.add(target(st.path("Resource"))));
            }
        });
        assertThat(invokable).as("what BlockAddresses may invoke: the ticket stage's alias, in its own statement and "
                + "in the two destination policies SAM writes for the same alias").containsOnly(
                "CreateTicketFunctionAliaslive").hasSize(3);
    }

    @Test
    void onlyBlockAddressesReadsAQueueAndOnlyBlockQueue() {
        ofType("AWS::IAM::Role").forEach((id, role) -> assertThat(role.path("Properties").path("ManagedPolicyArns")
                .toString()).as(id + ": the managed SQS policy reads and deletes on every queue")
                .doesNotContain("AWSLambdaSQSQueueExecutionRole"));
        Map<String, List<String>> readers = new LinkedHashMap<>();
        policyDocuments().forEach((where, document) -> {
            if (!resources.path(where.split("/")[0]).path("Type").asText().equals("AWS::IAM::Role")) {
                return;
            }
            statementsOf(document).stream()
                    .filter(st -> texts(st.path("Action")).contains("sqs:ReceiveMessage"))
                    .forEach(st -> readers.computeIfAbsent(where.split("/")[0], k -> new ArrayList<>())
                            .add(target(st.path("Resource"))));
        });
        assertThat(readers).containsOnly(Map.entry("BlockAddressesFunctionRole", List.of("BlockQueue")));
    }

    @Test
    void blockAddressesReadsTheAccountsOwnPublicAddressesAndNothingElseOfEc2() {
        List<String> ec2 = new ArrayList<>();
        policyDocuments().forEach((where, document) -> {
            if (where.startsWith("BlockAddressesFunctionRole")) {
                statementsOf(document).stream().filter(st -> "Allow".equals(st.path("Effect").asText()))
                        .forEach(st -> texts(st.path("Action")).stream().filter(a -> a.startsWith("ec2:"))
                                .forEach(ec2::add));
            }
        });
        assertThat(ec2).as("BlockAddresses' EC2 actions: its Elastic IPs and NAT gateways, never blocked")
                .containsExactlyInAnyOrder("ec2:DescribeAddresses", "ec2:DescribeNatGateways");
    }

    @Test
    void findingWriteBacksMayChangeOnlyTheNoteTheWorkflowAndUserDefinedFields() {
        List<String> checked = new ArrayList<>();
        policyDocuments().forEach((where, document) -> statementsOf(document).stream()
                .filter(st -> "Allow".equals(st.path("Effect").asText()))
                .filter(st -> texts(st.path("Action")).contains("securityhub:BatchUpdateFindings"))
                .forEach(st -> {
                    JsonNode absent = st.path("Condition").path("Null");
                    for (String field : List.of("Severity.Label", "Severity.Normalized", "Severity.Product",
                            "Confidence", "Criticality", "Types", "VerificationState", "RelatedFindings.Id",
                            "RelatedFindings.ProductArn")) {
                        assertThat(absent.path("securityhub:ASFFSyntaxPath/" + field).asText()).as(where + " " + field)
                                .isEqualTo("true");
                    }
                    assertThat(texts(st.path("Condition").path("StringEqualsIfExists")
                            .path("securityhub:ASFFSyntaxPath/Workflow.Status"))).as(where)
                            .containsExactlyInAnyOrder("NOTIFIED", "RESOLVED");
                    checked.add(where);
                }));
        assertThat(checked).as("roles that write notes: containment (instance, task, credentials), block, ticket")
                .hasSize(5);
    }

    @Test
    void instanceAndInterfaceChangesAreNarrowedToWhatTheResponderChanges() {
        List<String> checked = new ArrayList<>();
        policyDocuments().forEach((where, document) -> statementsOf(document).stream()
                .filter(st -> "Allow".equals(st.path("Effect").asText()))
                .forEach(st -> {
                    List<String> actions = texts(st.path("Action"));
                    if (actions.contains("ec2:ModifyInstanceAttribute")) {
                        assertThat(actions).as(where).containsExactly("ec2:ModifyInstanceAttribute");
                        assertThat(resourceKinds(st)).as(where + ": instances, never their groups or volumes")
                                .containsExactly("instance");
                        assertThat(texts(st.path("Condition").path("StringEqualsIgnoreCaseIfExists")
                                .path("ec2:Attribute"))).as(where + ": the attributes the responder sets")
                                .containsExactlyInAnyOrder("instanceInitiatedShutdownBehavior", "disableApiTermination");
                        assertAbsent(where, st, "UserData", "InstanceType", "Kernel", "Ramdisk", "SourceDestCheck",
                                "DisableApiStop", "EbsOptimized", "EnaSupport", "SriovNetSupport");
                        checked.add(where.split("/")[0] + " ModifyInstanceAttribute");
                    }
                    if (actions.contains("ec2:ModifyNetworkInterfaceAttribute")) {
                        assertThat(actions).as(where).containsExactly("ec2:ModifyNetworkInterfaceAttribute");
                        assertThat(resourceKinds(st)).as(where + ": interfaces, the groups put on them and the "
                                        + "instance EC2 may evaluate, never a subnet")
                                .containsExactlyInAnyOrder("network-interface", "security-group", "instance");
                        assertAbsent(where, st, "SourceDestCheck", "Description", "AssociatePublicIpAddress",
                                "EnablePrimaryIpv6");
                        checked.add(where.split("/")[0] + " ModifyNetworkInterfaceAttribute");
                    }
                }));
        assertThat(checked).containsExactlyInAnyOrder("QuarantineInstanceFunctionRole ModifyInstanceAttribute",
                "QuarantineInstanceFunctionRole ModifyNetworkInterfaceAttribute");
    }

    private static void assertAbsent(String where, JsonNode statement, String... attributes) {
        JsonNode absent = statement.path("Condition").path("Null");
        for (String attribute : attributes) {
            assertThat(absent.path("ec2:Attribute/" + attribute).asText()).as(where + ": " + attribute + " never set")
                    .isEqualTo("true");
        }
    }

    /** The EC2 resource types a statement names: {@code instance} for {@code …:instance/*}. */
    private static List<String> resourceKinds(JsonNode statement) {
        return PolicyStatements.resourceArns(statement).stream()
                .map(arn -> arn.substring(arn.lastIndexOf(':') + 1, arn.indexOf('/', arn.lastIndexOf(':'))))
                .toList();
    }

    @Test
    void theRuleDeadLetterQueueAcceptsMessagesFromEveryRuleOfTheStackOnly() {
        JsonNode statements = resources.path("EventDeliveryDeadLetterQueuePolicy").path("Properties")
                .path("PolicyDocument").path("Statement");
        assertThat(statements).hasSize(1);
        JsonNode statement = statements.get(0);
        assertThat(statement.path("Principal").path("Service").asText()).isEqualTo("events.amazonaws.com");
        Set<String> allowedRules = new TreeSet<>();
        statement.path("Condition").path("ArnEquals").path("aws:SourceArn")
                .forEach(arn -> allowedRules.add(arn.path("Fn::GetAtt").get(0).asText()));
        assertThat(allowedRules).isEqualTo(new TreeSet<>(ofType("AWS::Events::Rule").keySet()));
    }

    @Test
    void theProductsAlarmsReadMetricsTheFunctionsEmit() throws IOException {
        String emitted = Files.readString(Repository.file(
                "shared/src/main/java/dev/hubresponder/aws/metrics/EmfResponderMetrics.java"));
        Map<String, String> read = new LinkedHashMap<>();
        ofType("AWS::CloudWatch::Alarm").forEach((id, alarm) -> alarm.path("Properties").path("Metrics")
                .forEach(m -> {
                    Matcher select = Pattern.compile("SELECT SUM\\((\\w+)\\) FROM")
                            .matcher(m.path("Expression").path("Fn::Sub").asText());
                    if (select.find()) {
                        read.put(id, select.group(1));
                    }
                }));
        assertThat(read).containsEntry("CapReachedAlarm", "ContainmentCapReached")
                .containsEntry("IpSetHighWaterAlarm", "IpSetHighWater");
        read.forEach((alarm, metric) -> assertThat(emitted).as(alarm + " reads " + metric)
                .contains("\"" + metric + "\""));
        JsonNode backlog = resources.path("BlockQueueBacklogAlarm").path("Properties");
        assertThat(backlog.path("MetricName").asText()).isEqualTo("ApproximateAgeOfOldestMessage");
        assertThat(target(backlog.path("Dimensions").get(0).path("Value"))).isEqualTo("BlockQueue");
        ofType("AWS::CloudWatch::Alarm").forEach((id, alarm) -> assertThat(
                target(alarm.path("Properties").path("AlarmActions").get(0))).as(id).isEqualTo("AlertTopic"));
    }

    /** What the functions use of each AWS managed policy SAM attaches (they grant more; the boundary caps it). */
    private static final Map<String, List<String>> MANAGED_POLICY_ACTIONS_USED = Map.of(
            "AWSLambdaBasicExecutionRole", List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"),
            "AWSXrayWriteOnlyAccess", List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"));

    @Test
    void theCiPermissionsBoundaryAllowsEveryActionTheFunctionRolesAreGranted() {
        JsonNode boundary = JSON.valueToTree(CfnYaml.load(Repository.file("pipeline/bootstrap.yaml")))
                .path("Resources").path("FunctionBoundary").path("Properties").path("PolicyDocument");
        List<Pattern> allowed = new ArrayList<>();
        statementsOf(boundary).stream().filter(st -> "Allow".equals(st.path("Effect").asText()))
                .forEach(st -> texts(st.path("Action")).forEach(a -> allowed.add(
                        Pattern.compile(Pattern.quote(a).replace("*", "\\E.*\\Q")))));
        Map<String, List<String>> granted = new LinkedHashMap<>();
        ofType("AWS::IAM::Role").forEach((id, role) -> {
            if (!id.endsWith("FunctionRole")) {
                return;
            }
            List<String> actions = new ArrayList<>();
            role.path("Properties").path("Policies").forEach(policy -> statementsOf(policy.path("PolicyDocument"))
                    .stream().filter(st -> "Allow".equals(st.path("Effect").asText()))
                    .forEach(st -> actions.addAll(texts(st.path("Action")))));
            role.path("Properties").path("ManagedPolicyArns").forEach(arn -> {
                String text = arn.isTextual() ? arn.asText() : arn.path("Fn::Sub").asText();
                if (text.contains(":aws:policy/")) {
                    String name = text.substring(text.lastIndexOf('/') + 1);
                    assertThat(MANAGED_POLICY_ACTIONS_USED).as(id + " attaches " + name).containsKey(name);
                    actions.addAll(MANAGED_POLICY_ACTIONS_USED.get(name));
                }
            });
            granted.put(id, actions);
        });
        assertThat(granted).hasSize(9).allSatisfy((role, actions) -> assertThat(actions).as(role).isNotEmpty());
        granted.forEach((role, actions) -> assertThat(actions).as(role + ": actions the boundary must allow, or "
                        + "a CI deployment (which sets FunctionBoundaryArn) fails at run time")
                .allSatisfy(action -> assertThat(allowed).anySatisfy(p -> assertThat(action).matches(p))));
    }

    @Test
    void whatAFunctionMayDoOnAnyResourceIsOnlyToRead() {
        List<String> unscoped = new ArrayList<>();
        policyDocuments().forEach((where, document) -> {
            if (!resources.path(where.split("/")[0]).path("Type").asText().startsWith("AWS::IAM::")) {
                return;
            }
            statementsOf(document).stream()
                    .filter(st -> "Allow".equals(st.path("Effect").asText()))
                    .filter(st -> texts(st.path("Resource")).contains("*"))
                    .forEach(st -> texts(st.path("Action")).forEach(action -> unscoped.add(where + " " + action)));
        });
        assertThat(unscoped).as("IAM Allow statements on Resource \"*\" (Describe calls take no resource ARN; in a "
                        + "key, queue or topic policy \"*\" means the resource itself)")
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).matches(".* [a-z0-9]+:(Describe|List|Get)[A-Za-z]*"));
    }

    @Test
    void noPolicyAllowsEveryAction() {
        List<String> checked = new ArrayList<>();
        Map<String, JsonNode> documents = policyDocuments();
        documents.forEach((where, document) -> {
            for (JsonNode statement : statementsOf(document)) {
                if (!"Allow".equals(statement.path("Effect").asText())) {
                    continue;
                }
                assertThat(statement.has("NotAction")).as(where + " uses NotAction").isFalse();
                assertThat(texts(statement.path("Action"))).as(where + " " + statement)
                        .isNotEmpty()
                        .doesNotContain("*");
                checked.add(where);
            }
        });
        assertThat(checked).as("Allow statements checked").hasSizeGreaterThan(30);
    }

    @Test
    void containmentRolesCannotChangeProtectedResources() throws IOException {
        for (String role : List.of("QuarantineInstanceFunctionRole", "StopTaskFunctionRole",
                "RevokeCredentialsFunctionRole")) {
            assertThat(resources.path(role).path("Properties").path("ManagedPolicyArns").findValuesAsText("Ref"))
                    .as(role).contains("ProtectedResourceGuard");
        }
        JsonNode guard = parseSubstitutedJson(resources.path("ProtectedResourceGuard").path("Properties")
                .path("PolicyDocument").path("Fn::Sub").asText());
        JsonNode deny = guard.path("Statement").get(0);
        assertThat(deny.path("Effect").asText()).isEqualTo("Deny");
        assertThat(texts(deny.path("Resource"))).as("the deny applies to every resource an action authorises: "
                + "the interface, and the instance behind it when EC2 evaluates it").containsExactly("*");
        assertThat(texts(deny.path("Action"))).contains("ec2:ModifyNetworkInterfaceAttribute",
                "ec2:ModifyInstanceAttribute", "ecs:StopTask", "ecs:UpdateService", "iam:UpdateAccessKey",
                "iam:PutRolePolicy");
        assertThat(fieldNames(deny.path("Condition").path("StringEqualsIgnoreCase")))
                .containsExactly("aws:ResourceTag/<ProtectedTagKey>");
    }

    @Test
    void revokeCredentialsChangesOnlyKeysRolePoliciesAndItsOwnTagsNeverItsOwnOrServiceLinkedRoles() {
        JsonNode role = resources.path("RevokeCredentialsFunctionRole").path("Properties");
        List<JsonNode> statements = new ArrayList<>();
        role.path("Policies").forEach(policy -> statements.addAll(statementsOf(policy.path("PolicyDocument"))));
        List<String> iamActions = new ArrayList<>();
        for (JsonNode statement : statements) {
            if (!"Allow".equals(statement.path("Effect").asText())) {
                continue;
            }
            for (String action : texts(statement.path("Action"))) {
                if (!action.startsWith("iam:")) {
                    continue;
                }
                iamActions.add(action);
                assertThat(statement.path("Resource").toString()).as(action + " is scoped to users and roles")
                        .doesNotContain("\"*\"").contains(":iam::${AWS::AccountId}:");
                if (action.startsWith("iam:Tag") || action.startsWith("iam:Untag")) {
                    assertThat(statement.path("Condition").path("ForAllValues:StringLike").path("aws:TagKeys")
                            .toString()).as(action).isEqualTo("[\"hub-responder:*\"]");
                }
            }
        }
        assertThat(iamActions).filteredOn(a -> !a.startsWith("iam:Get") && !a.startsWith("iam:List"))
                .containsExactlyInAnyOrder("iam:UpdateAccessKey", "iam:PutRolePolicy", "iam:DeleteRolePolicy",
                        "iam:TagUser", "iam:UntagUser", "iam:TagRole", "iam:UntagRole");
        assertThat(iamActions).doesNotContain("iam:DeleteAccessKey", "iam:AttachRolePolicy", "iam:DeleteRole");
        JsonNode deny = statements.stream().filter(st -> "Deny".equals(st.path("Effect").asText())).findFirst()
                .orElseThrow();
        assertThat(texts(deny.path("Action"))).contains("iam:PutRolePolicy", "iam:DeleteRolePolicy");
        assertThat(deny.path("Resource").toString()).contains("role/${AWS::StackName}-*")
                .contains("role/aws-service-role/*");
        assertThat(resources.path("RevokeCredentialsFunction").path("Properties").path("Environment")
                .path("Variables").path("RESPONDER_NEVER_REVOKE_PRINCIPALS").toString())
                .contains("role/${AWS::StackName}-*");
    }

    private static Map<String, JsonNode> invokeConfigsByFunction() {
        Map<String, JsonNode> byFunction = new HashMap<>();
        ofType("AWS::Lambda::EventInvokeConfig").values().forEach(config -> byFunction.put(
                config.path("Properties").path("FunctionName").path("Ref").asText(), config));
        return byFunction;
    }

    /** Every policy document in the stack: roles, managed policies, and resource policies. */
    private static Map<String, JsonNode> policyDocuments() {
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        resources.fields().forEachRemaining(entry -> {
            String id = entry.getKey();
            JsonNode p = entry.getValue().path("Properties");
            switch (entry.getValue().path("Type").asText()) {
                case "AWS::IAM::Role" -> p.path("Policies").forEach(policy -> documents.put(
                        id + "/" + policy.path("PolicyName").asText(), policy.path("PolicyDocument")));
                case "AWS::IAM::ManagedPolicy" -> documents.put(id, p.path("PolicyDocument").has("Fn::Sub")
                        ? parseSubstitutedJson(p.path("PolicyDocument").path("Fn::Sub").asText())
                        : p.path("PolicyDocument"));
                case "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy" -> documents.put(id, p.path("PolicyDocument"));
                case "AWS::KMS::Key" -> documents.put(id, p.path("KeyPolicy"));
                default -> {
                }
            }
        });
        return documents;
    }

    private static List<JsonNode> statementsOf(JsonNode document) {
        JsonNode statement = document.path("Statement");
        List<JsonNode> statements = new ArrayList<>();
        if (statement.isArray()) {
            statement.forEach(s -> {
                // SAM keeps Fn::If around conditional statements: check both branches.
                if (s.has("Fn::If")) {
                    statements.add(s.path("Fn::If").get(1));
                    statements.add(s.path("Fn::If").get(2));
                } else {
                    statements.add(s);
                }
            });
        } else {
            statements.add(statement);
        }
        return statements;
    }

    /** A JSON policy written with Fn::Sub: each ${Name} becomes <Name> so that the JSON can be read. */
    private static JsonNode parseSubstitutedJson(String template) {
        Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(template);
        try {
            return JSON.readTree(m.replaceAll(r -> Matcher.quoteReplacement("<" + r.group(1) + ">")));
        } catch (IOException e) {
            throw new AssertionError("policy is not JSON once substituted: " + template, e);
        }
    }

    /** The logical id a Ref or Fn::GetAtt points to, or "-" when there is none. */
    private static String target(JsonNode reference) {
        if (reference.has("Ref")) {
            return reference.path("Ref").asText();
        }
        if (reference.has("Fn::GetAtt")) {
            return reference.path("Fn::GetAtt").get(0).asText();
        }
        return "-";
    }

    private static Map<String, JsonNode> ofType(String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        resources.fields().forEachRemaining(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                found.put(e.getKey(), e.getValue());
            }
        });
        return found;
    }

    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> texts.add(n.asText()));
        } else if (!node.isMissingNode()) {
            texts.add(node.asText());
        }
        return texts;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Every RESPONDER_* variable ResponderConfig reads, from its source. */
    static Set<String> responderVariablesReadByTheCode() throws IOException {
        String source = Files.readString(Repository.file(
                "shared/src/main/java/dev/hubresponder/config/ResponderConfig.java"));
        return Pattern.compile("\"(RESPONDER_[A-Z_]+)\"").matcher(source).results()
                .map(r -> r.group(1)).collect(Collectors.toCollection(TreeSet::new));
    }
}
