package dev.hubresponder.finding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Dates in findings read exactly as {@link Instant#parse} reads them, fast path or not. */
class IsoInstantTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-10-02T08:14:51Z", "2026-10-02T08:14:51.1Z", "2026-10-02T08:14:51.123Z",
            "2026-10-02T08:14:51.123456789Z", "1970-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
            "2024-02-29T12:00:00Z", "1969-12-31T23:59:59.999999999Z"})
    void readsTheProducersShapeAsInstantParseDoes(String text) {
        assertThat(IsoInstant.parse(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-10-02T08:14:51+02:00", "2026-10-02t08:14:51z", "2026-12-31T23:59:60Z",
            "2026-10-02T24:00:00Z", "+12026-10-02T08:14:51Z",
            "2026-10-02T08:14:51.Z"})
    void leavesOtherShapesThatInstantParseAcceptsToIt(String text) {
        assertThat(IsoInstant.parse(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2023-02-29T12:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
            "2026-00-10T00:00:00Z", "2026-10-00T00:00:00Z", "2026-10-02T08:60:00Z",
            "2026-10-02T08:14:51.1234567890Z", "2026-10-02 08:14:51Z", "2026-10-02T08:14:51", "2026-1-02T08:14:51Z",
            "2026-10-02T08:14:5xZ", "２０２６-10-02T08:14:51Z", ""})
    void refusesWhatInstantParseRefuses(String text) {
        assertThat(outcome(text)).isEqualTo(expected(text)).startsWith("refused");
    }

    @ParameterizedTest
    @MethodSource("mutations")
    void agreesWithInstantParseOnMutatedDates(String text) {
        assertThat(outcome(text)).isEqualTo(expected(text));
    }

    static List<String> mutations() {
        Random random = new Random(19);
        String alphabet = "0123456789-:.TZtz+ 9";
        List<String> texts = new ArrayList<>();
        for (String seed : List.of("2026-10-02T08:14:51Z", "2024-02-29T23:59:59.123456Z")) {
            for (int i = 0; i < 300; i++) {
                StringBuilder text = new StringBuilder(seed);
                int position = random.nextInt(text.length());
                char replacement = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> text.setCharAt(position, replacement);
                    case 1 -> text.insert(position, replacement);
                    default -> text.deleteCharAt(position);
                }
                texts.add(text.toString());
            }
        }
        return texts;
    }

    private static String outcome(String text) {
        try {
            return "read " + IsoInstant.parse(text);
        } catch (DateTimeParseException e) {
            return "refused";
        }
    }

    private static String expected(String text) {
        try {
            return "read " + Instant.parse(text);
        } catch (DateTimeParseException e) {
            return "refused";
        }
    }
}
