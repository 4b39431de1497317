package dev.hubresponder.alert;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One message for the alert topic, already within SNS's limits whatever the finding contained (aws-facts §6):
 * <ul>
 *   <li>subject: printable, one line, no control or format characters, fewer than 100 characters, beginning with
 *       a letter, digit or punctuation mark;</li>
 *   <li>attributes: String values, printable, one line, at most {@value #MAX_ATTRIBUTE_CHARS} characters, never
 *       empty (SNS rejects empty values);</li>
 *   <li>body + subject + attributes (name, data type and value of each) at most {@value #MAX_MESSAGE_BYTES} bytes of
 *       UTF-8: a body that does not fit is cut on a code-point boundary and ends with a note saying so.</li>
 * </ul>
 * Build it with {@link #of}; the record's constructor only checks that the limits hold.
 */
public record AlertMessage(String subject, String body, Map<String, String> attributes) {
    /** SNS: subjects must be less than 100 characters. */
    public static final int MAX_SUBJECT_CHARS = 99;
    /** SNS: 256 KiB for the message, attributes included. */
    public static final int MAX_MESSAGE_BYTES = 262_144;
    /** Our own cap on one attribute value: filter policies compare short tokens, not prose. */
    public static final int MAX_ATTRIBUTE_CHARS = 256;
    /** The data type every attribute is sent with; it counts towards the size. */
    public static final String ATTRIBUTE_TYPE = "String";

    private static final String FALLBACK_SUBJECT = "Security Hub alert";
    private static final String UNKNOWN = "unknown";

    public AlertMessage {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        if (subject.isEmpty() || subject.length() > MAX_SUBJECT_CHARS) {
            throw new IllegalArgumentException("subject must have 1 to " + MAX_SUBJECT_CHARS + " characters");
        }
        if (sizeInBytes(subject, body, attributes) > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("message exceeds " + MAX_MESSAGE_BYTES + " bytes");
        }
    }

    /**
     * Builds a message from raw text: cleans the subject and attribute values, and cuts the body so that the
     * whole message fits.
     *
     * @param truncationNote said at the end of a cut body, after "[message truncated: …]"; where to read the rest
     */
    public static AlertMessage of(String subject, String body, Map<String, String> attributes,
                                  String truncationNote) {
        String cleanSubject = subject(subject);
        Map<String, String> cleanAttributes = new LinkedHashMap<>();
        attributes.forEach((name, value) -> cleanAttributes.put(name, attributeValue(value)));
        int budget = MAX_MESSAGE_BYTES - sizeInBytes(cleanSubject, "", cleanAttributes);
        return new AlertMessage(cleanSubject, fit(body, budget, truncationNote), cleanAttributes);
    }

    /** The size SNS counts, plus the subject (SNS does not say whether it counts; counting it is safe). */
    public int sizeInBytes() {
        return sizeInBytes(subject, body, attributes);
    }

    /** A subject SNS accepts, from any text. */
    public static String subject(String text) {
        String line = PrintableText.line(text, Integer.MAX_VALUE);
        int start = 0;
        while (start < line.length() && !beginsSubject(line.codePointAt(start))) {
            start += Character.charCount(line.codePointAt(start));
        }
        line = line.substring(start).strip();
        return line.isEmpty() ? FALLBACK_SUBJECT : PrintableText.truncateAtWord(line, MAX_SUBJECT_CHARS);
    }

    /** An attribute value filter policies can match, from any text. */
    public static String attributeValue(String text) {
        String line = PrintableText.line(text, MAX_ATTRIBUTE_CHARS);
        return line.isEmpty() ? UNKNOWN : line;
    }

    private static boolean beginsSubject(int cp) {
        return Character.isLetterOrDigit(cp) || switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    private static String fit(String body, int budget, String truncationNote) {
        int size = utf8Length(body);
        if (size <= budget) {
            return body;
        }
        String note = "\n\n[message truncated: it was " + size + " bytes, over the SNS limit of "
                + MAX_MESSAGE_BYTES + " bytes. " + (truncationNote == null ? "" : truncationNote) + "]";
        int room = budget - utf8Length(note);
        if (room < 0) {
            throw new IllegalArgumentException("subject and attributes leave no room for a body");
        }
        return prefixWithin(body, room).stripTrailing() + note;
    }

    /** The longest prefix of text whose UTF-8 encoding has at most maxBytes bytes, cut between code points. */
    static String prefixWithin(String text, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int width = utf8Width(cp);
            if (bytes + width > maxBytes) {
                break;
            }
            bytes += width;
            i += Character.charCount(cp);
        }
        return text.substring(0, i);
    }

    private static int sizeInBytes(String subject, String body, Map<String, String> attributes) {
        int size = utf8Length(subject) + utf8Length(body);
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            size += utf8Length(attribute.getKey()) + ATTRIBUTE_TYPE.length() + utf8Length(attribute.getValue());
        }
        return size;
    }

    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            bytes += utf8Width(cp);
            i += Character.charCount(cp);
        }
        return bytes;
    }

    private static int utf8Width(int cp) {
        if (cp < 0x80) {
            return 1;
        }
        if (cp < 0x800) {
            return 2;
        }
        if (cp < 0x10000) {
            // A lone surrogate is encoded by Java as one replacement byte '?'; counting 3 stays on the safe side.
            return 3;
        }
        return 4;
    }
}
