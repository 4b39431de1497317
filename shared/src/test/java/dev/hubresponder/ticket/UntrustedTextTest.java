package dev.hubresponder.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UntrustedTextTest {

    @Test
    void oneLineTurnsBreaksTabsAndControlsIntoSingleSpaces() {
        assertThat(UntrustedText.oneLine("  a\r\nb\tc\u0000d\u001b[31me\u2028f  ")).isEqualTo("a b c d [31me f");
    }

    @Test
    void removesBidirectionalControlsThatReorderText() {
        assertThat(UntrustedText.oneLine("invoice\u202Efdp.exe")).isEqualTo("invoicefdp.exe");
        assertThat(UntrustedText.multiLine("a\u2066b\u2069c\u200Fd")).isEqualTo("abcd");
    }

    @Test
    void multiLineKeepsLineBreaksAndDropsOtherControls() {
        assertThat(UntrustedText.multiLine("\n\nline one\r\nline\ttwo\u0007\rline three\n\n"))
                .isEqualTo("line one\nline two\nline three");
    }

    @Test
    void replacesLoneSurrogatesSoThatTheJsonStaysValidUtf8() {
        assertThat(UntrustedText.oneLine("a\uD800b\uDC00c\uD83D\uDE00")).isEqualTo("a\uFFFDb\uFFFDc\uD83D\uDE00");
    }

    @Test
    void truncatesWithAnEllipsisNeverSplittingASurrogatePair() {
        assertThat(UntrustedText.truncate("abcdef", 6)).isEqualTo("abcdef");
        assertThat(UntrustedText.truncate("abcdefg", 6)).isEqualTo("abcde…");
        String emoji = "abcd\uD83D\uDE00xyz";
        assertThat(UntrustedText.truncate(emoji, 6)).isEqualTo("abcd…");
        assertThat(UntrustedText.truncate(emoji, 7)).isEqualTo("abcd\uD83D\uDE00…");
    }

    @Test
    void fallsBackWhenNothingPrintableIsLeft() {
        assertThat(UntrustedText.oneLine("\u0000 \u202E\n", 10, "(no title)")).isEqualTo("(no title)");
        assertThat(UntrustedText.oneLine(null, 10, "(none)")).isEqualTo("(none)");
    }
}
