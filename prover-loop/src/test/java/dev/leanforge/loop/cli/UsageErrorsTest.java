package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.toolchain.ToolchainLocator;
import dev.leanforge.loop.campaign.TinySets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** How every command reports a mistake: exit 2, the mistake itself in a line or two, and what to run next. */
class UsageErrorsTest {

    @TempDir
    Path tmp;

    private StringWriter err;

    /** Runs the CLI on a machine where no Lean toolchain can be found, whatever this one has. */
    private int run(String... args) {
        err = new StringWriter();
        CommandLine.IFactory noLean = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K made = CommandLine.defaultFactory().create(type);
                if (made instanceof LeanOptions lean) {
                    lean.locator = new ToolchainLocator(Map.of("PATH", ""), tmp.resolve("empty-home"));
                }
                return made;
            }
        };
        return LeanforgeCli.commandLine(noLean).setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void aBadOptionValueIsOneLineAndAPointerToHelpNotTheWholeHelpPage() {
        assertThat(run("check", "--timeout", "soon", "x.lean")).isEqualTo(2);

        assertThat(err.toString().lines()).containsExactly(
                "Invalid value for option '--timeout': 'soon' is not a double",
                "See 'leanforge check --help' for the options.");
    }

    @Test
    void aMisspeltOptionGetsASuggestion() {
        assertThat(run("ledger", "export", "--stor", "x.db", "--out", "l.jsonl")).isEqualTo(2);

        assertThat(err.toString()).contains("Unknown options: '--stor'", "Possible solutions: --store", "leanforge ledger export --help")
                .doesNotContain("Usage:");
    }

    @Test
    void everyGroupWithoutItsSubcommandIsAUsageErrorThatListsThem() {
        Map<String, String> groups = Map.of("theorems", "validate", "train", "tokenizer", "bench", "sample",
                "ledger", "verify", "campaign", "run", "star", "run");
        groups.forEach((group, subcommand) -> {
            assertThat(run(group)).as(group).isEqualTo(2);
            assertThat(err.toString()).as(group).contains("Missing", "Usage: leanforge " + group, subcommand);
        });
    }

    @Test
    void benchErrorsPointAtTheBenchmarkRunNotAtBench() {
        assertThat(run("bench", "train", "--steps", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--steps must be at least 1", "See 'leanforge bench train --help'");

        assertThat(run("bench", "sample", "--prompt-tokens", "300", "--new-tokens", "300")).isEqualTo(2);
        assertThat(err.toString()).contains("--prompt-tokens + --new-tokens must be at most",
                "See 'leanforge bench sample --help'");
    }

    @Test
    void campaignSetAndPolicyMistakesShowEvenWhereLeanIsMissing() throws IOException {
        String dir = TinySets.write(tmp.resolve("theorems"), "tiny", Map.of("t_two", ": 2 + 2 = 4")).getParent()
                .toString();
        Path policy = Files.writeString(tmp.resolve("policy.yaml"), "default: [by simp]\n");

        assertThat(run("campaign", "run", "--set", "tyni", "--theorems-dir", dir, "--policy", "scripted:" + policy))
                .isEqualTo(2);
        assertThat(err.toString()).contains("no set \"tyni\" in " + dir + " (sets there: tiny)")
                .doesNotContain("No Lean 4 toolchain");

        assertThat(run("campaign", "run", "--set", "tiny", "--theorems-dir", dir, "--policy", "scriptd:" + policy))
                .isEqualTo(2);
        assertThat(err.toString()).contains("unknown policy kind \"scriptd\"").doesNotContain("No Lean 4 toolchain");

        assertThat(run("campaign", "run", "--set", "tiny", "--theorems-dir", dir, "--policy", "scripted:" + policy))
                .as("only then is Lean looked for").isEqualTo(2);
        assertThat(err.toString()).contains("No Lean 4 toolchain was found");
    }

    @Test
    void aStarRunOnAMisspeltSetSaysSoEvenWhereLeanIsMissing() {
        String dir = TinySets.write(tmp.resolve("theorems"), "tiny", Map.of("t_two", ": 2 + 2 = 4")).getParent()
                .toString();

        assertThat(run("star", "run", "--set", "tyni", "--theorems-dir", dir)).isEqualTo(2);

        assertThat(err.toString()).contains("no set \"tyni\"").doesNotContain("No Lean 4 toolchain");
    }

    @Test
    void campaignAndStarRunsRefuseASetNameThatIsAPath() {
        // A valid set named tiny outside --theorems-dir: a path could reach it, a set name must not.
        TinySets.write(tmp.resolve("elsewhere"), "tiny", Map.of("t_two", ": 2 + 2 = 4"));
        String dir = TinySets.write(tmp.resolve("theorems"), "other", Map.of("t_two", ": 2 + 2 = 4")).getParent()
                .toString();

        String[][] runs = {
            {"campaign", "run", "--set", "../elsewhere/tiny", "--theorems-dir", dir, "--policy", "scripted:x"},
            {"star", "run", "--set", "../elsewhere/tiny", "--theorems-dir", dir},
        };
        for (String[] args : runs) {
            assertThat(run(args)).as(args[0]).isEqualTo(2);

            assertThat(err.toString()).as(args[0]).contains("set \"../elsewhere/tiny\" is not a set name")
                    .doesNotContain("No Lean 4 toolchain");
        }
    }

    /** The README's promise for its main command: without Lean it stops at once, before round 0 trains anything. */
    @Test
    void aStarRunWithoutLeanStopsBeforeTraining() {
        String dir = TinySets.write(tmp.resolve("theorems"), "tiny", Map.of("t_two", ": 2 + 2 = 4")).getParent()
                .toString();
        Path runDir = tmp.resolve("run");

        assertThat(run("star", "run", "--set", "tiny", "--theorems-dir", dir, "--run-dir", runDir.toString(),
                "--store", tmp.resolve("s.db").toString())).isEqualTo(2);

        assertThat(err.toString()).contains("No Lean 4 toolchain was found");
        assertThat(runDir.resolve("round-0")).doesNotExist();
        assertThat(runDir.resolve("tokenizer")).doesNotExist();
    }
}
