package dev.hubresponder.ticket;

/**
 * Text taken from a finding (title, description, resource ids, addresses): producer input, possibly hostile.
 *
 * <p>Cleaning makes it printable and honest before any ticket format sees it: control characters become spaces or
 * line breaks; invisible format characters are removed — zero-width spaces and joiners, the byte-order mark, the
 * word joiner, soft hyphens, Unicode tag characters (U+E0000–E007F, which can carry hidden instructions) and the
 * bidirectional controls (which can reorder what an analyst reads, so that {@code evil.exe} displays as something
 * else), that is every character of Unicode category Cf, as alerts already do ({@code PrintableText}); and lone
 * surrogates become U+FFFD so that the JSON sent to a provider is valid UTF-8. Escaping for a format (markdown, ADF,
 * plain text) is each renderer's job on top of this.
 */
public final class UntrustedText {
    /** Appended where text was cut. */
    public static final String ELLIPSIS = "…";

    private UntrustedText() {
    }

    /** One line: line breaks, tabs and control characters become spaces, runs of spaces one space; trimmed. */
    public static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (isInvisible(cp)) {
                continue;
            }
            if (Character.isWhitespace(cp) || Character.isISOControl(cp) || cp == '\u2028' || cp == '\u2029'
                    || cp == '\u00A0') {
                pendingSpace = out.length() > 0;
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            appendChecked(cp, out);
        }
        return out.toString();
    }

    /**
     * Several lines: {@code \r\n}, {@code \r} and Unicode line separators become {@code \n}, tabs become spaces, other
     * control characters are dropped; leading and trailing blank lines are removed.
     */
    public static String multiLine(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\r') {
                out.append('\n');
                if (i < text.length() && text.charAt(i) == '\n') {
                    i++;
                }
            } else if (cp == '\n' || cp == '\u2028' || cp == '\u2029') {
                out.append('\n');
            } else if (cp == '\t') {
                out.append(' ');
            } else if (!Character.isISOControl(cp) && !isInvisible(cp)) {
                appendChecked(cp, out);
            }
        }
        return out.toString().strip();
    }

    /**
     * Cuts text to at most {@code maxChars} UTF-16 units, ending with {@link #ELLIPSIS} when it was cut, and never
     * between the two halves of a surrogate pair.
     */
    public static String truncate(String text, int maxChars) {
        if (maxChars < ELLIPSIS.length() + 1) {
            throw new IllegalArgumentException("limit too small: " + maxChars);
        }
        if (text.length() <= maxChars) {
            return text;
        }
        int end = maxChars - ELLIPSIS.length();
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + ELLIPSIS;
    }

    /** {@link #oneLine} then {@link #truncate}; {@code fallback} when nothing printable is left. */
    public static String oneLine(String text, int maxChars, String fallback) {
        String line = oneLine(text);
        return line.isEmpty() ? fallback : truncate(line, maxChars);
    }

    /** A lone surrogate (not encodable in UTF-8) becomes U+FFFD; every other code point is kept. */
    private static void appendChecked(int cp, StringBuilder out) {
        out.appendCodePoint(Character.getType(cp) == Character.SURROGATE ? 0xFFFD : cp);
    }

    /** Format characters (Cf): zero-width, joiners, BOM, word joiner, soft hyphen, bidi controls, tag characters. */
    private static boolean isInvisible(int cp) {
        return Character.getType(cp) == Character.FORMAT;
    }
}
