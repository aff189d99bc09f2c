package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.loop.campaign.TinySets;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** How every command reports a mistake: exit 2, the mistake itself in a line or two, and what to run next. */
class UsageErrorsTest {

    @TempDir
    Path tmp;

    private StringWriter err;

    /** Runs the CLI on a machine where no Lean toolchain can be found, whatever this one has. */
    private int run(String... args) {
        NoLeanCli cli = new NoLeanCli(tmp.resolve("empty-home"));
        err = cli.err;
        return cli.run(args);
    }

    @Test
    void aBadOptionValueIsOneLineAndAPointerToHelpNotTheWholeHelpPage() {
        assertThat(run("check", "--timeout", "soon", "x.lean")).isEqualTo(2);

        assertThat(err.toString().lines()).containsExactly(
                "Invalid value for option '--timeout': must be between 0.1 and 86400 seconds; got \"soon\"",
                "See 'leanforge check --help' for the options.");
    }

    @Test
    void policyWorkerMistakesAreUsageErrorsBeforeAnythingJoinsOrStarts() {
        assertThat(run("worker", "--cluster", "127.0.0.1:5799", "--no-lean")).isEqualTo(2);
        assertThat(err.toString()).contains("--no-lean needs --policy KIND:ARG");

        assertThat(run("worker", "--cluster", "127.0.0.1:5799", "--no-lean", "--policy", "nope:x")).isEqualTo(2);
        assertThat(err.toString()).contains("--policy: unknown policy kind \"nope\"");

        assertThat(run("campaign", "run", "--set", "tiny", "--policy", "scripted:p.yaml", "--policy-on-workers"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--policy-on-workers needs --cluster");
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
        assertThat(err.toString()).contains("'--steps'", "must be a whole number between 1 and 10000; got 0",
                "See 'leanforge bench train --help'");

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

    @Test
    void aTimeoutBeyondAnyClockIsAUsageErrorNamingTheRangeNotAHang() {
        for (String huge : List.of("1e400", "99999999999")) {
            assertThat(run("check", "--timeout", huge, "missing.lean")).as(huge).isEqualTo(2);
            assertThat(err.toString()).as(huge)
                    .contains("'--timeout'", "must be between 0.1 and 86400 seconds; got " + huge);
        }
    }

    @Test
    void aTimeoutTooShortToMeasureIsAUsageErrorNotAStackTrace() throws IOException {
        Path file = Files.writeString(tmp.resolve("t.lean"), "theorem t : True := trivial\n");

        assertThat(run("check", "--timeout", "0.0000001", "--server-cmd", "true", file.toString())).isEqualTo(2);

        assertThat(err.toString()).contains("'--timeout'", "must be between 0.1 and 86400 seconds; got 0.0000001")
                .doesNotContain("\tat ");
    }

    @Test
    void aCountTooLargeForItsTypeStillNamesTheRange() {
        assertThat(run("sample", "--model", "m", "--prompt", "p", "-n", "99999999999")).isEqualTo(2);

        assertThat(err.toString()).contains("'-n'", "must be a whole number between 1 and 10000; got 99999999999");
    }

    /** Every number a command takes has a range (a seed may be any long): refused outside it, shown in --help. */
    @Test
    void everyNumberOptionOfEveryCommandRefusesAnOutOfRangeValueNamingItsRange() {
        List<String> checked = new ArrayList<>();
        forEachCommand(LeanforgeCli.commandLine(), new ArrayList<>(), (path, command) -> {
            for (OptionSpec option : command.getCommandSpec().options()) {
                if (!NUMBER_TYPES.contains(option.type()) || option.longestName().equals("--seed")) {
                    continue;
                }
                List<String> args = new ArrayList<>(path);
                args.add(option.longestName());
                args.add("1e400");
                assertThat(run(args.toArray(String[]::new))).as(args.toString()).isEqualTo(2);
                assertThat(err.toString()).as(args.toString())
                        .contains("'" + option.longestName() + "'", "must be ", "; got 1e400");
                assertThat(String.join(" ", option.description())).as(args + " --help").contains("Allowed: ");
                checked.add(String.join(" ", args));
            }
        });
        assertThat(checked).as("the options checked").hasSizeGreaterThan(30);
    }

    private static final Set<Class<?>> NUMBER_TYPES = Set.of(int.class, long.class, double.class, float.class,
            Integer.class, Long.class, Double.class, Duration.class);

    private interface CommandVisitor {
        void visit(List<String> path, CommandLine command);
    }

    private static void forEachCommand(CommandLine command, List<String> path, CommandVisitor visitor) {
        visitor.visit(path, command);
        command.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> subPath = new ArrayList<>(path);
                subPath.add(name);
                forEachCommand(sub, subPath, visitor);
            }
        });
    }

    @Test
    void aCampaignConfigWithSeveralMistakesListsThemAllAtOnce() throws IOException {
        Path config = Files.writeString(tmp.resolve("c.yaml"),
                "set: tiny\npolicy: scripted:p.yaml\nsampels: 3\nworkers: 100000\ntimeout: 1e400\n");

        assertThat(run("campaign", "run", "--config", config.toString())).isEqualTo(2);

        assertThat(err.toString()).contains(config + ":3: unknown key \"sampels\"",
                config + ":4: workers: must be a whole number between 1 and ",
                config + ":5: timeout: must be between 0.1 and 86400 seconds; got 1e400");
    }

    @Test
    void aStarConfigWithSeveralMistakesListsThemAllAtOnce() throws IOException {
        Path config = Files.writeString(tmp.resolve("s.yaml"),
                "set: tiny\nround: 3\nrounds: 0\nworkers: 100000\n");

        assertThat(run("star", "run", "--config", config.toString())).isEqualTo(2);

        assertThat(err.toString()).contains(config + ":2: unknown key \"round\"",
                config + ":3: rounds: must be a whole number between 1 and ",
                config + ":4: workers: must be a whole number between 1 and ");
    }

    @Test
    void trainingIntoAFileSaysItIsAFileNotADirectory() throws IOException {
        Path data = Files.writeString(tmp.resolve("d.jsonl"), "{\"prompt\": \"p\", \"completion\": \"c\"}\n");
        Path file = Files.writeString(tmp.resolve("x.txt"), "");
        String tokenizer = tmp.resolve("no-tokenizer.json").toString();

        assertThat(run("train", "sft", "--data", data.toString(), "--out", file.toString(), "--tokenizer", tokenizer))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--out " + file + " is a file, not a directory");

        Path inside = file.resolve("model");
        assertThat(run("train", "sft", "--data", data.toString(), "--out", inside.toString(), "--tokenizer",
                tokenizer)).isEqualTo(2);
        assertThat(err.toString()).contains("--out " + inside + ": " + file + " is a file, so it cannot hold a "
                + "directory");

        assertThat(run("train", "dpo", "--data", data.toString(), "--init", tmp.toString(), "--out",
                file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--out " + file + " is a file, not a directory");
    }

    @Test
    void aFreshModelsConfigWithSeveralMistakesListsThemAll() throws IOException {
        Path corpus = Files.writeString(tmp.resolve("corpus.txt"), "theorem t : 1 + 1 = 2 := by norm_num\n".repeat(20));
        Path tokenizer = tmp.resolve("tokenizer");
        assertThat(run("train", "tokenizer", "--corpus", corpus.toString(), "--vocab", "270", "--out",
                tokenizer.toString())).as(err.toString()).isZero();
        Path data = Files.writeString(tmp.resolve("d.jsonl"), "{\"prompt\": \"p\", \"completion\": \"c\"}\n");
        Path config = Files.writeString(tmp.resolve("config.json"), "{\"n_layer\": 0, \"n_head\": 4, \"n_embd\": 100000}");

        assertThat(run("train", "sft", "--data", data.toString(), "--out", tmp.resolve("model").toString(),
                "--config", config.toString(), "--tokenizer", tokenizer.resolve("tokenizer.json").toString()))
                .isEqualTo(2);

        assertThat(err.toString()).contains(config + ": not a model config.json (",
                "n_layer must be a whole number between 1 and 64, got 0",
                "n_embd must be a whole number between 1 and 8192, got 100000", "no n_positions");
    }
}
