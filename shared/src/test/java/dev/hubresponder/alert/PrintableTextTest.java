package dev.hubresponder.alert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTextTest {

    @Test
    void lineTurnsEveryBreakAndSpaceRunIntoOneSpace() {
        assertThat(PrintableText.line(" a\r\nb\t\tc\u00A0\u3000d\u2028e \n", 100)).isEqualTo("a b c d e");
    }

    @Test
    void lineDropsInvisibleAndReorderingCharacters() {
        assertThat(PrintableText.line("in\u202Evoice\u200B.\u2066pdf\u2069\u0000\u001b[0m", 100))
                .isEqualTo("invoice.pdf[0m");
    }

    @Test
    void lineKeepsRightToLeftLettersAndMarkupAsText() {
        assertThat(PrintableText.line("שלום <b>x</b>", 100)).isEqualTo("שלום <b>x</b>");
    }

    @Test
    void truncateEndsWithAnEllipsisAndKeepsSurrogatePairsWhole() {
        String cut = PrintableText.line("ab😀😀😀", 5);

        assertThat(cut).isEqualTo("ab😀…");
        assertThat(PrintableText.line("abc😀", 5)).isEqualTo("abc😀");
        assertThat(PrintableText.line("abcd😀e", 6)).isEqualTo("abcd…");
    }

    @Test
    void truncateAtWordEndsOnAWholeWordWhenOneIsNear() {
        assertThat(PrintableText.truncateAtWord("brute force attacks against i-0c10c2c7863d1a356", 30))
                .isEqualTo("brute force attacks against…");
        assertThat(PrintableText.truncateAtWord("x".repeat(40) + " tail", 30)).isEqualTo("x".repeat(29) + "…");
        assertThat(PrintableText.truncateAtWord("short enough", 30)).isEqualTo("short enough");
    }

    @Test
    void paragraphsKeepLineBreaksButNotBlankLineRunsOrControls() {
        String text = "first\r\n\r\n\r\n\r\nsecond\u0007 line\u2029third   with\t\tspaces\n\n";

        assertThat(PrintableText.paragraphs(text)).isEqualTo("first\n\nsecond line\nthird with spaces");
    }

    @Test
    void nullBecomesEmpty() {
        assertThat(PrintableText.line(null, 10)).isEmpty();
        assertThat(PrintableText.paragraphs(null)).isEmpty();
    }
}
