package dev.leanforge.loop.theorems.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.loop.theorems.SetReader;
import dev.leanforge.loop.theorems.Split;
import dev.leanforge.loop.theorems.Theorem;
import dev.leanforge.loop.theorems.TheoremSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every statement of the shared benchmark files imports and reads back exactly (skips when ../shared is absent). */
class BenchmarkImportTest {

    @TempDir
    Path tmp;

    private static Path benchmark(String relative) {
        String shared = System.getProperty("leanforge.shared.dir");
        assumeTrue(shared != null, "leanforge.shared.dir is not set");
        Path file = Path.of(shared, "benchmarks", relative);
        assumeTrue(Files.isRegularFile(file), "no shared benchmark file " + file);
        return file;
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                lines.add(mapper.readTree(line));
            }
        }
        return lines;
    }

    private TheoremSet importAndReread(Path file, ImportFormat format, String set, String mathlib) throws Exception {
        ImportOptions options = new ImportOptions(set, Optional.empty(), Optional.of("test copy"), Optional.of("MIT"),
                Optional.of("leanprover/lean4:v4.24.0"), Optional.of(mathlib), Optional.empty());
        Path theorems = tmp.resolve("theorems");
        SetImporter.install(theorems, JsonlImporter.plan(file, format, options));
        return SetReader.read(theorems.resolve(set));
    }

    private static void assertRoundTrip(TheoremSet set, List<JsonNode> lines) {
        assertThat(set.theorems()).hasSize(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            Theorem t = set.theorems().get(i);
            assertThat(t.name()).isEqualTo(line.get("name").asText());
            assertThat(t.split()).isEqualTo(Split.parse(line.get("split").asText()).orElseThrow());
            assertThat(t.header()).as("header of %s", t.name()).isEqualTo(line.get("header").asText());
            assertThat(t.statement() + t.placeholder()).as("statement of %s", t.name())
                    .isEqualTo(line.get("statement").asText());
            CheckTask task = t.placeholderTask();
            assertThat(task.statement()).endsWith(":=");
            assertThat(task.proof()).isEqualTo("by sorry");
        }
    }

    @Test
    void all488MiniF2FStatementsImportAndRoundTrip() throws Exception {
        Path file = benchmark("minif2f/minif2f.jsonl");
        List<JsonNode> lines = lines(file);
        assertThat(lines).hasSize(488);
        TheoremSet set = importAndReread(file, ImportFormat.MINIF2F_JSONL, "minif2f", "v4.24.0");
        assertRoundTrip(set, lines);
        // One shared header, so one file; the header + statement is the original source file.
        assertThat(set.manifest().files()).containsExactly("minif2f.lean");
        Theorem first = set.theorems().get(0);
        assertThat(first.header() + first.statement() + first.placeholder())
                .isEqualTo(lines.get(0).get("header").asText() + lines.get(0).get("statement").asText());
        assertThat(set.theorems()).filteredOn(t -> t.name().equals("amc12a_2019_p12"))
                .singleElement().extracting(Theorem::tags).isEqualTo(List.of("amc12a"));
    }

    @Test
    void all201MiniCodePropsStatementsImportAndRoundTrip() throws Exception {
        Path file = benchmark("minicodeprops/minicodeprops.jsonl");
        List<JsonNode> lines = lines(file);
        assertThat(lines).hasSize(201);
        TheoremSet set = importAndReread(file, ImportFormat.MINICODEPROPS_JSONL, "minicodeprops", "v4.9.0");
        assertRoundTrip(set, lines);
        assertThat(set.manifest().header()).isEqualTo("import Mathlib");
        long candidates = lines.stream().filter(l -> l.path("mathlib_free_candidate").asBoolean()).count();
        assertThat(set.theorems()).filteredOn(t -> t.tags().contains("mathlib-free-candidate"))
                .hasSize((int) candidates);
    }
}
