package dev.hubresponder.policy;

import dev.hubresponder.finding.Direction;
import dev.hubresponder.finding.Ec2InstanceDetails;
import dev.hubresponder.finding.EcsTaskDetails;
import dev.hubresponder.finding.Finding;
import dev.hubresponder.finding.FindingSchema;
import dev.hubresponder.finding.RemoteAddress;
import dev.hubresponder.finding.Resource;
import dev.hubresponder.finding.ResourceRole;
import dev.hubresponder.finding.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds findings for policy tests; defaults describe a CRITICAL GuardDuty threat with an ACTOR instance. */
final class FindingBuilder {
    static final String GUARDDUTY = "arn:aws:securityhub:us-east-1::product/aws/guardduty";
    static final String INSTANCE = "i-0a1b2c3d4e5f60718";
    static final String TASK = "arn:aws:ecs:us-east-1:123456789012:task/prod/0f3c5e1d2b4a4c6e8f0a1b2c3d4e5f60";

    private String productArn = GUARDDUTY;
    private String productName = "GuardDuty";
    private String account = "123456789012";
    private Severity severity = Severity.CRITICAL;
    private List<String> types = List.of("TTPs/Command and Control/Backdoor:EC2-C&CActivity.B");
    private String recordState = "ACTIVE";
    private String workflow = "NEW";
    private ResourceRole role = ResourceRole.ACTOR;
    private FindingSchema schema = FindingSchema.ASFF;
    private final List<Resource> resources = new ArrayList<>();
    private final List<RemoteAddress> addresses = new ArrayList<>();
    private final Map<String, String> userDefinedFields = new HashMap<>();

    static FindingBuilder threat() {
        return new FindingBuilder();
    }

    FindingBuilder product(String arn, String name) {
        this.productArn = arn;
        this.productName = name;
        return this;
    }

    FindingBuilder account(String account) {
        this.account = account;
        return this;
    }

    FindingBuilder severity(Severity severity) {
        this.severity = severity;
        return this;
    }

    FindingBuilder types(String... types) {
        this.types = List.of(types);
        return this;
    }

    FindingBuilder recordState(String state) {
        this.recordState = state;
        return this;
    }

    FindingBuilder workflow(String status) {
        this.workflow = status;
        return this;
    }

    FindingBuilder role(ResourceRole role) {
        this.role = role;
        return this;
    }

    FindingBuilder instance(String instanceId, Map<String, String> tags) {
        resources.add(new Resource("AwsEc2Instance", "arn:aws:ec2:us-east-1:123456789012:instance/" + instanceId,
                "us-east-1", tags, new Ec2InstanceDetails(instanceId, "vpc-0abc", "subnet-0abc",
                List.of("eni-0aaa", "eni-0bbb"), List.of()), null));
        return this;
    }

    FindingBuilder instanceWithAddresses(String instanceId, String... ipV4Addresses) {
        resources.add(new Resource("AwsEc2Instance", "arn:aws:ec2:us-east-1:123456789012:instance/" + instanceId,
                "us-east-1", Map.of(), new Ec2InstanceDetails(instanceId, "vpc-0abc", "subnet-0abc",
                List.of("eni-0aaa"), List.of(ipV4Addresses)), null));
        return this;
    }

    FindingBuilder task(String taskArn, Map<String, String> tags) {
        resources.add(new Resource("AwsEcsTask", taskArn, "us-east-1", tags,
                null, new EcsTaskDetails("arn:aws:ecs:us-east-1:123456789012:cluster/prod", taskArn,
                "arn:aws:ecs:us-east-1:123456789012:task-definition/checkout:7", "service:checkout", null)));
        return this;
    }

    FindingBuilder resource(String type, String id) {
        resources.add(new Resource(type, id, "us-east-1", Map.of(), null, null));
        return this;
    }

    FindingBuilder remote(String text, Direction direction) {
        addresses.add(new RemoteAddress(text, direction, "Action.NetworkConnectionAction.RemoteIpDetails"));
        return this;
    }

    FindingBuilder userDefinedField(String key, String value) {
        userDefinedFields.put(key, value);
        return this;
    }

    /** As Security Hub's OCSF (v2) events carry it. */
    FindingBuilder ocsf() {
        schema = FindingSchema.OCSF;
        return this;
    }

    Finding build() {
        return new Finding(schema, "arn:aws:guardduty:us-east-1:123456789012:detector/d1/finding/f1",
                productArn, productName, "Amazon", account, "us-east-1", types, severity, null, recordState,
                workflow, "title", "description", Instant.parse("2026-11-26T10:00:00Z"),
                Instant.parse("2026-11-26T10:05:00Z"), Instant.parse("2026-11-26T09:55:00Z"), resources, addresses,
                role, userDefinedFields, schema == FindingSchema.OCSF ? "ocsf-metadata-uid" : null);
    }
}
