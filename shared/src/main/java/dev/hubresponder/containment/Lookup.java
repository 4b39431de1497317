package dev.hubresponder.containment;

/**
 * The answer to a read through a containment port ({@code EcsTasks}, {@code IamPrincipals}). Failures worth
 * retrying are not answers: the adapters throw them.
 *
 * @param status what the service said
 * @param value  the resource when found, else null
 * @param reason why it is missing or unreadable, else null
 */
public record Lookup<T>(LookupStatus status, T value, String reason) {
    public static <T> Lookup<T> found(T value) {
        return new Lookup<>(LookupStatus.FOUND, value, null);
    }

    public static <T> Lookup<T> missing(String reason) {
        return new Lookup<>(LookupStatus.MISSING, null, reason);
    }

    public static <T> Lookup<T> unreadable(String reason) {
        return new Lookup<>(LookupStatus.UNREADABLE, null, reason);
    }
}
