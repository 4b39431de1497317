package dev.hubresponder.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The example events in the repository's {@code events/}, as the function modules' tests find them. */
public final class ExampleEvents {
    /** {@code events/} from a function module's folder. */
    public static final Path EVENTS = Path.of("..", "..", "events");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExampleEvents() {
    }

    /** The id of the first finding of an example event. */
    public static String findingId(String file) {
        try {
            return JSON.readTree(EVENTS.resolve(file).toFile()).path("detail").path("findings").get(0).path("Id")
                    .asText();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read events/" + file, e);
        }
    }
}
