package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.bridge.soundness.PolicyResult;
import dev.leanforge.bridge.soundness.SourcePolicy;
import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.loop.check.TheoremInFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The red-team corpus ({@code src/test/resources/redteam/*.lean}): proofs that cheat, each with the construct that
 * must refuse it on its second line ({@code -- expect: REJECTED construct}). The Lean stand-in here accepts every
 * proof it is shown, so only leanforge's own defences stand between a cheat and PROVED.
 */
class RedTeamCorpusTest {

    private static final Path CORPUS = Path.of("src/test/resources/redteam");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static Stream<Path> cheats() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.filter(f -> f.toString().endsWith(".lean")).sorted().toList().stream();
        }
    }

    private static String expectedConstruct(String source) {
        String line = source.lines().skip(1).findFirst().orElseThrow();
        assertThat(line).startsWith("-- expect: REJECTED ");
        return line.substring("-- expect: REJECTED ".length()).strip();
    }

    @ParameterizedTest
    @MethodSource("cheats")
    void theScanRefusesEveryCheatByItsConstruct(Path file) throws Exception {
        String source = Files.readString(file);
        TheoremInFile theorem = TheoremInFile.locate(file.toString(), source, Optional.empty());
        // The whole text after `:=` is the proof, as a policy's completion would be (a trailing comment aside).
        assertThat(source.substring(source.indexOf(":= ") + 3)).startsWith(theorem.task().proof());
        PolicyResult result = SourcePolicy.standard().check(theorem.task());
        assertThat(result).as(file.toString()).isInstanceOf(PolicyResult.Rejected.class);
        assertThat(((PolicyResult.Rejected) result).construct()).as(file.toString())
                .isEqualTo(expectedConstruct(source));
    }

    @Test
    void checkAgainstAStandInThatAcceptsEverythingReportsNoCheatProved() throws IOException {
        Path rules = StandInRules.create().rule(r -> r.match(".").axioms()).writeTo(tmp);
        List<String> argv = new ArrayList<>(List.of("check", "--json", "--server-cmd", StandInCommand.forRules(rules),
                "--project-dir", tmp.toString()));
        List<Path> files = cheats().toList();
        files.forEach(f -> argv.add(f.toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LeanforgeCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(argv.toArray(String[]::new));

        assertThat(exit).as(err.toString()).isEqualTo(1);
        List<String> statuses = new ArrayList<>();
        for (String line : out.toString().strip().split("\n")) {
            JsonNode result = JSON.readTree(line);
            statuses.add(result.get("status").asText());
        }
        assertThat(statuses).hasSize(files.size()).containsOnly("REJECTED");
    }

    @Test
    void theStandInReallyAcceptsAnHonestProof() throws IOException {
        Path rules = StandInRules.create().rule(r -> r.match(".").axioms()).writeTo(tmp);
        Path honest = Files.writeString(tmp.resolve("Honest.lean"), "theorem t : True := trivial\n");
        StringWriter out = new StringWriter();
        int exit = LeanforgeCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(new StringWriter()))
                .execute("check", "--json", "--server-cmd", StandInCommand.forRules(rules), "--project-dir",
                        tmp.toString(), honest.toString());
        assertThat(exit).isZero();
        assertThat(JSON.readTree(out.toString().strip()).get("status").asText()).isEqualTo("PROVED");
    }
}
