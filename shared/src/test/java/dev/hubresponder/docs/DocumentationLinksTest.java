package dev.hubresponder.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The repository's Markdown as a reader follows it: every relative link in README.md, BENCHMARKS.md, events/ and
 * docs/ opens a file that exists, every {@code #anchor} names a heading of that file (as GitHub derives heading
 * anchors), and every page in docs/ can be reached from the README. Links to other sites are not followed.
 */
class DocumentationLinksTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");

    static Stream<Path> markdownPages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("BENCHMARKS.md"),
                ROOT.resolve("events/README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("markdownPages")
    void everyRelativeLinkOpensAnExistingFileAndHeading(Path page) {
        List<String> broken = new ArrayList<>();
        for (Link link : links(page)) {
            if (link.target().matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                continue;
            }
            int hash = link.target().indexOf('#');
            String file = hash < 0 ? link.target() : link.target().substring(0, hash);
            String anchor = hash < 0 ? null : link.target().substring(hash + 1);
            Path target = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
            if (!Files.exists(target)) {
                broken.add(link + ": no file " + ROOT.relativize(target));
            } else if (anchor != null && !anchors(target).contains(anchor)) {
                broken.add(link + ": no heading #" + anchor + " in " + ROOT.relativize(target)
                        + " (it has " + anchors(target) + ")");
            }
        }
        assertThat(broken).as("broken links in %s", ROOT.relativize(page)).isEmpty();
    }

    @Test
    void everyPageInDocsIsLinkedFromTheReadme() throws IOException {
        Path readme = ROOT.resolve("README.md");
        Set<Path> linked = new HashSet<>();
        for (Link link : links(readme)) {
            linked.add(readme.getParent().resolve(link.target().replaceFirst("#.*", "")).normalize());
        }
        List<String> unreachable;
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            unreachable = docs.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !linked.contains(p.normalize()))
                    .map(p -> ROOT.relativize(p).toString())
                    .sorted()
                    .toList();
        }
        assertThat(unreachable).as("docs pages the README does not link to").isEmpty();
    }

    @Test
    void anchorsAreDerivedFromHeadingsAsGitHubDoes() {
        assertThat(slugs(List.of("## How OCSF (`Findings Imported V2`) is mapped", "## Undo a containment: "
                + "`./responder release` and `./responder unblock`", "## Notes", "## Notes")))
                .containsExactly("how-ocsf-findings-imported-v2-is-mapped",
                        "undo-a-containment-responder-release-and-responder-unblock", "notes", "notes-1");
    }

    private record Link(Path page, int line, String target) {
        @Override
        public String toString() {
            return ROOT.relativize(page) + ":" + line + " (" + target + ")";
        }
    }

    private static List<Link> links(Path page) {
        List<Link> links = new ArrayList<>();
        List<String> lines = proseLines(page);
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = LINK.matcher(INLINE_CODE.matcher(lines.get(i)).replaceAll(""));
            while (m.find()) {
                links.add(new Link(page, i + 1, m.group(1)));
            }
        }
        return links;
    }

    private static Set<String> anchors(Path page) {
        return new HashSet<>(slugs(proseLines(page)));
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
    private static List<String> slugs(List<String> lines) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> slugs = new ArrayList<>();
        for (String line : lines) {
            Matcher m = HEADING.matcher(line);
            if (m.matches()) {
                String slug = m.group(1).toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "")
                        .replace(' ', '-');
                int repeat = seen.merge(slug, 1, Integer::sum) - 1;
                slugs.add(repeat == 0 ? slug : slug + "-" + repeat);
            }
        }
        return slugs;
    }

    /** The page's lines with fenced code blocks blanked, so that their {@code #} comments are not headings. */
    private static List<String> proseLines(Path page) {
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(page));
            boolean inFence = false;
            for (int i = 0; i < lines.size(); i++) {
                boolean fence = lines.get(i).stripLeading().startsWith("```");
                if (fence || inFence) {
                    lines.set(i, "");
                }
                if (fence) {
                    inFence = !inFence;
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
