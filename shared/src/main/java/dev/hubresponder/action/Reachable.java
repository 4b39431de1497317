package dev.hubresponder.action;

import dev.hubresponder.finding.ResourceLocation;

/**
 * A port (EC2 controls, ECS tasks, IAM keys, …) as it acts in one account and Region, on behalf of one finding: the
 * way every containment reaches the account and Region a resource's ARN names. In the stack's own account and
 * Region it is the function's own adapter; elsewhere the adapter runs on the member role's credentials, with a
 * session that names the finding (so the member account's CloudTrail says which finding caused each change).
 *
 * <p>Implemented by {@code dev.hubresponder.aws.member.MemberClients} for SDK clients; domain code sees only this.
 *
 * @param <T> the port
 */
@FunctionalInterface
public interface Reachable<T> {

    /**
     * The port acting in {@code where} for {@code findingId}, or why it cannot act there.
     *
     * @throws RetryableActionException when reaching the account failed in a way worth retrying
     */
    Reach<T> at(ResourceLocation where, String findingId);

    /** The same port wherever the resource is: for single-account tests and local tools, never for production. */
    static <T> Reachable<T> everywhere(T port) {
        return (where, findingId) -> Reach.of(port);
    }
}
