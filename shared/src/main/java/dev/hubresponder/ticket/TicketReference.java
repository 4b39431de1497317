package dev.hubresponder.ticket;

import java.util.Objects;

/**
 * A ticket at a provider.
 *
 * @param provider jira, github or servicenow
 * @param key      what people call it: {@code SEC-42}, {@code acme/security#42}, {@code INC0010042}
 * @param url      where people open it
 * @param id       the provider's own id, used to read it back: Jira issue id, GitHub issue number, ServiceNow
 *                 {@code sys_id}
 */
public record TicketReference(String provider, String key, String url, String id) {
    public TicketReference {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(id, "id");
    }
}
