package dev.leanforge.loop.docs;

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
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link in README.md and docs/*.md reaches an existing file, and, with a {@code #fragment}, a heading
 * of it (GitHub's anchor of the heading); every {@code docs/NAME.md} mentioned in their text exists. External links
 * are not followed (tests have no network).
 */
class DocLinksTest {

    /** The repository root: surefire runs the tests in prover-loop/. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern DOC_MENTION = Pattern.compile("(?<![\\w/.])docs/[A-Za-z0-9_-]+\\.md\\b");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");
    /** A code fence as CommonMark has it: up to 3 spaces, then 3 or more backticks or tildes. */
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})(.*)$");

    @Test
    void readmeAndDocsLinksResolve() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        assertThat(pages).as("README.md and docs/*.md").hasSizeGreaterThan(5);

        List<String> broken = new ArrayList<>();
        pages.forEach(page -> broken.addAll(brokenLinks(page)));

        assertThat(broken).isEmpty();
    }

    @Test
    void aMissingFileOrHeadingIsReported(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("other.md"), "# The `other` page\n\n## Exit codes, again\n");
        Path page = Files.writeString(tmp.resolve("page.md"), """
                # Page
                [fine](other.md) [fine too](other.md#exit-codes-again) [here](#page) [web](https://example.org/x)
                [gone](missing.md) [no such heading](other.md#exit-codes)
                ```yaml
                  ```lean4
                [in a code block](not-checked.md)
                ```
                See docs/absent.md, not shared/docs/elsewhere.md.
                """);

        assertThat(brokenLinks(page)).containsExactly(
                page + ":3: missing.md: no such file",
                page + ":3: other.md#exit-codes: no heading with that anchor in other.md",
                page + ":8: docs/absent.md: no such file");
    }

    /** The links of {@code page} that do not resolve, as {@code file:line: link: why}. */
    static List<String> brokenLinks(Path page) {
        List<String> broken = new ArrayList<>();
        List<String> lines = outsideCode(read(page));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String text = CODE_SPAN.matcher(line).replaceAll("");
            String where = page + ":" + (i + 1) + ": ";
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                problem(page, link.group(1)).ifPresent(why -> broken.add(where + link.group(1) + ": " + why));
            }
            Matcher mention = DOC_MENTION.matcher(line);
            while (mention.find()) {
                // A mention names the file from the repository root, whichever page it is on.
                Path root = page.getParent().getFileName().toString().equals("docs") ? page.getParent().getParent()
                        : page.getParent();
                if (!Files.isRegularFile(root.resolve(mention.group()))) {
                    broken.add(where + mention.group() + ": no such file");
                }
            }
        }
        return broken;
    }

    private static java.util.Optional<String> problem(Path page, String target) {
        if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
            return java.util.Optional.empty(); // http:, https:, mailto: — not followed
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path linked = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(linked)) {
            return java.util.Optional.of("no such file");
        }
        if (hash >= 0 && linked.toString().endsWith(".md")
                && !anchors(linked).contains(target.substring(hash + 1))) {
            return java.util.Optional.of("no heading with that anchor in " + (file.isEmpty() ? "this page" : file));
        }
        return java.util.Optional.empty();
    }

    /** GitHub's anchors of the headings of {@code page}: lower case, punctuation dropped, spaces as '-'. */
    static Set<String> anchors(Path page) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : outsideCode(read(page))) {
            Matcher heading = HEADING.matcher(line);
            if (!heading.matches()) {
                continue;
            }
            String text = heading.group(1).replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
            String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\s_-]", "").replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum);
            anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
        }
        return anchors;
    }

    /** The lines, with those of fenced code blocks (fences included) blanked, so that line numbers stay right. */
    static List<String> outsideCode(List<String> lines) {
        List<String> result = new ArrayList<>();
        String open = null; // the opening fence's run of backticks or tildes, while in a block
        for (String line : lines) {
            Matcher fence = FENCE.matcher(line);
            if (open == null && fence.matches()) {
                open = fence.group(1);
                result.add("");
            } else if (open != null) {
                // Only a run of the same character, at least as long, with nothing after it, closes the block.
                if (fence.matches() && fence.group(1).charAt(0) == open.charAt(0)
                        && fence.group(1).length() >= open.length() && fence.group(2).isBlank()) {
                    open = null;
                }
                result.add("");
            } else {
                result.add(line);
            }
        }
        return result;
    }

    private static List<String> read(Path page) {
        try {
            return Files.readAllLines(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
