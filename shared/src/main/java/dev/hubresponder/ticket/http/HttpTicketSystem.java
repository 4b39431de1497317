package dev.hubresponder.ticket.http;

import dev.hubresponder.ticket.TicketSecretSource;
import dev.hubresponder.ticket.TicketSystem;

/**
 * A ticket system reached over HTTP (GitHub, Jira, ServiceNow): its name, the HTTP client that speaks to it and the
 * secret, read from Secrets Manager at call time, that authenticates the calls.
 */
public abstract class HttpTicketSystem implements TicketSystem {
    private final String name;
    protected final ProviderHttp http;
    protected final TicketSecretSource secrets;

    protected HttpTicketSystem(String name, ProviderHttp http, TicketSecretSource secrets) {
        this.name = name;
        this.http = http;
        this.secrets = secrets;
    }

    @Override
    public final String name() {
        return name;
    }
}
