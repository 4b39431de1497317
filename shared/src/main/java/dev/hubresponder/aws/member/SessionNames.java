package dev.hubresponder.aws.member;

/**
 * The role session name (and source identity) of a containment in a member account: {@code hub-responder-} and
 * the finding's own id, so that the member account's CloudTrail names the finding behind every change. GuardDuty's
 * finding ids are 32 hex digits, the last part of the Security Hub id ({@code …/finding/<id>}), and fit whole.
 */
final class SessionNames {
    static final String PREFIX = "hub-responder-";
    /** STS allows 2–64 characters of {@code [\w+=,.@-]} for both. */
    private static final int MAX = 64;

    private SessionNames() {
    }

    static String forFinding(String findingId) {
        String id = findingId == null ? "" : findingId.trim();
        int slash = id.lastIndexOf('/');
        String tail = (slash >= 0 ? id.substring(slash + 1) : id).replaceAll("[^\\w+=,.@-]", "-");
        if (tail.isEmpty()) {
            tail = "unnamed";
        }
        int room = MAX - PREFIX.length();
        return PREFIX + (tail.length() <= room ? tail : tail.substring(tail.length() - room));
    }
}
