package dev.hubresponder.ticket;

/**
 * Text taken from a finding (title, description, resource ids, addresses): producer input, possibly hostile.
 *
 * <p>Cleaning makes it printable and honest before any ticket format sees it: control characters become spaces or
 * line breaks, Unicode bidirectional controls are removed (they can reorder what an analyst reads, so that
 * {@code evil.exe} displays as something else), and lone surrogates become U+FFFD so that the JSON sent to a
 * provider is valid UTF-8. Escaping for a format (markdown, ADF, plain text) is each renderer's job on top of this.
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
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isBidiControl(c)) {
                continue;
            }
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                    || c == '\u00A0') {
                pendingSpace = out.length() > 0;
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            appendChecked(text, i, out);
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
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                out.append('\n');
                if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
            } else if (c == '\n' || c == '\u2028' || c == '\u2029') {
                out.append('\n');
            } else if (c == '\t') {
                out.append(' ');
            } else if (Character.isISOControl(c) || isBidiControl(c)) {
                continue;
            } else {
                appendChecked(text, i, out);
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

    private static void appendChecked(String text, int i, StringBuilder out) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            boolean paired = i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            out.append(paired ? c : '\uFFFD');
        } else if (Character.isLowSurrogate(c)) {
            boolean paired = i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            out.append(paired ? c : '\uFFFD');
        } else {
            out.append(c);
        }
    }

    /** LRM, RLM, ALM, the embedding and override controls, and the isolates. */
    private static boolean isBidiControl(char c) {
        return c == '\u200E' || c == '\u200F' || c == '\u061C'
                || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
