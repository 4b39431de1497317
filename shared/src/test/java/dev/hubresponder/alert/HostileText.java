package dev.hubresponder.alert;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Finding text chosen to break subjects, attributes and size limits. */
final class HostileText {
    static final String MEGABYTE = "Ü".repeat(300_000) + "漢".repeat(150_000) + "😀".repeat(20_000);

    private HostileText() {
    }

    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of("line breaks", "first line\nsecond\r\nthird\rfourth\u0085fifth\u2028sixth\u2029end"),
                Arguments.of("control characters", "\u0000null\u0007bell\u001b[31mred\u001b[0m\u007fdel\u009fc1"),
                Arguments.of("right-to-left override", "invoice\u202Efdp.exe \u2066isolate\u2069 \u200Fmark"),
                Arguments.of("zero-width characters", "\u200Bzero\u200Cwidth\u200Djoin\uFEFFbom\u00ADsoft\u2060wj"),
                Arguments.of("markup", "<script>alert('x')</script><b>bold</b> &amp; [link](http://evil)"),
                Arguments.of("lone surrogates", "broken \uD800 pair \uDC00 here"),
                Arguments.of("only invisible", "\u200B\u202E\n\t\u0000 \u00A0"),
                Arguments.of("leading symbols", "😀💥 starts with emoji"),
                Arguments.of("emoji at the cut", "x".repeat(90) + "😀".repeat(20)),
                Arguments.of("right-to-left script", "هجوم القوة الغاشمة على المثيل שלום"),
                Arguments.of("one megabyte", MEGABYTE));
    }

    static List<String> all() {
        return samples().map(a -> (String) a.get()[1]).toList();
    }
}
