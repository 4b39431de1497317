package dev.hubresponder.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class AlertMessageTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.hubresponder.alert.HostileText#samples")
    void subjectIsOnePrintableLineUnderOneHundredCharacters(String name, String hostile) {
        String subject = AlertMessage.subject("[CRITICAL] " + hostile);

        assertPrintableLine(subject);
        assertThat(subject.length()).isLessThan(100);
        assertThat(subject.codePointCount(0, subject.length())).isLessThan(100);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.hubresponder.alert.HostileText#samples")
    void subjectBeginsWithALetterDigitOrPunctuationWhateverTheTextStartsWith(String name, String hostile) {
        String subject = AlertMessage.subject(hostile);

        int first = subject.codePointAt(0);
        assertThat(Character.isLetterOrDigit(first) || isPunctuation(first))
                .as("first character U+%04X of '%s'", first, subject).isTrue();
        assertPrintableLine(subject);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.hubresponder.alert.HostileText#samples")
    void attributeValuesArePrintableNonEmptyAndShort(String name, String hostile) {
        String value = AlertMessage.attributeValue(hostile);

        assertThat(value).isNotEmpty();
        assertThat(value.length()).isLessThanOrEqualTo(AlertMessage.MAX_ATTRIBUTE_CHARS);
        assertPrintableLine(value);
    }

    @Test
    void messageOverTheLimitIsCutWithANoteAndFitsWithItsAttributes() {
        Map<String, String> attributes = Map.of("severity", "CRITICAL", "findingType", "x".repeat(5_000));
        String body = "headline\n" + HostileText.MEGABYTE;

        AlertMessage message = AlertMessage.of("subject", body, attributes, "See the console.");

        int bytes = utf8(message.subject()) + utf8(message.body()) + message.attributes().entrySet().stream()
                .mapToInt(e -> utf8(e.getKey()) + utf8("String") + utf8(e.getValue())).sum();
        assertThat(bytes).isLessThanOrEqualTo(262_144).isEqualTo(message.sizeInBytes());
        assertThat(bytes).isGreaterThan(262_144 - 8);
        assertThat(message.body()).startsWith("headline\n")
                .endsWith("over the SNS limit of 262144 bytes. See the console.]")
                .contains("[message truncated: it was " + utf8(body) + " bytes");
        assertThat(message.body().getBytes(StandardCharsets.UTF_8)).asString(StandardCharsets.UTF_8)
                .isEqualTo(message.body());
    }

    @Test
    void messageUnderTheLimitIsLeftAsItIs() {
        AlertMessage message = AlertMessage.of("subject", "short body\nsecond line", Map.of("outcome", "FAILED"),
                "note");

        assertThat(message.body()).isEqualTo("short body\nsecond line");
    }

    @Test
    void cutNeverSplitsACharacter() {
        String text = "ab😀";

        assertThat(AlertMessage.prefixWithin(text, 5)).isEqualTo("ab");
        assertThat(AlertMessage.prefixWithin(text, 6)).isEqualTo("ab😀");
        assertThat(AlertMessage.prefixWithin("漢漢", 4)).isEqualTo("漢");
    }

    static void assertPrintableLine(String text) {
        text.codePoints().forEach(cp -> {
            assertThat(PrintableText.isPrintable(cp)).as("U+%04X in '%s'", cp, text).isTrue();
            assertThat(cp).as("line break in '%s'", text).isNotIn((int) '\n', (int) '\r', (int) '\t');
        });
        assertThat(text).doesNotStartWith(" ").doesNotEndWith(" ");
        assertThat(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(text);
    }

    private static boolean isPunctuation(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONNECTOR_PUNCTUATION || type == Character.DASH_PUNCTUATION
                || type == Character.START_PUNCTUATION || type == Character.END_PUNCTUATION
                || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION
                || type == Character.OTHER_PUNCTUATION;
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
