package dev.hubresponder.functions.digest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.alert.PrintableText;
import dev.hubresponder.digest.DigestTier;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * What the schedule asks for: {@code {"digest":"DAILY"}} or {@code {"digest":"WEEKLY"}}.
 *
 * @param named the tier as the input named it, made printable and short, for the error ("(unreadable)" when the
 *              input is not JSON)
 * @param tier  the tier, empty when the input names none
 */
record DigestRequest(String named, Optional<DigestTier> tier) {

    static DigestRequest read(ObjectMapper mapper, InputStream input) {
        try {
            JsonNode request = mapper.readTree(input);
            String named = request == null ? "" : PrintableText.line(request.path("digest").asText(""), 40);
            return new DigestRequest(named, DigestTier.fromName(named));
        } catch (IOException e) {
            return new DigestRequest("(unreadable)", Optional.empty());
        }
    }

    /** Why the input is refused, when it names no tier. */
    String error() {
        return "input must be {\"digest\":\"DAILY\"} or {\"digest\":\"WEEKLY\"}, named '" + named + "'";
    }
}
