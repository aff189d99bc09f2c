package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.loop.app.StrictVertx;
import dev.leanforge.loop.campaign.TinySets;
import dev.leanforge.loop.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code leanforge campaign run} on the command line, with the scripted Lean stand-in (a test double) as Lean. */
class CampaignRunCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final StrictVertx strict = StrictVertx.create();

    @AfterEach
    void noBlockedThreads() throws Exception {
        strict.close();
        assertThat(strict.blockedThreads()).isEmpty();
    }

    /** Runs the command with its Vert.x instance made strict about blocked threads. */
    static int run(Path tmp, StrictVertx strict, StringWriter out, StringWriter err, List<String> args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == CampaignRunCommand.class
                        ? type.cast(new CampaignRunCommand(strict::vertx))
                        : CommandLine.defaultFactory().create(type);
            }
        };
        List<String> argv = new ArrayList<>(List.of("campaign", "run"));
        argv.addAll(args);
        return LeanforgeCli.commandLine(factory).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(argv.toArray(String[]::new));
    }

    private int run(String... args) {
        return run(tmp, strict, out, err, List.of(args));
    }

    private Path policy() throws IOException {
        return Files.writeString(tmp.resolve("policy.yaml"), """
                rules:
                  - match: 'theorem t_two\\b'
                    completions: [by decide]
                default: [by simp]
                """);
    }

    @Test
    void aCampaignFromAConfigFileWithOptionsOverridingItPrintsItsSummary() throws IOException {
        TinySets.write(tmp.resolve("theorems"), "tiny", Map.of("t_two", ": 2 + 2 = 4", "t_hard", ": 1 = 2"));
        Path standIn = StandInRules.create().rule(r -> r.match("by decide").axioms()).writeTo(tmp);
        Path config = Files.writeString(tmp.resolve("campaign.yaml"), """
                set: tiny
                theorems-dir: %s
                policy: scripted:%s
                samples: 5
                workers: 1
                in-flight: 1
                lean-version: stand-in (test double)
                """.formatted(tmp.resolve("theorems"), policy()));

        int code = run("--config", config.toString(), "--samples", "2", "--store", tmp.resolve("s.db").toString(),
                "--server-cmd", StandInCommand.forRules(standIn), "--project-dir", tmp.toString(), "--json");

        assertThat(code).as(err.toString()).isZero();
        JsonNode summary = JSON.readTree(out.toString());
        assertThat(summary.get("solved").asInt()).isEqualTo(1);
        assertThat(summary.get("theorems").asInt()).isEqualTo(2);
        assertThat(summary.get("attempts").asInt()).as("1 + 2 samples").isEqualTo(3);
        assertThat(summary.at("/settings/budget/samples").asInt()).as("the option wins").isEqualTo(2);
        assertThat(summary.at("/settings/lean/lean-version").asText()).isEqualTo("stand-in (test double)");
        assertThat(summary.at("/passAtK/1/k").asInt()).isEqualTo(2);
        assertThat(summary.at("/passAtK/1/value").asDouble()).isEqualTo(0.5);
        assertThat(summary.at("/verdicts/PROVED").asInt()).isEqualTo(1);
        assertThat(summary.at("/time/wallSeconds").asDouble()).isPositive();
        assertThat(err.toString()).as("progress bar").contains("campaign 1", "2/2", "solved 1");
        try (Store store = Store.open(tmp.resolve("s.db"))) {
            assertThat(store.proofs()).hasSize(1);
        }
    }

    @Test
    void configErrorsExitTwoNamingFileLineKeyAndWhatIsAllowed() throws IOException {
        Path config = Files.writeString(tmp.resolve("c.yaml"), "set: tiny\nsampels: 3\n");

        assertThat(run("--config", config.toString(), "--policy", "scripted:x")).isEqualTo(2);
        assertThat(err.toString()).contains(config + ":2: unknown key \"sampels\"; the keys are: set, split,");

        assertThat(run("--set", "tiny", "--policy", "scripted:x", "--temperature", "hot")).isEqualTo(2);
        assertThat(err.toString()).contains("option --temperature: must be a number in [0, ∞); got \"hot\"");

        assertThat(run("--policy", "scripted:x")).isEqualTo(2);
        assertThat(err.toString()).contains("set is required: give --set NAME");
    }

    @Test
    void setPolicyAndLeanProblemsExitTwoBeforeAnythingRuns() throws IOException {
        TinySets.write(tmp.resolve("theorems"), "tiny", Map.of("t_two", ": 2 + 2 = 4"));
        String dir = tmp.resolve("theorems").toString();

        assertThat(run("--set", "nope", "--theorems-dir", dir, "--policy", "scripted:" + policy(),
                "--server-cmd", "true", "--lean-version", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("no set \"nope\" in " + dir + " (sets there: tiny)");

        assertThat(run("--set", "tiny", "--theorems-dir", dir, "--policy", "model:runs/x", "--server-cmd", "true",
                "--lean-version", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown policy kind \"model\"", "scripted:FILE");

        assertThat(run("--set", "tiny", "--theorems-dir", dir, "--policy", "scripted:" + policy(),
                "--server-cmd", "true")).isEqualTo(2);
        assertThat(err.toString()).contains("lean-version is required with server-cmd");

        assertThat(run("--set", "tiny", "--theorems-dir", dir, "--policy", "scripted:" + policy(), "--split", "test",
                "--server-cmd", "true", "--lean-version", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("set tiny has no theorems in split test");
        assertThat(Files.exists(tmp.resolve("runs"))).as("no store was created").isFalse();
    }

    @Test
    void aLeanThatCannotStartExitsTwoWithItsCommand() throws IOException {
        TinySets.write(tmp.resolve("theorems"), "tiny", Map.of("t_two", ": 2 + 2 = 4"));

        int code = run("--set", "tiny", "--theorems-dir", tmp.resolve("theorems").toString(), "--policy",
                "scripted:" + policy(), "--server-cmd", "echo not-lean; exit 3", "--lean-version", "x",
                "--store", tmp.resolve("s.db").toString(), "--workers", "1", "--progress", "false");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Lean could not be started with", "not-lean");
    }
}
