package dev.leanforge.loop.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.loop.cli.LeanforgeCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worked example of docs/theorem-sets.md, run: its manifest and .lean file as the page shows them, the second
 * theorem renamed, and {@code theorems list} must print the error block the page shows, positions included.
 */
class TheoremSetsExampleTest {

    private static final Path PAGE = Path.of("..").toAbsolutePath().normalize().resolve("docs/theorem-sets.md");

    @TempDir
    Path tmp;

    private static String block(String page, String after, String language) {
        int from = page.indexOf(after);
        assertThat(from).as(after).isNotNegative();
        Matcher block = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(page);
        assertThat(block.find(from)).as("a ```" + language + " block after " + after).isTrue();
        return block.group(1);
    }

    @Test
    void theRenamedTheoremErrorIsTheOneThePageShows() throws IOException {
        String page = Files.readString(PAGE);
        Path set = Files.createDirectories(tmp.resolve("theorems/my-nat"));
        Files.writeString(set.resolve("manifest.json"), block(page, "### manifest.json", "json"));
        String lean = block(page, "### The .lean files", "lean");
        Files.writeString(set.resolve("Basic.lean"), lean.replace("theorem my_two_mul ", "theorem my_two_mul2 "));
        String shown = block(page, "Renaming the second theorem", "");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LeanforgeCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("theorems", "list", "--dir", tmp.resolve("theorems").toString());

        assertThat(code).isEqualTo(1);
        String printed = err.toString().replace(tmp.toString() + "/", "");
        for (String line : shown.strip().lines().toList()) {
            assertThat(printed).as("docs/theorem-sets.md shows this line").contains(line.strip());
        }
    }
}
