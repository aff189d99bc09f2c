package dev.leanforge.loop.theorems.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.loop.theorems.InputError;
import dev.leanforge.loop.theorems.InvalidInputException;
import dev.leanforge.loop.theorems.SetReader;
import dev.leanforge.loop.theorems.Split;
import dev.leanforge.loop.theorems.Theorem;
import dev.leanforge.loop.theorems.TheoremSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code lean} importer on a small project, and refusals of both importers that must leave nothing behind. */
class ImporterTest {

    @TempDir
    Path tmp;

    private Path write(String relative, String text) throws IOException {
        Path path = tmp.resolve(relative);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
        return path;
    }

    private static ImportOptions options(String set) {
        return new ImportOptions(set, Optional.empty(), Optional.empty(), Optional.of("MIT"), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    private static void assertEmptyFolder(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> left = Files.list(dir)) {
                assertThat(left).isEmpty();
            }
        }
    }

    @Test
    void leanImporterTakesEverySorryTheoremOfAProjectAndKeepsTheRestAsContext() throws Exception {
        write("proj/lean-toolchain", "leanprover/lean4:v4.22.0\n");
        write("proj/lake-manifest.json", """
                {"version": "1.1.0", "packages": [
                  {"name": "mathlib", "rev": "f897ebcf72cd16f89ab4577d0c826cd14afaafc7", "inputRev": "v4.22.0"}]}
                """);
        write("proj/Proj/Defs.lean", "import Mathlib\n\ndef double (n : Nat) : Nat := n + n\n");
        write("proj/Proj/Basic.lean", """
                import Mathlib
                import Proj.Defs

                namespace Proj

                theorem double_eq (n : Nat) : double n = 2 * n := by
                  unfold double; omega

                /-- Doubling twice. -/
                @[simp] theorem double_double (n : Nat) : double (double n) = 4 * n := by sorry

                lemma double_pos {n : Nat} (h : 0 < n) : 0 < double n := sorry

                example : double 1 = 2 := by sorry

                end Proj
                """);
        write("proj/Proj/More.lean", "import Mathlib\n\ntheorem «my lemma» : True := by\n  sorry\n");
        write("proj/.lake/packages/x/X.lean", "theorem hidden : True := sorry\n");

        ImportedSet imported = LeanImporter.plan(tmp.resolve("proj"), options("proj"));
        TheoremSet set = SetImporter.install(tmp.resolve("theorems"), imported);

        assertThat(set.manifest().files()).containsExactly("Proj/Basic.lean", "Proj/More.lean");
        assertThat(set.manifest().header()).isEqualTo("import Mathlib");
        assertThat(set.manifest().toolchain()).isEqualTo("leanprover/lean4:v4.22.0");
        assertThat(set.manifest().mathlib()).contains("v4.22.0");
        assertThat(set.theorems()).extracting(Theorem::name)
                .containsExactly("Proj.double_double", "Proj.double_pos", "«my lemma»");
        assertThat(set.theorems()).extracting(Theorem::split).containsOnly(Split.TRAIN);
        Theorem first = set.theorems().get(0);
        assertThat(first.header()).isEqualTo("import Mathlib\nimport Proj.Defs\n\nnamespace Proj\n\n"
                + "theorem double_eq (n : Nat) : double n = 2 * n := by\n  unfold double; omega\n\n");
        assertThat(first.statement()).isEqualTo(
                "/-- Doubling twice. -/\n@[simp] theorem double_double (n : Nat) : double (double n) = 4 * n :=");
        assertThat(set.theorems().get(2).header()).isEqualTo("import Mathlib");
        assertThat(Files.readString(tmp.resolve("theorems/proj/Proj/Basic.lean")))
                .isEqualTo(Files.readString(tmp.resolve("proj/Proj/Basic.lean")));
        assertThat(imported.notes()).anySatisfy(note -> assertThat(note).contains("Proj.Defs", "--project-dir"));
        // What was installed is what any later command reads.
        assertThat(SetReader.read(tmp.resolve("theorems/proj")).theorems()).isEqualTo(set.theorems());
    }

    @Test
    void leanImporterRefusesDuplicatesAndPoisonedContextWithPositionsAndWritesNothing() throws Exception {
        write("src/A.lean", "theorem partial_proof : 1 = 1 := by\n  skip\n  sorry\n\ntheorem t : True := sorry\n"
                + "\nexample : 2 = 2 := by sorry\n");
        write("src/B.lean", "-- B\ntheorem t : True := by sorry\n");

        assertThatThrownBy(() -> SetImporter.install(tmp.resolve("theorems"),
                LeanImporter.plan(tmp.resolve("src"), options("bad"))))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).errors()).extracting(InputError::toString)
                        .satisfiesExactly(
                                a -> assertThat(a).startsWith(tmp.resolve("src/A.lean") + ":3:3: `sorry` in a proof"
                                        + " that is not just `sorry`"),
                                b -> assertThat(b).isEqualTo(tmp.resolve("src/B.lean") + ":2:1: duplicate theorem"
                                        + " \"t\" (first declared at " + tmp.resolve("src/A.lean") + ":5:1)")));
        assertThat(tmp.resolve("theorems")).doesNotExist();
    }

    @Test
    void leanImporterNeedsAMathlibRevisionWhenFilesImportMathlib() throws Exception {
        Path file = write("one/Thm.lean", "import Mathlib\n\ntheorem t : (2 : ℝ) + 2 = 4 := by sorry\n");

        assertThatThrownBy(() -> LeanImporter.plan(file, options("one")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--mathlib REV");
        ImportOptions withMathlib = new ImportOptions("one", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("leanprover/lean4:v4.24.0"), Optional.of("v4.24.0"), Optional.of(Split.TEST));
        TheoremSet set = SetImporter.install(tmp.resolve("theorems"), LeanImporter.plan(file, withMathlib));
        assertThat(set.manifest().files()).containsExactly("Thm.lean");
        assertThat(set.theorems()).singleElement().satisfies(t -> {
            assertThat(t.split()).isEqualTo(Split.TEST);
            // The checked document's layout (header, blank line, statement) gives back the source file.
            assertThat(t.header() + "\n\n" + t.statement() + t.placeholder()).isEqualTo(Files.readString(file).strip());
        });
    }

    @Test
    void jsonlImportRefusesMalformedLinesWithLineAndColumnAndWritesNothing() throws Exception {
        Path input = write("in.jsonl", String.join("\n",
                "{\"name\": \"a\", \"split\": \"train\", \"header\": \"\", \"statement\": \"theorem a : True := by sorry\"}",
                "{\"name\": \"a\", \"split\": \"train\", \"header\": \"\", \"statement\": \"theorem a : True := by sorry\"}",
                "{\"name\": \"b\", \"split\": \"train\", \"header\": \"\", \"statement\": \"theorem b : True := by trivial\"}",
                "{\"name\": \"c\", \"split\": \"train\", \"header\": \"\", \"statement\": \"theorem c : True\"}",
                "",
                "{\"name\": \"d\", \"split\": \"train\", \"header\": \"\", \"statement\": \"theorem e : True := sorry\"}",
                "{\"name\": \"f\", \"split\": \"train\", \"header\": \"\", \"statement\": 3}",
                "{\"name\": \"g\", \"split\": \"train\", \"header\": \"theorem h : True := sorry\","
                        + " \"statement\": \"theorem g : True := sorry\"}",
                "{\"name\": \"i\", \"split\": \"train\", \"header\": \"\", \"statement\": \"theorem i : True := sorry\"",
                ""));
        Path theorems = tmp.resolve("theorems");

        assertThatThrownBy(() -> SetImporter.install(theorems,
                JsonlImporter.plan(input, ImportFormat.MINIF2F_JSONL, options("x"))))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).errors()).extracting(InputError::toString)
                        .containsExactly(
                                input + ":2:1: duplicate theorem \"a\" (first on line 1)",
                                input + ":3:60: statement of \"b\": the proof after `:=` (line 1, column 20 of the"
                                        + " statement) must be just `sorry` or `by sorry`",
                                input + ":4:60: statement of \"c\": no `:=` ends the theorem's signature",
                                input + ":6:60: statement of \"d\" declares \"e\" instead (line 1, column 9 of the"
                                        + " statement)",
                                input + ":7:60: \"statement\" must be a string (each line needs name, split, header and"
                                        + " statement)",
                                input + ":8:43: header of \"g\" declares \"h\" with a `sorry` proof (line 1, column 1"
                                        + " of the header); every problem needs a line of its own",
                                input + ":9:87: malformed JSON: Unexpected end-of-input: expected close marker for"
                                        + " Object"));
        assertEmptyFolder(theorems);
    }

    @Test
    void importRefusesAnExistingSetAndLeavesItUntouched() throws Exception {
        Path input = write("in.jsonl", "{\"name\": \"a\", \"split\": \"valid\", \"header\": \"\","
                + " \"statement\": \"theorem a : True := by sorry\"}\n");
        Path theorems = tmp.resolve("theorems");
        SetImporter.install(theorems, JsonlImporter.plan(input, ImportFormat.MINIF2F_JSONL, options("x")));
        String manifest = Files.readString(theorems.resolve("x/manifest.json"));

        assertThatThrownBy(() -> SetImporter.install(theorems,
                JsonlImporter.plan(input, ImportFormat.MINIF2F_JSONL, options("x"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("a set named \"x\" already exists");
        assertThat(Files.readString(theorems.resolve("x/manifest.json"))).isEqualTo(manifest);
        try (Stream<Path> entries = Files.list(theorems)) {
            assertThat(entries).containsExactly(theorems.resolve("x"));
        }
    }

    @Test
    void definitionsInAHeaderThatLacksAFinalLineBreakGetOne() throws Exception {
        Path input = write("in.jsonl", "{\"name\": \"a\", \"split\": \"test\", \"header\": \"def two := 2\","
                + " \"statement\": \"theorem a : two = 2 := by sorry\"}\n"
                + "{\"name\": \"b\", \"split\": \"test\", \"header\": \"\", \"statement\": \"theorem b : True := sorry\"}\n");

        TheoremSet set = SetImporter.install(tmp.resolve("theorems"),
                JsonlImporter.plan(input, ImportFormat.MINICODEPROPS_JSONL, options("y")));

        assertThat(set.manifest().header()).isEmpty();
        assertThat(set.manifest().files()).containsExactly("a.lean", "b.lean");
        assertThat(set.theorems()).extracting(Theorem::header).containsExactly("def two := 2\n", "");
    }
}
