package dev.hubresponder.testkit;

/**
 * The organization the tests emulate in one moto server (aws-facts §9): the central account, where the stack runs
 * in {@link MotoServer#REGION}, and member accounts in other Regions, reached through the member role.
 */
public final class Organization {
    public static final String CENTRAL = MotoServer.ACCOUNT;
    public static final String MEMBER_B = "111122223333";
    public static final String MEMBER_C = "444455556666";
    public static final String WEST = "us-west-2";
    public static final String EU = "eu-west-1";
    /** The role the member stack creates in every member account, for the central stack to assume. */
    public static final String MEMBER_ROLE = "HubResponderMember";

    private Organization() {
    }
}
