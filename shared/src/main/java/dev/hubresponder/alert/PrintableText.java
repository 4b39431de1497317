package dev.hubresponder.alert;

/**
 * Turns finding text (producer input, possibly hostile) into text that is safe in an SNS subject, a message
 * attribute or a plain-text email body.
 *
 * <p>Removed everywhere: control characters, format characters (zero-width spaces, joiners, bidirectional
 * overrides and isolates that make text read in a different order than it is stored, the byte-order mark, soft
 * hyphens), lone surrogates (not encodable in UTF-8) and unassigned code points. Letters of every script, marks
 * and symbols (emoji) are kept: right-to-left text is text. Markup is not interpreted by a plain-text email, so
 * it is kept as the characters it is.
 */
public final class PrintableText {
    /** What stands in for text that was cut. */
    public static final String ELLIPSIS = "…";
    /** How far back {@link #truncateAtWord} looks for a space. */
    public static final int WORD_SLACK = 15;

    private PrintableText() {
    }

    /**
     * One line: every run of line breaks, tabs and spaces becomes one space, the result is trimmed and cut to at
     * most {@code maxChars} UTF-16 units (so also at most that many code points), ending in "…" when cut. A
     * null text becomes empty.
     */
    public static String line(String text, int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be at least 1, was " + maxChars);
        }
        return truncate(collapse(text), maxChars);
    }

    /**
     * Paragraphs for a plain-text body: line breaks of every kind become {@code \n}, tabs and other spaces become
     * one space, lines are trimmed at the end, and more than one blank line in a row becomes one.
     */
    public static String paragraphs(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), 1 << 16));
        int newlines = 0;
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\r' && i < text.length() && text.charAt(i) == '\n') {
                continue;
            }
            if (isLineBreak(cp)) {
                pendingSpace = false;
                if (out.length() > 0 && newlines < 2) {
                    out.append('\n');
                }
                newlines++;
            } else if (isSpace(cp)) {
                pendingSpace = out.length() > 0 && newlines == 0;
            } else if (isPrintable(cp)) {
                if (pendingSpace) {
                    out.append(' ');
                }
                pendingSpace = false;
                newlines = 0;
                out.appendCodePoint(cp);
            }
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == '\n') {
            end--;
        }
        return out.substring(0, end);
    }

    /**
     * Cuts text to at most {@code maxChars} UTF-16 units on a code-point boundary, replacing the cut part with
     * "…". Text that fits comes back unchanged.
     */
    public static String truncate(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int keep = maxChars - ELLIPSIS.length();
        if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
            keep--;
        }
        return text.substring(0, Math.max(keep, 0)).stripTrailing() + ELLIPSIS;
    }

    /**
     * As {@link #truncate}, but ends the kept part at the last space when one is among its last
     * {@value #WORD_SLACK} characters, so that a subject does not end in half a word.
     */
    public static String truncateAtWord(String text, int maxChars) {
        String cut = truncate(text, maxChars);
        if (cut.equals(text)) {
            return text;
        }
        String kept = cut.substring(0, cut.length() - ELLIPSIS.length());
        int space = kept.lastIndexOf(' ');
        return space > 0 && kept.length() - space <= WORD_SLACK
                ? kept.substring(0, space).stripTrailing() + ELLIPSIS : cut;
    }

    /** True when the code point survives cleaning: not a control, format, surrogate or unassigned character. */
    public static boolean isPrintable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    private static String collapse(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), 1 << 12));
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (isLineBreak(cp) || isSpace(cp)) {
                pendingSpace = out.length() > 0;
            } else if (isPrintable(cp)) {
                if (pendingSpace) {
                    out.append(' ');
                }
                pendingSpace = false;
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    private static boolean isLineBreak(int cp) {
        return cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C || cp == 0x85
                || cp == 0x2028 || cp == 0x2029;
    }

    private static boolean isSpace(int cp) {
        return cp == '\t' || Character.getType(cp) == Character.SPACE_SEPARATOR;
    }
}
