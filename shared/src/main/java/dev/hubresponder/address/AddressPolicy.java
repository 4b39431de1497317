package dev.hubresponder.address;

import java.util.List;

/**
 * Decides whether a remote address may be blocked. STUB: replaced by the implementation.
 */
public final class AddressPolicy {
    public AddressPolicy(List<String> neverBlockCidrs) {
    }

    public AddressVerdict evaluate(String text) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
