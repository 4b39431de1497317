package dev.hubresponder.aws.ec2;

import dev.hubresponder.containment.ec2.InstanceDescription.TargetRegistration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * Finds where an instance is registered as an ELB target: every instance-type target group of its VPC, asked with
 * {@code DescribeTargetHealth}. Targets already draining count as gone.
 */
final class TargetGroupRegistrations {
    private final ElasticLoadBalancingV2Client elb;

    TargetGroupRegistrations(ElasticLoadBalancingV2Client elb) {
        this.elb = Objects.requireNonNull(elb, "elb");
    }

    List<TargetRegistration> of(String instanceId, String vpcId) {
        List<TargetRegistration> registrations = new ArrayList<>();
        for (TargetGroup group : elb.describeTargetGroupsPaginator(r -> { }).targetGroups()) {
            if (!Objects.equals(vpcId, group.vpcId()) || group.targetType() != TargetTypeEnum.INSTANCE) {
                continue;
            }
            List<TargetHealthDescription> targets;
            try {
                targets = elb.describeTargetHealth(r -> r.targetGroupArn(group.targetGroupArn()))
                        .targetHealthDescriptions();
            } catch (TargetGroupNotFoundException e) {
                continue;
            }
            for (TargetHealthDescription target : targets) {
                boolean draining = target.targetHealth() != null
                        && target.targetHealth().state() == TargetHealthStateEnum.DRAINING;
                if (instanceId.equals(target.target().id()) && !draining) {
                    registrations.add(new TargetRegistration(group.targetGroupArn(), target.target().port()));
                }
            }
        }
        return registrations;
    }
}
