package dev.hubresponder.containment.ec2;

import java.util.Objects;

/**
 * The two security groups that quarantine interfaces of one VPC (a group belongs to one VPC).
 *
 * <p>Changing an interface straight to a group without rules leaves its tracked connections open (aws-facts §3).
 * So each interface first gets the untracked group, whose rules allow all traffic in and out from 0.0.0.0/0 and
 * ::/0 so that its flows become untracked, and then the isolation group, which has no rules at all: untracked flows
 * stop at once.
 *
 * @param vpcId            the VPC
 * @param untrackedGroupId the allow-all group, applied first
 * @param isolationGroupId the group without rules, applied second
 */
public record QuarantineGroups(String vpcId, String untrackedGroupId, String isolationGroupId) {
    public QuarantineGroups {
        Objects.requireNonNull(vpcId, "vpcId");
        Objects.requireNonNull(untrackedGroupId, "untrackedGroupId");
        Objects.requireNonNull(isolationGroupId, "isolationGroupId");
    }

    /**
     * The outcome of finding or creating them: the groups, or why they could not be had.
     *
     * @param groups  the groups, null on failure
     * @param failure why they could not be found or created, null on success
     */
    public record Result(QuarantineGroups groups, String failure) {
        public static Result of(QuarantineGroups groups) {
            return new Result(Objects.requireNonNull(groups, "groups"), null);
        }

        public static Result failed(String failure) {
            return new Result(null, Objects.requireNonNull(failure, "failure"));
        }
    }
}
