package dev.hubresponder.functions.ec2;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.action.ActionRunner;
import dev.hubresponder.action.Reachable;
import dev.hubresponder.audit.DeferredFindingNotes;
import dev.hubresponder.audit.FindingNotes;
import dev.hubresponder.aws.LambdaSdk;
import dev.hubresponder.aws.ec2.Ec2InstanceControls;
import dev.hubresponder.aws.ec2.Ec2InstanceInventory;
import dev.hubresponder.aws.lambda.ContainmentWiring;
import dev.hubresponder.aws.ledger.ActionRecording;
import dev.hubresponder.aws.member.MemberAccounts;
import dev.hubresponder.aws.member.MemberClients;
import dev.hubresponder.aws.metrics.EmfResponderMetrics;
import dev.hubresponder.aws.securityhub.SecurityHubFindingNotes;
import dev.hubresponder.config.ConfigurationException;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.containment.ContainmentResponse;
import dev.hubresponder.containment.ec2.InstanceAccess;
import dev.hubresponder.containment.ec2.InstanceResponse;
import dev.hubresponder.containment.ec2.QuarantineInstance;
import dev.hubresponder.containment.ec2.QuarantineSettings;
import dev.hubresponder.containment.ec2.ReleaseInstance;
import dev.hubresponder.metrics.ResponderMetrics;
import dev.hubresponder.plan.ResponsePlanner;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;

/**
 * Everything the function needs, built once at init from its environment: typed configuration (a wrong value stops
 * the function here, naming the variable), the SDK clients and the domain services.
 */
record QuarantineWiring(ObjectMapper mapper, ResponsePlanner planner, ContainmentResponse response,
                        FindingNotes notes) implements ContainmentWiring {

    /**
     * The SDK clients the function uses; tests pass clients pointed at moto and a Security Hub stub. The Security
     * Hub client is built when the first note is written ({@link DeferredFindingNotes}).
     */
    record AwsClients(Ec2Client ec2, AutoScalingClient autoScaling, ElasticLoadBalancingV2Client elb,
                      DynamoDbClient dynamo, Supplier<SecurityHubClient> securityHub) {
        AwsClients(Ec2Client ec2, AutoScalingClient autoScaling, ElasticLoadBalancingV2Client elb,
                   DynamoDbClient dynamo, SecurityHubClient securityHub) {
            this(ec2, autoScaling, elb, dynamo, () -> securityHub);
        }

        /** Quarantine's view of EC2, Auto Scaling and ELB on these clients. */
        InstanceAccess instanceAccess() {
            return QuarantineWiring.instanceAccess(ec2, autoScaling, elb);
        }
    }

    static InstanceAccess instanceAccess(Ec2Client ec2, AutoScalingClient autoScaling,
                                         ElasticLoadBalancingV2Client elb) {
        return new InstanceAccess(new Ec2InstanceInventory(ec2, autoScaling, elb),
                new Ec2InstanceControls(ec2, autoScaling, elb));
    }

    /**
     * EC2, Auto Scaling and ELB where an instance is: the function's own clients in the stack's account and Region,
     * clients on the member role's credentials elsewhere (built on first use, never at init).
     */
    static Reachable<InstanceAccess> instancesEverywhere(AwsClients clients, MemberAccounts members) {
        return new MemberClients<>(clients.instanceAccess(), members, (region, credentials) -> instanceAccess(
                members.configure(Ec2Client.builder(), region, credentials)
                        .httpClient(UrlConnectionHttpClient.create()).build(),
                members.configure(AutoScalingClient.builder(), region, credentials)
                        .httpClient(UrlConnectionHttpClient.create()).build(),
                members.configure(ElasticLoadBalancingV2Client.builder(), region, credentials)
                        .httpClient(UrlConnectionHttpClient.create()).build()));
    }

    /** Production: clients for {@code AWS_REGION} (endpoints from {@code AWS_ENDPOINT_URL*} when set), EMF metrics. */
    static QuarantineWiring fromEnvironment(Map<String, String> env) {
        LambdaSdk.region(env);
        if (env.getOrDefault("POWERTOOLS_METRICS_NAMESPACE", "").isBlank()) {
            // Checked here: EMF refuses to flush without it, which would fail the first action, not the init.
            throw new ConfigurationException("POWERTOOLS_METRICS_NAMESPACE must name the CloudWatch namespace of the"
                    + " responder's metrics (HubResponder)");
        }
        AwsClients clients = new AwsClients(
                LambdaSdk.configure(Ec2Client.builder(), env).httpClient(UrlConnectionHttpClient.create()).build(),
                LambdaSdk.configure(AutoScalingClient.builder(), env).httpClient(UrlConnectionHttpClient.create())
                        .build(),
                LambdaSdk.configure(ElasticLoadBalancingV2Client.builder(), env)
                        .httpClient(UrlConnectionHttpClient.create()).build(),
                LambdaSdk.configure(DynamoDbClient.builder(), env).httpClient(UrlConnectionHttpClient.create()).build(),
                () -> SecurityHubFindingNotes.client(env));
        return of(env, clients, MemberAccounts.fromEnv(env), EmfResponderMetrics.fromEnvironment(),
                Clock.systemUTC());
    }

    static QuarantineWiring of(Map<String, String> env, AwsClients clients, MemberAccounts members,
                               ResponderMetrics metrics, Clock clock) {
        ActionRecording recording = ActionRecording.fromEnv(env, clients.dynamo(), metrics, clock);
        ResponderConfig config = recording.config();
        ActionRunner runner = recording.runner();
        ObjectMapper mapper = new ObjectMapper();
        Reachable<InstanceAccess> instances = instancesEverywhere(clients, members);
        FindingNotes notes = new DeferredFindingNotes(() -> new SecurityHubFindingNotes(clients.securityHub().get()));
        ContainmentResponse response = InstanceResponse.of(
                new QuarantineInstance(runner, recording.ledger(), instances, config, QuarantineSettings.fromEnv(env),
                        clock),
                new ReleaseInstance(runner, recording.ledger(), instances, clock),
                runner, recording.audit(notes));
        return new QuarantineWiring(mapper, new ResponsePlanner(config, mapper, metrics), response, notes);
    }
}
