package dev.hubresponder.finding;

import java.util.Objects;

/**
 * A remote address named by a finding, as the producer wrote it (not yet validated).
 *
 * @param text      the address text, untrimmed producer input
 * @param direction the connection's direction as seen from the resource
 * @param field     where in the finding it was found, so that a refusal can say which field was wrong
 */
public record RemoteAddress(String text, Direction direction, String field) {
    public RemoteAddress {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(field, "field");
    }
}
