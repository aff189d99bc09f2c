package dev.leanforge.loop.theorems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.loop.theorems.ReferenceProof.AcceptedByLean;
import dev.leanforge.loop.theorems.ReferenceProof.Tier;
import dev.leanforge.loop.theorems.ReferenceProof.Unverified;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetReaderTest {

    @TempDir
    Path tmp;

    static final String HEADER = "-- demo: core Lean only";

    static final String LOGIC = HEADER + "\n\n"
            + "/-- Implication is reflexive. -/\ntheorem imp_self' (p : Prop) : p → p := by sorry\n\n"
            + "-- ## Conjunction\n\n"
            + "theorem and_swap' (p q : Prop) : p ∧ q → q ∧ p := by\n  sorry\n";

    static final String THEOREMS = """
                {"name": "imp_self'", "split": "train", "difficulty": 1, "tags": ["logic"]},
                {"name": "and_swap'", "split": "test"}""";

    static final String MANIFEST = manifest("\"Logic.lean\"", THEOREMS);

    /** A manifest of the set {@code demo} with the given JSON for its files and theorems lists. */
    static String manifest(String files, String theorems) {
        return """
                {
                  "name": "demo",
                  "description": "A demo set.",
                  "source": "written for the tests",
                  "license": "Apache-2.0",
                  "toolchain": "leanprover/lean4:v4.24.0",
                  "mathlib": null,
                  "header": "-- demo: core Lean only",
                  "files": [%s],
                  "theorems": [%s
                  ]
                }
                """.formatted(files, theorems);
    }

    /** Writes a set folder {@code demo} with the given manifest, files (name, text, ...) and proofs. */
    Path set(String manifest, String proofs, String... files) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("demo"));
        Files.writeString(dir.resolve("manifest.json"), manifest);
        for (int i = 0; i < files.length; i += 2) {
            Files.writeString(dir.resolve(files[i]), files[i + 1]);
        }
        if (proofs != null) {
            Files.writeString(dir.resolve("proofs.jsonl"), proofs);
        }
        return dir;
    }

    @Test
    void readsTheoremsInManifestOrderWithHeadersStatementsAndProofs() throws Exception {
        Path dir = set(MANIFEST, """
                {"theorem": "imp_self'", "proof": "fun h => h", "checked": "unverified"}

                {"theorem": "and_swap'", "proof": "fun ⟨hp, hq⟩ => ⟨hq, hp⟩", "checked": {"lean": "4.24.0", "tier": "fresh"}}
                """, "Logic.lean", LOGIC);

        TheoremSet set = SetReader.read(dir);

        assertThat(set.theorems()).extracting(Theorem::name).containsExactly("imp_self'", "and_swap'");
        Theorem first = set.theorems().get(0);
        assertThat(first.header()).isEqualTo(HEADER);
        assertThat(first.statement()).isEqualTo("/-- Implication is reflexive. -/\ntheorem imp_self' (p : Prop) : p → p :=");
        assertThat(first.placeholder()).isEqualTo(" by sorry");
        assertThat(first.docstring()).contains("Implication is reflexive.");
        assertThat(first.difficulty()).hasValue(1);
        assertThat(first.tags()).containsExactly("logic");
        assertThat(first.line()).isEqualTo(3);
        assertThat(first.proofs()).extracting(ReferenceProof::checked).containsExactly(new Unverified());

        Theorem second = set.theorems().get(1);
        // A comment-only gap between theorems is not part of the header: both share the warm document.
        assertThat(second.header()).isEqualTo(HEADER);
        assertThat(second.split()).isEqualTo(Split.TEST);
        assertThat(second.proofs()).extracting(ReferenceProof::checked)
                .containsExactly(new AcceptedByLean("4.24.0", Tier.FRESH));

        CheckTask task = second.checkTask("fun ⟨hp, hq⟩ => ⟨hq, hp⟩");
        assertThat(task.theoremName()).isEqualTo("and_swap'");
        assertThat(task.statement()).isEqualTo("theorem and_swap' (p q : Prop) : p ∧ q → q ∧ p :=");
        assertThat(second.placeholderTask().proof()).isEqualTo("by\n  sorry");
    }

    @Test
    void definitionsBeforeATheoremBecomePartOfItsHeaderExactly() throws Exception {
        String file = HEADER + "\n\ndef double (n : Nat) : Nat := n + n\n\ntheorem double_two : double 2 = 4 := by sorry\n";
        String manifest = manifest("\"Defs.lean\"", "{\"name\": \"double_two\", \"split\": \"valid\"}");
        TheoremSet set = SetReader.read(set(manifest, null, "Defs.lean", file));

        Theorem t = set.theorems().get(0);
        assertThat(t.header()).isEqualTo(HEADER + "\n\ndef double (n : Nat) : Nat := n + n\n\n");
        assertThat(t.header() + t.statement() + t.placeholder()).isEqualTo(file.strip());
    }

    @Test
    void reportsEveryProblemWithFileLineAndColumn() throws Exception {
        String manifest = MANIFEST.replace("\"split\": \"test\"", "\"split\": \"dev\"")
                .replace("\"difficulty\": 1", "\"difficulty\": 9")
                .replace("\"mathlib\": null,", "\"mathlib\": null, \"extra\": 1,");
        Path dir = set(manifest, null, "Logic.lean", LOGIC);

        assertThatThrownBy(() -> SetReader.read(dir))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).errors()).extracting(InputError::toString)
                        .containsExactly(
                                dir.resolve("manifest.json") + ":7:29: unknown field \"extra\"; the fields are name,"
                                        + " description, source, license, toolchain, mathlib, header, files, theorems",
                                dir.resolve("manifest.json") + ":10:70: theorem \"imp_self'\": \"difficulty\" must be a"
                                        + " whole number from 1 to 5, not 9",
                                dir.resolve("manifest.json") + ":11:32: theorem \"and_swap'\": \"split\" must be"
                                        + " \"train\", \"valid\" or \"test\", not \"dev\""));
    }

    @Test
    void filesAndManifestMustAgree() throws Exception {
        String logic = LOGIC + "\ntheorem extra_one : True := by sorry\n\ntheorem imp_self' (p : Prop) : p → p := sorry\n";
        String other = "import Mathlib\ntheorem and_swap' : True := by sorry\n";
        Path dir = set(MANIFEST.replace("[\"Logic.lean\"]", "[\"Logic.lean\", \"Other.lean\", \"Missing.lean\"]"),
                "{\"theorem\": \"nope\", \"proof\": \"rfl\", \"checked\": \"unverified\"}\n"
                        + "{\"theorem\": \"imp_self'\", \"proof\": \"by sorry\", \"checked\": \"unverified\"}\n"
                        + "{\"theorem\": \"imp_self'\", \"proof\": \"id\", \"checked\": \"verified\"}\n",
                "Logic.lean", logic, "Other.lean", other);

        assertThatThrownBy(() -> SetReader.read(dir))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).errors()).extracting(InputError::toString)
                        .containsExactly(
                                dir.resolve("Logic.lean") + ":11:1: theorem \"extra_one\" has a `sorry` proof but is"
                                        + " not listed in the manifest; add {\"name\": \"extra_one\", \"split\": \"train\"}"
                                        + " to its theorems",
                                dir.resolve("Logic.lean") + ":13:1: duplicate theorem \"imp_self'\" (first declared at "
                                        + dir.resolve("Logic.lean") + ":3:1)",
                                dir.resolve("Other.lean") + ":1:1: the file must start with the manifest's header;"
                                        + " here the header has \"-- demo: core Lean only\" but the file has"
                                        + " \"import Mathlib\\ntheorem a\"",
                                dir.resolve("manifest.json") + ":9:41: file " + dir.resolve("Missing.lean")
                                        + " does not exist",
                                dir.resolve("proofs.jsonl") + ":3:52: \"checked\" must be \"unverified\" or {\"lean\":"
                                        + " \"<version>\", \"tier\": \"fresh\" or \"warm\"}, not \"verified\"",
                                dir.resolve("proofs.jsonl") + ":1:1: proof of \"nope\", which is not a theorem of this set",
                                dir.resolve("proofs.jsonl") + ":2:1: the proof of \"imp_self'\" uses `sorry` or"
                                        + " `admit`, so it proves nothing"));
    }

    @Test
    void aListedTheoremWithARealProofOrNoneIsReported() throws Exception {
        String logic = HEADER + "\n\ntheorem imp_self' (p : Prop) : p → p := fun h => h\n";
        Path dir = set(MANIFEST, null, "Logic.lean", logic);

        assertThatThrownBy(() -> SetReader.read(dir))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).errors()).extracting(InputError::toString)
                        .containsExactly(
                                dir.resolve("Logic.lean") + ":3:1: theorem \"imp_self'\" is listed in the manifest, but"
                                        + " its proof is not just `sorry`; reference proofs go in proofs.jsonl",
                                dir.resolve("manifest.json") + ":11:1: theorem \"and_swap'\" is listed, but no file of"
                                        + " the set declares it with a `sorry` proof"));
    }

    @Test
    void sorryInContextIsRefusedBecauseItWouldPoisonEveryLaterCheck() throws Exception {
        String logic = LOGIC.replace("-- ## Conjunction", "theorem helper : True := by\n  trivial\n  sorry");
        Path dir = set(MANIFEST, null, "Logic.lean", logic);

        assertThatThrownBy(() -> SetReader.read(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Logic.lean:8:3: `sorry` outside a problem's placeholder");
    }

    @Test
    void manifestWrittenByTheCodecReadsBackEqual() throws Exception {
        Path dir = set(MANIFEST, null, "Logic.lean", LOGIC);
        Manifest manifest = SetReader.read(dir).manifest();

        String written = ManifestCodec.write(manifest);

        assertThat(ManifestCodec.read(written, "m.json", "demo").manifest()).isEqualTo(manifest);
        assertThat(written).contains("    {\"name\": \"imp_self'\", \"split\": \"train\", \"difficulty\": 1,"
                + " \"tags\": [\"logic\"]},\n");
    }

    @Test
    void listsOnlyFoldersWithAManifestAndSkipsHiddenOnes() throws Exception {
        set(MANIFEST, null, "Logic.lean", LOGIC);
        Files.createDirectories(tmp.resolve("notes"));
        Files.createDirectories(tmp.resolve(".staging-1/demo"));
        Files.writeString(tmp.resolve(".staging-1/demo/manifest.json"), MANIFEST);

        assertThat(SetReader.setDirs(tmp)).containsExactly(tmp.resolve("demo"));
    }

    // ---- links: a set reads only its own files ----

    static final String LINK_OUTSIDE = "a link that leads outside the set's folder; a set holds its own files, so copy"
            + " it in";

    /** A file outside the set whose bytes must never reach a message. */
    private Path outside(String name, String text) throws IOException {
        Path file = tmp.resolve("outside").resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void aLeanFileLinkedFromOutsideTheSetIsRefusedWithoutBeingRead() throws Exception {
        Path dir = set(MANIFEST, null);
        Files.createSymbolicLink(dir.resolve("Logic.lean"), outside("Secret.lean", "SECRET-BYTES, not the header\n"));

        assertThatThrownBy(() -> SetReader.read(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(dir.resolve("Logic.lean") + ": " + LINK_OUTSIDE + "\n")
                .hasMessageNotContaining("SECRET");
    }

    @Test
    void aFolderLinkedFromOutsideTheSetIsRefusedForEveryFileThroughIt() throws Exception {
        Path dir = set(manifest("\"sub/Logic.lean\"", THEOREMS), null);
        outside("Logic.lean", LOGIC);
        Files.createSymbolicLink(dir.resolve("sub"), tmp.resolve("outside"));

        assertThatThrownBy(() -> SetReader.read(dir))
                .hasMessageStartingWith(dir.resolve("sub/Logic.lean") + ": " + LINK_OUTSIDE + "\n");
    }

    @Test
    void aManifestOrProofsFileLinkedFromOutsideIsRefused() throws Exception {
        Path dir = set(MANIFEST, null, "Logic.lean", LOGIC);
        Files.delete(dir.resolve("manifest.json"));
        Files.createSymbolicLink(dir.resolve("manifest.json"), outside("manifest.json", MANIFEST));

        assertThatThrownBy(() -> SetReader.read(dir))
                .hasMessage(dir.resolve("manifest.json") + ": " + LINK_OUTSIDE);

        Files.delete(dir.resolve("manifest.json"));
        Files.writeString(dir.resolve("manifest.json"), MANIFEST);
        Files.createSymbolicLink(dir.resolve("proofs.jsonl"), outside("proofs.jsonl", "SECRET\n"));

        assertThatThrownBy(() -> SetReader.read(dir))
                .hasMessage(dir.resolve("proofs.jsonl") + ": " + LINK_OUTSIDE);
    }

    @Test
    void linksThatStayInsideTheSetAndALinkedSetFolderAreRead() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("shelf/demo"));
        Files.writeString(real.resolve("manifest.json"), MANIFEST);
        Files.createDirectories(real.resolve("src"));
        Files.writeString(real.resolve("src/Logic.lean"), LOGIC);
        Files.createSymbolicLink(real.resolve("Logic.lean"), Path.of("src/Logic.lean"));
        // The set's folder itself may be a link (a shared checkout of a benchmark): its files are what it holds.
        Path linked = Files.createSymbolicLink(tmp.resolve("demo"), real);

        assertThat(SetReader.read(linked).theorems()).hasSize(2);
    }

    @Test
    void theProjectsOwnSetsRead() throws Exception {
        // Tests run in the module's folder; the sets are at the repository root.
        Path theorems = Path.of("..", "theorems");
        assumeTrue(Files.isDirectory(theorems), "no theorems/ folder at " + theorems.toAbsolutePath());
        List<Path> sets = SetReader.setDirs(theorems);
        for (Path dir : sets) {
            TheoremSet set = SetReader.read(dir);
            assertThat(set.theorems()).as(dir.toString()).isNotEmpty();
        }
    }
}
