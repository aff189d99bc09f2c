package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code leanforge check} end to end, with the scripted Lean stand-in (a test double) as the server. */
class CheckCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private String standIn() {
        Path rules = StandInRules.create()
                .rule(r -> r.match("by decide").axioms())
                .rule(r -> r.match("by omega").axioms("propext"))
                .rule(r -> r.match("\\bsimp\\b").error("unsolved goals\nn : Nat\n⊢ n + 0 = n", "simp").axioms("sorryAx"))
                .writeTo(tmp);
        return StandInCommand.forRules(rules);
    }

    private int run(String... args) {
        List<String> argv = new ArrayList<>(List.of("check"));
        argv.addAll(List.of(args));
        return LeanforgeCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(argv.toArray(String[]::new));
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }

    private List<JsonNode> jsonLines() throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.toString().strip().split("\n")) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    @Test
    void provedFilesExitZeroAndReportTheirAxioms() throws IOException {
        Path a = file("A.lean", "theorem two : 2 + 2 = 4 := by decide\n");
        Path b = file("B.lean", "theorem comm (a b : Nat) : a + b = b + a := by omega\n");

        int code = run(a.toString(), b.toString(), "--json", "--server-cmd", standIn(), "--project-dir", tmp.toString());

        assertThat(code).as(err.toString()).isZero();
        List<JsonNode> results = jsonLines();
        assertThat(results).extracting(n -> n.get("status").asText()).containsExactly("PROVED", "PROVED");
        assertThat(results.get(0).get("theorem").asText()).isEqualTo("two");
        assertThat(results.get(0).get("axioms")).isEmpty();
        assertThat(results.get(1).get("axioms").get(0).asText()).isEqualTo("propext");
        assertThat(results.get(1).get("file").asText()).isEqualTo(b.toString());
        assertThat(results.get(1).has("elapsedMs")).isTrue();
    }

    @Test
    void aFailedProofExitsOneWithMessagesAtTheFilesOwnLinesAndParsedGoals() throws IOException {
        Path f = file("F.lean", "-- context\ntheorem helper : True := trivial\n\ntheorem zero (n : Nat) :\n    n + 0 = n := by\n  simp\n");

        int code = run(f.toString(), "--json", "--server-cmd", standIn(), "--project-dir", tmp.toString());

        assertThat(code).as(err.toString()).isEqualTo(1);
        JsonNode result = jsonLines().get(0);
        assertThat(result.get("theorem").asText()).isEqualTo("zero");
        assertThat(result.get("status").asText()).isEqualTo("FAILED");
        JsonNode error = result.get("messages").findParents("severity").stream()
                .filter(m -> m.get("severity").asText().equals("error")).findFirst().orElseThrow();
        // `simp` is on line 6 of the file, column 2 — not where it sits in the checked document.
        assertThat(error.get("line").asInt()).isEqualTo(6);
        assertThat(error.get("column").asInt()).isEqualTo(2);
        JsonNode goal = result.get("goals").get(0);
        assertThat(goal.get("target").asText()).isEqualTo("n + 0 = n");
        assertThat(goal.get("hypotheses").get(0).get("names").get(0).asText()).isEqualTo("n");
    }

    @Test
    void theReasonNumbersLinesAsTheMessagesDoInTheUsersFile() throws IOException {
        // Blank lines between the header and the theorem: the checked document has one, the file four.
        Path f = file("L.lean", "-- context\n\n\n\n\ntheorem zero (n : Nat) : n + 0 = n := by\n  simp\n");

        assertThat(run(f.toString(), "--json", "--server-cmd", standIn(), "--project-dir", tmp.toString()))
                .as(err.toString()).isEqualTo(1);
        JsonNode result = jsonLines().get(0);
        assertThat(result.at("/messages/0/line").asInt()).isEqualTo(7);
        assertThat(result.get("reason").asText()).contains("line 7").doesNotContain("line 4");

        out.getBuffer().setLength(0);
        assertThat(run(f.toString(), "--server-cmd", standIn(), "--project-dir", tmp.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("line 7 (proof)").contains("L.lean:7:");

        // A proof refused before Lean: its position in the file, not in the proof text.
        Path c = file("R.lean", "-- context\n\ntheorem cheat : 1 = 2 := by\n  exact sorry\n");
        out.getBuffer().setLength(0);
        assertThat(run(c.toString(), "--json", "--server-cmd", standIn(), "--project-dir", tmp.toString()))
                .isEqualTo(1);
        assertThat(jsonLines().get(0).get("reason").asText()).contains("(line 4, column 8)")
                .doesNotContain("proof line");
    }

    @Test
    void aCheatIsRejectedBeforeLeanAndTheNamedTheoremIsChecked() throws IOException {
        Path f = file("C.lean", "theorem cheat : 1 = 2 := by sorry\n\ntheorem fine : 2 + 2 = 4 := by decide\n");

        int cheat = run(f.toString(), "--theorem", "cheat", "--server-cmd", standIn(), "--project-dir", tmp.toString());
        String cheatOut = out.toString();
        out.getBuffer().setLength(0);
        int fine = run(f.toString(), "--server-cmd", standIn(), "--project-dir", tmp.toString());

        assertThat(cheat).isEqualTo(1);
        assertThat(cheatOut).startsWith("REJECTED").contains("cheat", "sorry");
        assertThat(fine).isZero();
        assertThat(out.toString()).startsWith("PROVED").contains("fine", "no axioms");
    }

    @Test
    void usageAndInputErrorsExitTwoWithWhatToDo() throws IOException {
        Path noTheorem = file("Empty.lean", "-- nothing here\ndef x := 1\n");

        assertThat(run(tmp.resolve("missing.lean").toString(), "--server-cmd", "true")).isEqualTo(2);
        assertThat(err.toString()).contains("missing.lean: no such file");
        assertThat(run(noTheorem.toString(), "--server-cmd", "true")).isEqualTo(2);
        assertThat(err.toString()).contains("Empty.lean: no theorem or lemma");
        Path f = file("G.lean", "theorem g : True := trivial\n");
        assertThat(run(f.toString(), "--theorem", "nope", "--server-cmd", "true")).isEqualTo(2);
        assertThat(err.toString()).contains("no theorem named nope; found: g");
        assertThat(run(f.toString(), "--timeout", "0", "--server-cmd", "true")).isEqualTo(2);
        assertThat(err.toString()).contains("'--timeout'", "must be between 0.1 and 86400 seconds; got 0");
        assertThat(run()).isEqualTo(2);
    }

    @Test
    void aServerThatCannotStartIsAnEnvironmentError() throws IOException {
        Path f = file("H.lean", "theorem h : True := trivial\n");

        int code = run(f.toString(), "--server-cmd", "exit 7", "--project-dir", tmp.toString(), "--timeout", "5");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Lean could not be started", "exited with code 7", "leanforge doctor")
                .as("why, in words, without Java's exception names").doesNotContain("Exception");
    }
}
