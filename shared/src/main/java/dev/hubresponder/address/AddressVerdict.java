package dev.hubresponder.address;

/**
 * The outcome of checking one remote address for blocking.
 *
 * @param input   the text as the finding gave it
 * @param host    the normalized host CIDR ({@code 198.51.7.9/32}, {@code 2a00:1450:4001::5/128}) when blockable, else null
 * @param refusal why it must not be blocked (naming the address and the range it fell in), when not blockable,
 *                else null
 */
public record AddressVerdict(String input, String host, String refusal) {

    public static AddressVerdict blockable(String input, String host) {
        return new AddressVerdict(input, host, null);
    }

    public static AddressVerdict refused(String input, String refusal) {
        return new AddressVerdict(input, null, refusal);
    }

    public boolean isBlockable() {
        return host != null;
    }
}
