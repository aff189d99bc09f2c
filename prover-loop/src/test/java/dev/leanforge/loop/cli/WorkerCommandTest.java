package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.loop.app.StrictVertx;
import dev.leanforge.loop.bus.BusCodecs;
import dev.leanforge.loop.campaign.TinySets;
import dev.leanforge.loop.cluster.WorkerVerticle;
import dev.leanforge.loop.policy.openai.FakeCompletionsServer;
import dev.leanforge.loop.store.Store;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code leanforge worker}'s policy settings: the {@code openai-*} options and {@code --config FILE} of campaign run,
 * checked the same way; and, in one JVM, a worker serving {@code openai:URL} (a fake completions server) to a
 * {@code campaign run --cluster … --policy-on-workers} on the same local event bus (as ClusterCommandsTest).
 */
class WorkerCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = "stand-in (test double)";
    private static final String TEMPLATE = "-- Complete the proof.\n{prompt}";

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<StrictVertx> instances = new ArrayList<>();
    private final List<WorkerVerticle.Settings> hosted = new ArrayList<>();
    private FakeCompletionsServer server;

    @AfterEach
    void close() throws Exception {
        if (server != null) {
            server.close();
        }
        CampaignRunCommandTest.assertNoBlockedThreads(instances);
    }

    /** Runs the CLI; a worker command hands its ready worker to {@code host} instead of joining a cluster. */
    private int runHosted(Function<WorkerVerticle.Settings, Integer> host, List<String> args) {
        return run(new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == WorkerCommand.class ? type.cast(new WorkerCommand(host))
                        : CommandLine.defaultFactory().create(type);
            }
        }, args);
    }

    private int run(CommandLine.IFactory factory, List<String> args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return LeanforgeCli.commandLine(factory).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args.toArray(String[]::new));
    }

    /** A worker command that only records the worker it would run (its policy closed). */
    private int worker(String... args) {
        List<String> argv = new ArrayList<>(List.of("worker", "--cluster", "127.0.0.1:5799", "--no-lean"));
        argv.addAll(List.of(args));
        return runHosted(settings -> {
            hosted.add(settings);
            settings.policy().ifPresent(offer -> offer.policy().close());
            return 0;
        }, argv);
    }

    @Test
    void theHelpListsThePolicySettingsAsCampaignRunHasThem() {
        assertThat(run(CommandLine.defaultFactory(), List.of("worker", "--help"))).isZero();
        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(help).contains("--config=FILE", "--openai-model=NAME", "--openai-prompt-template=TEXT",
                "--openai-stop=TEXT", "--openai-api-key-env=VAR", "--openai-timeout=SECONDS", "--openai-retries=N",
                "--openai-logprobs=true|false", "--openai-max-n=N", "Allowed: 0 to 10000")
                .doesNotContain("cannot be given here yet");
        assertThat(help).as("only the policy's settings, not the campaign's").doesNotContain("--samples", "--set=");
    }

    @Test
    void theConfigFilesSettingsAreOverriddenByTheOptionsAndMakeThePolicysIdentity() throws Exception {
        Path file = Files.writeString(tmp.resolve("worker.yaml"), """
                openai-model: prover
                openai-max-n: 4
                openai-logprobs: false
                openai-stop: ["```"]
                openai-retries: 0
                """);

        assertThat(worker("--policy", "openai:http://127.0.0.1:9/v1", "--config", file.toString(), "--openai-max-n",
                "1", "--policy-workers", "3")).as(err.toString()).isZero();

        WorkerVerticle.PolicyOffer offer = hosted.get(0).policy().orElseThrow();
        assertThat(offer.id().description()).isEqualTo("openai:http://127.0.0.1:9/v1/completions model=prover "
                + "stop=[\"```\"]");
        assertThat(offer.id().identity()).isEqualTo(offer.id().description() + " logprobs=false max-n=1");
        assertThat(offer.workers()).isEqualTo(3);
    }

    @Test
    void badPolicySettingsExitTwoNamingTheFileLineOrOption() throws Exception {
        Path file = Files.writeString(tmp.resolve("worker.yaml"), """
                openai-model: prover
                openai-retries: lots
                set: tiny
                """);

        assertThat(worker("--policy", "openai:http://127.0.0.1:9", "--config", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(file + ":2: openai-retries: ", file + ":3: unknown key \"set\"");

        assertThat(worker("--policy", "openai:http://127.0.0.1:9", "--openai-model", "prover", "--openai-max-n",
                "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("option --openai-max-n: must be a whole number between 0 and 10000; "
                + "got -1");

        assertThat(worker("--policy", "openai:http://127.0.0.1:9")).as("no model, as campaign run").isEqualTo(2);
        assertThat(err.toString()).contains("--policy: openai:http://127.0.0.1:9 needs the name of the model the "
                + "server serves: give --openai-model NAME");
        assertThat(hosted).as("nothing got as far as running").isEmpty();
    }

    @Test
    void aCampaignGetsItsCompletionsFromAWorkerServingTheSameOpenAiPolicy() throws Exception {
        server = FakeCompletionsServer.start(CampaignOpenAiTest::prover);
        StrictVertx strict = StrictVertx.create();
        instances.add(strict);
        Vertx vertx = strict.vertx();
        BusCodecs.register(vertx);
        TinySets.write(tmp.resolve("theorems"), "tiny", new LinkedHashMap<>(Map.of("t_two", ": 2 + 2 = 4",
                "t_hard", ": 1 = 2")));
        Path standIn = StandInRules.create().rule(r -> r.match("by decide").axioms()).writeTo(tmp);

        // The worker: Lean (the stand-in) and the policy; its timeout and retries are its own.
        assertThat(runHosted(settings -> {
            try {
                vertx.deployVerticle(new WorkerVerticle(settings)).toCompletionStage().toCompletableFuture()
                        .get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return 0;
        }, List.of("worker", "--cluster", "127.0.0.1:5701", "--cluster-name", "unit", "--worker-id", "gpu",
                "--policy", "openai:" + server.url(), "--openai-model", "prover-7b", "--openai-prompt-template",
                TEMPLATE, "--openai-timeout", "20", "--openai-retries", "0", "--server-cmd",
                StandInCommand.forRules(standIn), "--project-dir", tmp.toString(), "--lean-version", VERSION,
                "--workers", "1"))).as(err.toString()).isZero();

        List<String> campaign = List.of("campaign", "run", "--set", "tiny", "--theorems-dir",
                tmp.resolve("theorems").toString(), "--policy", "openai:" + server.url() + "/v1", "--openai-model",
                "prover-7b", "--openai-prompt-template", TEMPLATE, "--stop", "\n\n", "--samples", "2",
                "--store", tmp.resolve("s.db").toString(), "--lean-version", VERSION, "--in-flight", "2",
                "--progress", "false", "--json", "--cluster", "127.0.0.1:5701", "--cluster-name", "unit",
                "--policy-on-workers", "--no-install");
        assertThat(run(new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == CampaignRunCommand.class ? type.cast(new CampaignRunCommand(() -> vertx))
                        : CommandLine.defaultFactory().create(type);
            }
        }, campaign)).as(err.toString()).isZero();

        JsonNode summary = JSON.readTree(out.toString());
        assertThat(summary.get("solved").asInt()).isEqualTo(1);
        assertThat(err.toString()).contains("calls of the policy openai:" + server.url() + "/v1/completions "
                + "model=prover-7b template=").contains("logprobs=true max-n=0 to its workers offering it")
                .containsPattern("gpu [1-9][0-9]* answers");
        assertThat(server.received()).as("every call went through the worker's policy").hasSize(2)
                .allSatisfy(request -> assertThat(request.prompt()).startsWith("-- Complete the proof.\n"));
        try (Store store = Store.open(tmp.resolve("s.db"))) {
            assertThat(store.proofs()).singleElement()
                    .satisfies(proof -> assertThat(proof.proof().proof()).isEqualTo("by decide"));
        }
    }
}
