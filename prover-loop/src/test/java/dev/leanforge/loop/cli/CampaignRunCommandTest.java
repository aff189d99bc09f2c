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
import dev.leanforge.loop.store.CampaignStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    private final List<StrictVertx> instances = new ArrayList<>();

    @AfterEach
    void noBlockedThreads() throws Exception {
        assertNoBlockedThreads(instances);
    }

    /** Closes the instances {@link #run} made (the command closed them already; again is harmless) and checks them. */
    static void assertNoBlockedThreads(List<StrictVertx> instances) throws Exception {
        for (StrictVertx strict : instances) {
            strict.close();
            assertThat(strict.blockedThreads()).isEmpty();
        }
    }

    /**
     * Runs the command; each run's Vert.x instance (the command closes it at the end) is made strict about blocked
     * threads and added to {@code instances}.
     */
    static int run(List<StrictVertx> instances, StringWriter out, StringWriter err, List<String> args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type != CampaignRunCommand.class) {
                    return CommandLine.defaultFactory().create(type);
                }
                return type.cast(new CampaignRunCommand(() -> {
                    StrictVertx strict = StrictVertx.create();
                    instances.add(strict);
                    return strict.vertx();
                }));
            }
        };
        List<String> argv = new ArrayList<>(List.of("campaign", "run"));
        argv.addAll(args);
        return LeanforgeCli.commandLine(factory).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(argv.toArray(String[]::new));
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        return run(instances, out, err, List.of(args));
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
    void aFailingPolicyStopsTheCampaignWithExitOneAndTheSameCommandResumesIt() throws IOException {
        TinySets.write(tmp.resolve("theorems"), "tiny", new LinkedHashMap<>(Map.of()) {{
                put("t_two", ": 2 + 2 = 4");
                put("t_other", ": 3 = 3");
            }});
        Path standIn = StandInRules.create().rule(r -> r.match("by decide").axioms()).writeTo(tmp);
        Path rules = Files.writeString(tmp.resolve("policy.yaml"),
                "rules:\n  - match: 'theorem t_two\\b'\n    completions: [by decide]\n");
        String[] args = {"--set", "tiny", "--theorems-dir", tmp.resolve("theorems").toString(), "--policy",
                "scripted:" + rules, "--store", tmp.resolve("s.db").toString(), "--server-cmd",
                StandInCommand.forRules(standIn), "--project-dir", tmp.toString(), "--lean-version", "stand-in",
                "--workers", "1", "--in-flight", "1", "--progress", "false", "--json"};

        int stopped = run(args);

        assertThat(stopped).as(err.toString()).isEqualTo(1);
        assertThat(err.toString()).contains("the campaign stopped:", "no rule of", "theorem t_other",
                "run the same command to resume it");
        try (Store store = Store.open(tmp.resolve("s.db"))) {
            assertThat(store.campaigns()).singleElement().satisfies(c -> {
                assertThat(c.status()).isEqualTo(CampaignStatus.RUNNING);
                assertThat(store.attempts(c.id())).hasSize(1);
            });
        }

        Files.writeString(rules, Files.readString(rules) + "default: [by decide]\n");
        int resumed = run(args);

        assertThat(resumed).as(err.toString()).isZero();
        JsonNode summary = JSON.readTree(out.toString());
        assertThat(summary.get("resumed").asBoolean()).isTrue();
        assertThat(summary.get("attemptsThisRun").asInt()).as("t_two is not redone").isEqualTo(1);
        assertThat(summary.get("solved").asInt()).isEqualTo(2);
    }

    @Test
    void configErrorsExitTwoNamingFileLineKeyAndWhatIsAllowed() throws IOException {
        Path config = Files.writeString(tmp.resolve("c.yaml"), "set: tiny\nsampels: 3\n");

        assertThat(run("--config", config.toString(), "--policy", "scripted:x")).isEqualTo(2);
        assertThat(err.toString()).contains(config + ":2: unknown key \"sampels\"; the keys are: set, split,");

        assertThat(run("--set", "tiny", "--policy", "scripted:x", "--temperature", "hot")).isEqualTo(2);
        assertThat(err.toString()).contains("option --temperature: must be a number between 0 and 10; got \"hot\"");

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

        assertThat(run("--set", "tiny", "--theorems-dir", dir, "--policy", "nope:runs/x", "--server-cmd", "true",
                "--lean-version", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown policy kind \"nope\"", "scripted:FILE", "model:DIR");

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
