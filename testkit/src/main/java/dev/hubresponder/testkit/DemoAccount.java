package dev.hubresponder.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.wafv2.Wafv2Client;
import software.amazon.awssdk.services.wafv2.model.IPSetSummary;
import software.amazon.awssdk.services.wafv2.model.Scope;

/**
 * The account the template deploys into, built in a running {@link MotoServer}: what the functions act on and
 * what they write to. The local demo and the tests that invoke every function start from it.
 * <ul>
 *   <li>the ledger table, named as the template's logical id ({@value #LEDGER_TABLE}, the value
 *       {@code ./responder invoke} gives {@code !Ref LedgerTable}) and created from the same definition;</li>
 *   <li>the REGIONAL IPv4 and IPv6 WAF block sets;</li>
 *   <li>the alert topic with an SQS queue subscribed, to read the alerts back;</li>
 *   <li>a web tier ({@link EmulatedAccount#webTier}: an instance with two interfaces in an Auto Scaling group behind
 *       a target group), a database instance carrying the protection tag, and a bystander instance;</li>
 *   <li>an ECS cluster with a service and one running service task ({@link EmulatedEcs}).</li>
 * </ul>
 */
public final class DemoAccount implements AutoCloseable {
    public static final String LEDGER_TABLE = "LedgerTable";
    public static final String PROTECTED_TAG_KEY = "hub-responder:protected";
    public static final String ALERT_TOPIC = "hub-responder-alerts";

    private final MotoServer moto;
    private final EmulatedAccount ec2Estate;
    private final EmulatedAccount.WebTier webTier;
    private final String protectedInstanceId;
    private final String bystanderInstanceId;
    private final EmulatedEcs ecs;
    private final String serviceTaskArn;
    private final Wafv2Client waf;
    private final IPSetSummary ipv4Set;
    private final IPSetSummary ipv6Set;
    private final SnsClient sns;
    private final SqsClient sqs;
    private final String topicArn;
    private final String queueUrl;
    private final DynamoDbClient dynamo;

    private DemoAccount(MotoServer moto, EmulatedAccount ec2Estate, EmulatedAccount.WebTier webTier,
                        String protectedInstanceId, String bystanderInstanceId, EmulatedEcs ecs,
                        String serviceTaskArn, Wafv2Client waf,
                        IPSetSummary ipv4Set, IPSetSummary ipv6Set, SnsClient sns, SqsClient sqs, String topicArn,
                        String queueUrl, DynamoDbClient dynamo) {
        this.moto = moto;
        this.ec2Estate = ec2Estate;
        this.webTier = webTier;
        this.protectedInstanceId = protectedInstanceId;
        this.bystanderInstanceId = bystanderInstanceId;
        this.ecs = ecs;
        this.serviceTaskArn = serviceTaskArn;
        this.waf = waf;
        this.ipv4Set = ipv4Set;
        this.ipv6Set = ipv6Set;
        this.sns = sns;
        this.sqs = sqs;
        this.topicArn = topicArn;
        this.queueUrl = queueUrl;
        this.dynamo = dynamo;
    }

    /**
     * Builds the account in {@code moto} (call on a fresh or reset server).
     *
     * @param ledgerTable creates the ledger table with a client and a table name: pass {@code LedgerTable::create}
     *                    from {@code shared}, the definition the template mirrors (testkit cannot depend on
     *                    {@code shared}, whose tests use testkit)
     */
    public static DemoAccount create(MotoServer moto, BiConsumer<DynamoDbClient, String> ledgerTable) {
        DynamoDbClient dynamo = moto.client(DynamoDbClient.builder()).build();
        ledgerTable.accept(dynamo, LEDGER_TABLE);

        Wafv2Client waf = moto.client(Wafv2Client.builder()).build();
        IPSetSummary ipv4 = BlockedIpSets.ipv4(waf);
        IPSetSummary ipv6 = BlockedIpSets.ipv6(waf);

        SnsClient sns = moto.client(SnsClient.builder()).build();
        SqsClient sqs = moto.client(SqsClient.builder()).build();
        String topicArn = sns.createTopic(r -> r.name(ALERT_TOPIC)).topicArn();
        String queueUrl = sqs.createQueue(r -> r.queueName(ALERT_TOPIC + "-reader")).queueUrl();
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queueArn));

        EmulatedAccount ec2Estate = EmulatedAccount.on(moto);
        EmulatedAccount.WebTier tier = ec2Estate.webTier("web", Map.of("Environment", "production"));
        String database = ec2Estate.plainInstance(tier, "payments-db", Map.of(PROTECTED_TAG_KEY, "true"));
        String worker = ec2Estate.plainInstance(tier, "batch-worker", Map.of());

        EmulatedEcs ecs = EmulatedEcs.create(moto);
        String task = ecs.runServiceTask();
        return new DemoAccount(moto, ec2Estate, tier, database, worker, ecs, task, waf, ipv4, ipv6, sns, sqs, topicArn,
                queueUrl, dynamo);
    }

    /**
     * The environment every function needs to act in this account: the emulator's endpoint and fake credentials,
     * and the ARNs the template would pass ({@code ALERT_TOPIC_ARN}, the block sets). The ledger table needs no
     * entry: it is named as the template's logical id.
     */
    public Map<String, String> functionEnvironment() {
        Map<String, String> env = new LinkedHashMap<>(moto.awsEnvironment());
        env.put("ALERT_TOPIC_ARN", topicArn);
        env.put("RESPONDER_WAF_IPV4_SET_ARN", ipv4Set.arn());
        env.put("RESPONDER_WAF_IPV6_SET_ARN", ipv6Set.arn());
        return env;
    }

    /** The addresses in the IPv4 block set now. */
    public List<String> blockedIpv4() {
        return addresses(ipv4Set);
    }

    /** The addresses in the IPv6 block set now. */
    public List<String> blockedIpv6() {
        return addresses(ipv6Set);
    }

    private List<String> addresses(IPSetSummary set) {
        return waf.getIPSet(r -> r.name(set.name()).id(set.id()).scope(Scope.REGIONAL)).ipSet().addresses();
    }

    /** The subjects of the alerts published since the last call (read from the subscribed queue). */
    public List<String> takeAlertSubjects() {
        List<String> subjects = new ArrayList<>();
        while (true) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(0)).messages();
            if (messages.isEmpty()) {
                return subjects;
            }
            for (Message message : messages) {
                subjects.add(subject(message.body()));
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    private static String subject(String envelope) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(envelope).path("Subject").asText("");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("not an SNS envelope in the alert queue: " + e.getOriginalMessage(), e);
        }
    }

    /** A new queue in the account, with the event source mapping that would read it. */
    public SqsEventSource queue(String name) {
        return SqsEventSource.create(sqs, name);
    }

    public MotoServer moto() {
        return moto;
    }

    public EmulatedAccount ec2() {
        return ec2Estate;
    }

    public EmulatedAccount.WebTier webTier() {
        return webTier;
    }

    public String protectedInstanceId() {
        return protectedInstanceId;
    }

    /** An unprotected instance outside the Auto Scaling group, named by findings the responder must refuse. */
    public String bystanderInstanceId() {
        return bystanderInstanceId;
    }

    public EmulatedEcs ecs() {
        return ecs;
    }

    public String serviceTaskArn() {
        return serviceTaskArn;
    }

    public String topicArn() {
        return topicArn;
    }

    public String ipv4SetArn() {
        return ipv4Set.arn();
    }

    public String ipv6SetArn() {
        return ipv6Set.arn();
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    @Override
    public void close() {
        ec2Estate.close();
        ecs.close();
        waf.close();
        sns.close();
        sqs.close();
        dynamo.close();
    }
}
