package dev.hubresponder.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubresponder.aws.ledger.DynamoDbActionLedger;
import dev.hubresponder.aws.ledger.LedgerTable;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.ledger.LedgerEntry;
import dev.hubresponder.ledger.LedgerState;
import dev.hubresponder.policy.ResponseAction;
import dev.hubresponder.testkit.DemoAccount;
import dev.hubresponder.testkit.EmulatedAccount;
import dev.hubresponder.testkit.LambdaInvokeRecorder;
import dev.hubresponder.testkit.MotoRequestRecorder;
import dev.hubresponder.testkit.MotoServer;
import dev.hubresponder.testkit.SecurityHubEmulator;
import dev.hubresponder.testkit.SqsEventSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * {@code ./responder demo}: the whole responder, end to end, on an emulated account. Starts moto on 127.0.0.1, a
 * Security Hub emulator and a recording EC2 proxy (moto shows interface groups wrongly, aws-facts §9), builds the
 * {@link DemoAccount}, then sends findings from {@code events/} (their ids rewritten to the emulated resources)
 * through the real functions with {@link LocalInvoker}, chaining containment → ticket → alert with Lambda
 * destination envelopes as Lambda would. After each step it prints what each function said and the state read back
 * from the emulators, and checks it: a failed check stops the demo with exit 1.
 */
final class Demo {
    /** A check of the emulated account's state failed: the demo shows something that does not work. */
    static final class CheckFailedException extends RuntimeException {
        CheckFailedException(String message) {
            super(message);
        }
    }

    private static final String FINDING_ACTOR =
            "arn:aws:guardduty:us-east-1:123456789012:detector/6cc8d2a6a1e04c7e9b3c0f2d1e4a5b6c/finding/";
    private static final String ATTACKER = "185.220.101.45";
    private static final int BURST = 500;
    private static final String UPDATE_IP_SET = "AWSWAF_20190729.UpdateIPSet";

    private final Path projectRoot;
    private final Map<String, String> shellEnv;
    private final PrintStream out;
    private final ObjectMapper mapper = new ObjectMapper();
    private int checks;

    private DemoAccount account;
    private SecurityHubEmulator securityHub;
    private MotoRequestRecorder ec2Requests;
    private LambdaInvokeRecorder lambdaInvokes;
    private DynamoDbActionLedger ledger;
    private LocalInvoker invoker;
    private Map<String, String> environment;
    private Path workDir;

    Demo(Path projectRoot, Map<String, String> shellEnv, PrintStream out) {
        this.projectRoot = projectRoot;
        this.shellEnv = shellEnv;
        this.out = out;
    }

    /** Runs every step; throws {@link CheckFailedException} when the account is not in the state a step expects. */
    void run() throws IOException, InterruptedException {
        workDir = Files.createTempDirectory("hub-responder-demo-");
        out.println("hub-responder demo: findings from events/ through the real functions, against moto on"
                + " 127.0.0.1 (no AWS account needed)");
        out.println("function logs and the events sent: " + workDir);
        out.println();
        long started = System.nanoTime();
        try (MotoServer moto = MotoServer.start();
             SecurityHubEmulator hub = SecurityHubEmulator.start();
             MotoRequestRecorder recorder = MotoRequestRecorder.start(moto);
             LambdaInvokeRecorder invokes = LambdaInvokeRecorder.start();
             PrintStream functionLogs = new PrintStream(Files.newOutputStream(workDir.resolve("functions.log")),
                     true, StandardCharsets.UTF_8)) {
            securityHub = hub;
            ec2Requests = recorder;
            lambdaInvokes = invokes;
            account = DemoAccount.create(moto, LedgerTable::create);
            ledger = new DynamoDbActionLedger(account.dynamo(), DemoAccount.LEDGER_TABLE);
            environment = new LinkedHashMap<>(account.functionEnvironment());
            environment.put("AWS_ENDPOINT_URL_SECURITYHUB", hub.endpoint());
            environment.put("AWS_ENDPOINT_URL_EC2", recorder.endpoint());
            environment.put("AWS_ENDPOINT_URL_WAFV2", recorder.endpoint());
            environment.put("AWS_ENDPOINT_URL_LAMBDA", invokes.endpoint());
            environment.put("RESPONDER_TICKET_PROVIDER", "none");
            invoker = new LocalInvoker(projectRoot, childEnvironment(), functionLogs);
            describeAccount(moto);
            try {
                steps();
            } finally {
                account.close();
            }
        }
        out.printf("demo passed: %d checks of the emulated account's state, in %d s; moto stopped%n", checks,
                (System.nanoTime() - started) / 1_000_000_000L);
    }

    private void describeAccount(MotoServer moto) {
        EmulatedAccount.WebTier web = account.webTier();
        out.println("emulated account " + MotoServer.ACCOUNT + " on " + moto.endpoint() + ":");
        out.println("  web instance " + web.instanceId() + ": interfaces " + web.primaryInterfaceId() + " "
                + groupNames(List.of(web.appGroupId())) + ", " + web.secondaryInterfaceId() + " "
                + groupNames(List.of(web.managementGroupId())) + ", in " + web.autoScalingGroup()
                + " behind target group " + name(web.targetGroupArn()));
        out.println("  protected instance " + account.protectedInstanceId() + " (tag " + DemoAccount.PROTECTED_TAG_KEY
                + "=true), bystander instance " + account.bystanderInstanceId());
        out.println("  ECS cluster " + account.ecs().clusterArn() + ", service task " + account.serviceTaskArn());
        out.println("  WAF block sets " + name(account.ipv4SetArn()) + ", " + name(account.ipv6SetArn())
                + "; alert topic " + account.topicArn() + " (an SQS queue reads it); ledger table "
                + DemoAccount.LEDGER_TABLE);
        out.println();
    }

    private void steps() throws IOException, InterruptedException {
        EmulatedAccount.WebTier web = account.webTier();

        Path actor = event("guardduty-ec2-c2-actor-high.json", webInstanceIds());
        String actorFinding = findingId(actor);
        step(1, "GuardDuty: the web instance calls a command-and-control server (HIGH 8.0, ACTOR): playbook rule "
                + "instance-compromise quarantines it");
        chain("QuarantineInstanceFunction", actor);
        Map<String, List<String>> requested = Map.of(
                web.primaryInterfaceId(), ec2Requests.lastRequestedGroups(web.primaryInterfaceId()),
                web.secondaryInterfaceId(), ec2Requests.lastRequestedGroups(web.secondaryInterfaceId()));
        showInstance(web.instanceId(), true);
        showFinding(actorFinding);
        for (String eni : List.of(web.primaryInterfaceId(), web.secondaryInterfaceId())) {
            List<List<String>> changes = ec2Requests.groupChanges().getOrDefault(eni, List.of());
            check(changes.size() == 2, eni + " was moved twice (untracked group, then isolation group): " + changes);
        }
        check(!requested.get(web.primaryInterfaceId()).contains(web.appGroupId()),
                "the application group was taken off " + web.primaryInterfaceId());
        check(attribute(web.instanceId(), InstanceAttributeName.DISABLE_API_TERMINATION).equals("true"),
                "termination protection is on");
        check("Standby".equals(lifecycle(web.instanceId())), "the instance is in Standby");
        check(!registered(web.targetGroupArn(), web.instanceId()), "the instance left its target group");
        check(state(actorFinding, ResponseAction.QUARANTINE_INSTANCE) == LedgerState.DONE,
                "the quarantine is DONE in the ledger");
        check(state(actorFinding, ResponseAction.ALERT) == LedgerState.DONE, "an alert was sent");
        check(notesOf(actorFinding) > 0, "the finding got a note");

        Path bruteForce = event("guardduty-attack-sequence-ec2-instance-group-critical.json", Map.of());
        String bruteForceFinding = findingId(bruteForce);
        step(2, "GuardDuty attack sequence (CRITICAL 9.0): its public inbound endpoint " + ATTACKER
                + " is blocked in WAF; the outbound C&C endpoint is not (WAF sees inbound HTTP only)");
        chain("BlockAddressesFunction", bruteForce);
        out.println("   WAF " + name(account.ipv4SetArn()) + ": " + account.blockedIpv4());
        showFinding(bruteForceFinding);
        check(account.blockedIpv4().contains(ATTACKER + "/32"), ATTACKER + "/32 is in the IPv4 block set");

        Path runtime = event("guardduty-ecs-runtime-reverse-shell-high.json", ecsIds());
        String runtimeFinding = findingId(runtime);
        step(3, "GuardDuty runtime monitoring: reverse shell in an ECS service task (HIGH 8.0)");
        chain("StopTaskFunction", runtime);
        Task task = account.ecs().task(account.serviceTaskArn());
        out.println("   task " + shortTask(account.serviceTaskArn()) + ": " + task.lastStatus() + " (desired "
                + task.desiredStatus() + "), reason \"" + task.stoppedReason() + "\"");
        out.println("   service " + account.ecs().service().serviceName() + ": desired count "
                + account.ecs().service().desiredCount());
        showFinding(runtimeFinding);
        check("STOPPED".equals(task.desiredStatus()), "the task was stopped");
        check(task.stoppedReason() != null && task.stoppedReason().contains("hub-responder"),
                "the stop reason names the responder");
        check(state(runtimeFinding, ResponseAction.STOP_TASK) == LedgerState.DONE, "the task stop is DONE");

        Path cve = event("inspector-cve-critical.json", webInstanceIds());
        String cveFinding = findingId(cve);
        step(4, "Inspector: a CRITICAL CVE on the web instance (a ticket and an alert; never containment)");
        chain("CreateTicketFunction", cve);
        showFinding(cveFinding);
        check(ledger.findByFinding(cveFinding).stream().noneMatch(e -> e.key().action().isContainment()),
                "no containment for a CVE");
        check(state(cveFinding, ResponseAction.ALERT) == LedgerState.DONE, "the CVE was alerted");

        int changesBefore = totalGroupChanges();
        Path forged = event("forged-default-product-critical.json",
                Map.of("i-0a1b2c3d4e5f60718", account.bystanderInstanceId()));
        String forgedFinding = findingId(forged);
        step(5, "A forged finding: CRITICAL, imported into the account's default product (not a trusted producer)");
        invoke("QuarantineInstanceFunction", forged);
        showFinding(forgedFinding);
        check(totalGroupChanges() == changesBefore, "no interface was touched");
        check(ledger.findByTarget(account.bystanderInstanceId()).stream()
                .noneMatch(e -> e.state() == LedgerState.DONE), "nothing was done to " + account.bystanderInstanceId());

        Path protectedEvent = event("guardduty-ec2-c2-protected-instance-high.json",
                Map.of("i-0e5f60718293a4b5c", account.protectedInstanceId()));
        String protectedFinding = findingId(protectedEvent);
        step(6, "GuardDuty: HIGH ACTOR finding on the instance tagged " + DemoAccount.PROTECTED_TAG_KEY + "=true");
        invoke("QuarantineInstanceFunction", protectedEvent);
        showFinding(protectedFinding);
        check(totalGroupChanges() == changesBefore, "the protected instance's interfaces were not touched");
        check(!"true".equals(attribute(account.protectedInstanceId(), InstanceAttributeName.DISABLE_API_TERMINATION)),
                "the protected instance was not changed");

        int rowsBefore = ledger.findByFinding(actorFinding).size();
        step(7, "The first finding delivered again (EventBridge delivers at least once)");
        invoke("QuarantineInstanceFunction", actor);
        out.println("   interface group changes in total: " + totalGroupChanges() + " (before: " + changesBefore + ")");
        check(totalGroupChanges() == changesBefore, "nothing was changed again");
        check(ledger.findByFinding(actorFinding).size() == rowsBefore, "no new ledger record");

        step(8, "./responder release " + web.instanceId());
        releaseOrUnblock(ReleaseFromLedgerTarget.release(web.instanceId()));
        showInstance(web.instanceId(), false);
        check(web.appGroupId().equals(single(ec2Requests.lastRequestedGroups(web.primaryInterfaceId()))),
                web.primaryInterfaceId() + " is back on its application group");
        check(web.managementGroupId().equals(single(ec2Requests.lastRequestedGroups(web.secondaryInterfaceId()))),
                web.secondaryInterfaceId() + " is back on its management group");
        check("InService".equals(lifecycle(web.instanceId())), "the instance is InService again");
        check(registered(web.targetGroupArn(), web.instanceId()), "the instance is back in its target group");
        check(attribute(web.instanceId(), InstanceAttributeName.DISABLE_API_TERMINATION).equals("false"),
                "termination protection is as before (off)");
        check(state(actorFinding, ResponseAction.QUARANTINE_INSTANCE) == LedgerState.RELEASED,
                "the quarantine record is RELEASED");

        step(9, "./responder unblock " + ATTACKER);
        releaseOrUnblock(ReleaseFromLedgerTarget.unblock(ATTACKER));
        out.println("   WAF " + name(account.ipv4SetArn()) + ": " + account.blockedIpv4());
        showFinding(bruteForceFinding);
        check(!account.blockedIpv4().contains(ATTACKER + "/32"), ATTACKER + "/32 left the IPv4 block set");

        burst();
        out.println();
    }

    /**
     * Step 10: a burst of attack sequences, each with its own public inbound endpoint, through the block queue as the template
     * delivers them (rule → BlockQueue → event source mapping → one BlockAddresses invocation), handed over to the
     * ticket stage one event each; the first handover is then followed through ticket and alert.
     */
    private void burst() throws IOException, InterruptedException {
        SqsEventSource queue = account.queue("BlockQueue");
        List<String> events = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            String address = "45.155." + (i / 250) + "." + (i % 250 + 1);
            events.add(Files.readString(event("guardduty-attack-sequence-ec2-instance-group-critical.json", Map.of(
                    ATTACKER, address,
                    "e1a3c5e7a9b14d2f8e6c4a2b0d9f7e51", String.format("b0000000000000000000000000%06d", i),
                    "attack-seq-e1a3c5e7", java.util.UUID.randomUUID().toString()))));
        }
        step(10, "A burst: " + BURST + " CRITICAL attack sequences with " + BURST + " public inbound endpoints, through"
                + " the block queue");
        queue.send(events);
        ObjectNode batch = queue.poll(BURST);
        Path batchFile = workDir.resolve("block-queue-batch.json");
        Files.writeString(batchFile, mapper.writeValueAsString(batch));
        out.println("   BlockQueue: " + BURST + " messages; the event source hands " + batch.path("Records").size()
                + " of them to BlockAddressesFunction as one batch");
        int writesBefore = ec2Requests.calls(UPDATE_IP_SET);
        lambdaInvokes.clear();
        JsonNode answer = invoke("BlockAddressesFunction", batchFile);
        int writes = ec2Requests.calls(UPDATE_IP_SET) - writesBefore;
        int deleted = queue.settle(batch, answer);
        List<LambdaInvokeRecorder.Invocation> handedOver = lambdaInvokes.invocations();
        List<String> blocked = account.blockedIpv4();
        out.println("   WAF " + name(account.ipv4SetArn()) + ": " + blocked.size() + " entries after " + writes
                + " UpdateIPSet call(s)");
        out.println("   handed over to " + handedOver.stream().map(LambdaInvokeRecorder.Invocation::function)
                .distinct().toList() + ": " + handedOver.size() + " asynchronous invocations; " + deleted
                + " messages deleted from the queue");
        check(batch.path("Records").size() == BURST, "the queue gave all " + BURST + " events in one batch");
        check(events.stream().allMatch(e -> blocked.contains(addressOf(e) + "/32")),
                "all " + BURST + " addresses are in the IPv4 block set");
        check(writes == 1, "one UpdateIPSet for " + BURST + " findings (was " + writes + ")");
        check(answer.path("batchItemFailures").isEmpty() && deleted == BURST, "no message is delivered again");
        check(handedOver.size() == BURST && handedOver.stream().allMatch(h -> "Event".equals(h.invocationType())
                        && h.function().endsWith(":function:CreateTicketFunction:live")),
                "every event was handed to CreateTicketFunction's live alias, asynchronously");

        JsonNode first = handedOver.get(0).payload();
        String firstFinding = first.path("requestPayload").path("detail").path("findings").get(0).path("Id").asText();
        out.println("   following the first handover (" + shortFinding(firstFinding) + ") through ticket and alert:");
        Path record = workDir.resolve("block-queue-to-CreateTicketFunction.json");
        Files.writeString(record, mapper.writeValueAsString(first));
        chain(List.of("CreateTicketFunction", "SendAlertFunction"), record);
        check(state(firstFinding, ResponseAction.ALERT) == LedgerState.DONE,
                "the first finding of the burst was alerted after its block");
    }

    private String addressOf(String event) {
        try {
            return mapper.readTree(event).path("detail").path("findings").get(0).path("Detection").path("Sequence")
                    .path("Endpoints").get(0).path("Ip").asText();
        } catch (IOException e) {
            throw new CheckFailedException("a burst event is not JSON: " + e.getMessage());
        }
    }

    /** What release/unblock step to build from the ledger. */
    private record ReleaseFromLedgerTarget(boolean unblock, String target) {
        static ReleaseFromLedgerTarget release(String target) {
            return new ReleaseFromLedgerTarget(false, target);
        }

        static ReleaseFromLedgerTarget unblock(String target) {
            return new ReleaseFromLedgerTarget(true, target);
        }
    }

    private void releaseOrUnblock(ReleaseFromLedgerTarget what) throws IOException, InterruptedException {
        ReleaseFromLedger releases = new ReleaseFromLedger(ledger, DemoAccount.LEDGER_TABLE,
                ResponderConfig.fromEnv(Map.of()).customActions(), MotoServer.REGION, mapper, Clock.systemUTC());
        ReleaseFromLedger.Request request;
        try {
            request = what.unblock() ? releases.unblock(what.target()) : releases.release(what.target());
        } catch (ReleaseFromLedger.NothingToReleaseException e) {
            throw new CheckFailedException(e.getMessage());
        }
        out.println("   ledger: " + request.record().ledgerId() + " " + request.record().key().action() + " "
                + request.record().key().target() + " " + request.record().state() + " → custom action "
                + request.event().path("resources").get(0).asText().replaceAll(".*/", "") + " for finding "
                + shortFinding(request.record().key().findingId()));
        Path event = workDir.resolve((what.unblock() ? "unblock-" : "release-") + "event.json");
        Files.writeString(event, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(request.event()));
        invoke(request.functionLogicalId(), event);
    }

    /** Runs a containment or ticket stage, then the stages Lambda destinations would run after it. */
    private void chain(String firstFunction, Path event) throws IOException, InterruptedException {
        chain(switch (firstFunction) {
            case "CreateTicketFunction" -> List.of("CreateTicketFunction", "SendAlertFunction");
            default -> List.of(firstFunction, "CreateTicketFunction", "SendAlertFunction");
        }, event);
    }

    /** Runs the stages in order, each given what Lambda destinations would give it after the one before. */
    private void chain(List<String> stages, Path event) throws IOException, InterruptedException {
        JsonNode payload = mapper.readTree(event.toFile());
        Path input = event;
        for (int i = 0; i < stages.size(); i++) {
            JsonNode result = invoke(stages.get(i), input);
            if (i + 1 < stages.size()) {
                ObjectNode envelope = mapper.createObjectNode();
                envelope.put("version", "1.0");
                envelope.put("timestamp", java.time.Instant.now().toString());
                envelope.putObject("requestContext").put("requestId", java.util.UUID.randomUUID().toString())
                        .put("functionArn", "arn:aws:lambda:" + MotoServer.REGION + ":" + MotoServer.ACCOUNT
                                + ":function:" + stages.get(i) + ":live")
                        .put("condition", "Success").put("approximateInvokeCount", 1);
                envelope.set("requestPayload", payload);
                envelope.putObject("responseContext").put("statusCode", 200).put("executedVersion", "1");
                envelope.set("responsePayload", result);
                payload = envelope;
                input = workDir.resolve(event.getFileName().toString().replace(".json", "")
                        + "-to-" + stages.get(i + 1) + ".json");
                Files.writeString(input, mapper.writeValueAsString(envelope));
            }
        }
    }

    private JsonNode invoke(String function, Path event) throws IOException, InterruptedException {
        LocalInvoker.Result result = invoker.invoke(function, event, environment);
        if (result.failed()) {
            throw new CheckFailedException(function + " failed (exit " + result.exitCode() + "): " + result.output()
                    + " — see " + workDir.resolve("functions.log"));
        }
        JsonNode report = mapper.readTree(result.output());
        for (JsonNode finding : report.path("findings")) {
            out.println("   " + report.path("stage").asText(function) + ": " + finding.path("summary").asText());
        }
        if (!report.has("findings")) {
            out.println("   " + function + ": " + result.output().strip());
        }
        return report;
    }

    private void step(int number, String title) {
        out.println();
        out.println("== " + number + ". " + title);
    }

    private void showInstance(String instanceId, boolean contained) {
        EmulatedAccount.WebTier web = account.webTier();
        for (String eni : List.of(web.primaryInterfaceId(), web.secondaryInterfaceId())) {
            List<String> changes = ec2Requests.groupChanges().getOrDefault(eni, List.of()).stream()
                    .map(this::groupNames).toList();
            out.println("   " + eni + " security groups as requested: " + String.join(" → ", changes));
        }
        out.println("   termination protection: "
                + attribute(instanceId, InstanceAttributeName.DISABLE_API_TERMINATION)
                + ", shutdown behaviour: " + attribute(instanceId, InstanceAttributeName.INSTANCE_INITIATED_SHUTDOWN_BEHAVIOR)
                + ", Auto Scaling: " + lifecycle(instanceId)
                + ", in target group " + name(web.targetGroupArn()) + ": " + registered(web.targetGroupArn(), instanceId));
        if (contained) {
            List<String> snapshots = account.ec2().ec2().describeSnapshots(r -> r.filters(Filter.builder()
                    .name("volume-id").values(web.volumeIds()).build())).snapshots().stream()
                    .map(s -> s.snapshotId()).toList();
            out.println("   EBS snapshots: " + snapshots);
        }
        String tags = account.ec2().describe(instanceId).tags().stream()
                .filter(t -> t.key().startsWith("hub-responder"))
                .map(t -> t.key() + "=" + t.value()).sorted().collect(Collectors.joining(", "));
        out.println("   responder tags: " + (tags.isEmpty() ? "(none)" : tags));
    }

    /** Ledger rows, alert subjects and Security Hub notes of a finding. */
    private void showFinding(String findingId) {
        for (LedgerEntry e : ledger.findByFinding(findingId)) {
            String target = e.key().action().isContainment() || e.key().action().isRelease()
                    ? shortTarget(e.key().target()) : "(handed over by " + e.key().target() + ")";
            out.println("   ledger " + e.ledgerId() + ": " + e.key().action() + " " + target + " " + e.state()
                    + (e.reason() == null ? "" : " (" + abbreviate(e.reason(), 110) + ")"));
        }
        for (String subject : account.takeAlertSubjects()) {
            out.println("   alert: \"" + subject + "\"");
        }
        List<SecurityHubEmulator.Note> notes = securityHub.notes().stream()
                .filter(n -> n.findingId().equals(findingId)).toList();
        if (!notes.isEmpty()) {
            SecurityHubEmulator.Note last = notes.get(notes.size() - 1);
            out.println("   Security Hub note: \"" + abbreviate(last.text(), 160) + "\""
                    + (last.workflowStatus() == null ? "" : " (workflow " + last.workflowStatus() + ")"));
        }
    }

    private int notesOf(String findingId) {
        return (int) securityHub.notes().stream().filter(n -> n.findingId().equals(findingId)).count();
    }

    private LedgerState state(String findingId, ResponseAction action) {
        return ledger.findByFinding(findingId).stream().filter(e -> e.key().action() == action)
                .map(LedgerEntry::state).findFirst().orElse(null);
    }

    private int totalGroupChanges() {
        return ec2Requests.groupChanges().values().stream().mapToInt(List::size).sum();
    }

    private String attribute(String instanceId, InstanceAttributeName name) {
        var answer = account.ec2().ec2().describeInstanceAttribute(r -> r.instanceId(instanceId).attribute(name));
        return name == InstanceAttributeName.DISABLE_API_TERMINATION
                ? String.valueOf(answer.disableApiTermination().value())
                : answer.instanceInitiatedShutdownBehavior().value();
    }

    private String lifecycle(String instanceId) {
        List<AutoScalingInstanceDetails> details = account.ec2().autoScaling()
                .describeAutoScalingInstances(r -> r.instanceIds(instanceId)).autoScalingInstances();
        return details.isEmpty() ? "not in a group" : details.get(0).lifecycleState();
    }

    private boolean registered(String targetGroupArn, String instanceId) {
        return account.ec2().elb().describeTargetHealth(r -> r.targetGroupArn(targetGroupArn))
                .targetHealthDescriptions().stream().anyMatch(t -> instanceId.equals(t.target().id()));
    }

    private String groupNames(List<String> groupIds) {
        if (groupIds == null || groupIds.isEmpty()) {
            return "[]";
        }
        Map<String, String> names = account.ec2().ec2().describeSecurityGroups(r -> r.groupIds(groupIds))
                .securityGroups().stream().collect(Collectors.toMap(SecurityGroup::groupId, SecurityGroup::groupName));
        return groupIds.stream().map(id -> names.getOrDefault(id, id)).collect(Collectors.joining(", ", "[", "]"));
    }

    private void check(boolean holds, String what) {
        checks++;
        if (!holds) {
            throw new CheckFailedException("check failed: " + what);
        }
        out.println("   ok: " + what);
    }

    private Map<String, String> webInstanceIds() {
        EmulatedAccount.WebTier web = account.webTier();
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("i-0a1b2c3d4e5f60718", web.instanceId());
        ids.put("eni-0123456789abcdef0", web.primaryInterfaceId());
        ids.put("eni-0fedcba9876543210", web.secondaryInterfaceId());
        ids.put("vpc-0c1d2e3f4a5b6c7d8", web.vpcId());
        ids.put("subnet-0f1e2d3c4b5a69788", web.subnetId());
        return ids;
    }

    private Map<String, String> ecsIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        String taskArn = account.serviceTaskArn();
        ids.put("arn:aws:ecs:us-east-1:123456789012:task/prod/3f1c9a7e5b2d4c6a8e0f1a2b3c4d5e6f", taskArn);
        ids.put("3f1c9a7e5b2d4c6a8e0f1a2b3c4d5e6f", taskArn.substring(taskArn.lastIndexOf('/') + 1));
        ids.put("arn:aws:ecs:us-east-1:123456789012:cluster/prod", account.ecs().clusterArn());
        ids.put("arn:aws:ecs:us-east-1:123456789012:task-definition/checkout:42", account.ecs().taskDefinitionArn());
        ids.put("service:checkout", "service:" + account.ecs().service().serviceName());
        return ids;
    }

    /** Copies an event from {@code events/} into the work folder with the emulated resources' ids. */
    private Path event(String file, Map<String, String> replacements) throws IOException {
        String text = Files.readString(projectRoot.resolve("events").resolve(file));
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            text = text.replace(r.getKey(), r.getValue());
        }
        Path copy = workDir.resolve(file);
        Files.writeString(copy, text);
        return copy;
    }

    private String findingId(Path event) throws IOException {
        return mapper.readTree(event.toFile()).path("detail").path("findings").get(0).path("Id").asText();
    }

    private Map<String, String> childEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : List.of("PATH", "HOME", "JAVA_HOME", "TMPDIR", "LANG")) {
            if (shellEnv.containsKey(name)) {
                env.put(name, shellEnv.get(name));
            }
        }
        return env;
    }

    private static String single(List<String> groups) {
        return groups != null && groups.size() == 1 ? groups.get(0) : String.valueOf(groups);
    }

    private static String name(String arn) {
        String[] parts = arn.split("/");
        return parts.length >= 3 ? parts[parts.length - 2] : arn;
    }

    private static String shortTask(String taskArn) {
        return taskArn.substring(taskArn.indexOf(":task/") + 1);
    }

    private static String shortTarget(String target) {
        return target.contains(":task/") ? shortTask(target) : target;
    }

    private static String shortFinding(String findingId) {
        return findingId.startsWith(FINDING_ACTOR) ? "…/finding/" + findingId.substring(FINDING_ACTOR.length())
                : findingId;
    }

    private static String abbreviate(String text, int max) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }
}
