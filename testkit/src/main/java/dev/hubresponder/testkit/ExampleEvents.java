package dev.hubresponder.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

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

    /** An example event, to change before a test sends it. */
    public static ObjectNode read(String file) {
        try {
            return (ObjectNode) JSON.readTree(EVENTS.resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read events/" + file, e);
        }
    }

    /**
     * An example event as the central account receives it from a member account through the aggregation Region: the
     * envelope (and a custom action's target) stay the central stack's; in each finding, every given replacement is
     * made, then the examples' account ({@link MotoServer#ACCOUNT}) becomes the member's and {@code us-east-1} the
     * member's Region.
     */
    public static ObjectNode fromMember(String file, String account, String region, Map<String, String> replacements) {
        ObjectNode event = read(file);
        try {
            ArrayNode findings = (ArrayNode) event.path("detail").path("findings");
            for (int i = 0; i < findings.size(); i++) {
                String text = JSON.writeValueAsString(findings.get(i));
                for (Map.Entry<String, String> replacement : replacements.entrySet()) {
                    text = text.replace(replacement.getKey(), replacement.getValue());
                }
                findings.set(i, JSON.readTree(text.replace(MotoServer.ACCOUNT, account).replace("us-east-1", region)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite the findings of events/" + file, e);
        }
        return event;
    }
}
