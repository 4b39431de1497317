package dev.hubresponder.block;

import dev.hubresponder.address.HostAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One IP set as read just now: its name and its entries exactly as WAF lists them, with a lookup by canonical host
 * so that {@code 2A00:1450::0005/128} written by a person matches the responder's {@code 2a00:1450::5/128}.
 * Entries that are not single hosts (a person's {@code /24}) count towards the size and are never touched.
 */
public final class SetContents {
    private final String name;
    private final List<String> entries;
    private final Map<String, String> entryByHost;

    public SetContents(String name, List<String> entries) {
        this.name = Objects.requireNonNull(name, "name");
        this.entries = List.copyOf(entries);
        this.entryByHost = new HashMap<>(this.entries.size() * 2);
        for (String entry : this.entries) {
            String host = HostAddress.canonical(entry);
            if (host != null) {
                entryByHost.putIfAbsent(host, entry);
            }
        }
    }

    public String name() {
        return name;
    }

    /** The entries as WAF lists them. */
    public List<String> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    public boolean holds(String host) {
        return entryByHost.containsKey(host);
    }

    /** The entry text for a canonical host, as it must be named to remove it; null when absent. */
    public String entryFor(String host) {
        return entryByHost.get(host);
    }
}
