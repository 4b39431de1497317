package dev.hubresponder.finding;

import java.util.ArrayList;
import java.util.List;

/**
 * Gathers the remote addresses of one finding from several fields, keeping the first field that named each
 * (text, direction) pair: typed fields are read before GuardDuty's flattened copies of them, so the typed field is
 * the one a refusal points at.
 */
final class RemoteAddressCollector {
    private final List<RemoteAddress> addresses = new ArrayList<>(4);

    /** Adds an address unless it is absent, blank, or already named with the same direction. */
    void add(String text, Direction direction, String field) {
        if (text == null || text.isBlank()) {
            return;
        }
        for (RemoteAddress known : addresses) {
            if (known.text().equals(text) && known.direction() == direction) {
                return;
            }
        }
        addresses.add(new RemoteAddress(text, direction, field));
    }

    List<RemoteAddress> addresses() {
        return addresses;
    }
}
