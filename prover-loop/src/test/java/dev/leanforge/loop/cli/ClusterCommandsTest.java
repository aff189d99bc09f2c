package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.bridge.pool.PoolConfig;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.loop.app.CheckerVerticle;
import dev.leanforge.loop.app.StrictVertx;
import dev.leanforge.loop.bus.BusCodecs;
import dev.leanforge.loop.campaign.TinySets;
import dev.leanforge.loop.cluster.WorkerVerticle;
import dev.leanforge.loop.store.Store;
import dev.leanforge.trainer.device.Compute;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code campaign run --cluster} and {@code star run --cluster} as commands, in one JVM: the command's Vert.x
 * instance (made by the test, not clustered) also hosts a {@link WorkerVerticle} with the scripted Lean stand-in (a
 * test double), so the leases cross its local event bus. The clustered event bus itself: ClusterCampaignTest.
 */
class ClusterCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = "stand-in (test double)";

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<StrictVertx> instances = new ArrayList<>();

    @BeforeAll
    static void oneComputeThread() {
        Compute.configureThreads(1, 0); // as StarRunCommandTest: PyTorch's threads are fixed per JVM
    }

    @AfterEach
    void close() throws Exception {
        for (StrictVertx strict : instances) {
            strict.close();
            assertThat(strict.blockedThreads()).isEmpty();
        }
    }

    /** A strict Vert.x with a worker whose Lean is the stand-in with {@code rules}. */
    private Vertx withWorker(Path rules) {
        StrictVertx strict = StrictVertx.create();
        instances.add(strict);
        Vertx vertx = strict.vertx();
        BusCodecs.register(vertx);
        CheckerVerticle.Settings lean = new CheckerVerticle.Settings(
                ServerCommand.shell(StandInCommand.forRules(rules), tmp),
                PoolConfig.builder().workers(2).queueCapacity(2).checkTimeout(Duration.ofSeconds(30)).build(),
                Duration.ofSeconds(30), 1);
        try {
            vertx.deployVerticle(new WorkerVerticle(new WorkerVerticle.Settings("w1", lean, VERSION,
                    Duration.ofMillis(200)))).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return vertx;
    }

    private int run(CommandLine.IFactory factory, List<String> args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return LeanforgeCli.commandLine(factory).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args.toArray(String[]::new));
    }

    private Path tinySet() {
        Map<String, String> theorems = new LinkedHashMap<>();
        theorems.put("t0", ": 0 = 0");
        theorems.put("t1", ": 1 = 1");
        theorems.put("t2", ": 2 = 2");
        return TinySets.write(tmp.resolve("theorems"), "tiny", theorems);
    }

    private List<String> campaign(String... more) throws Exception {
        tinySet();
        Path policy = Files.writeString(tmp.resolve("policy.yaml"), """
                rules:
                  - match: 'theorem t[02]\\b'
                    completions: [by rfl]
                default: [by simp]
                """);
        List<String> args = new ArrayList<>(List.of("campaign", "run", "--set", "tiny", "--theorems-dir",
                tmp.resolve("theorems").toString(), "--policy", "scripted:" + policy, "--store",
                tmp.resolve("store.db").toString(), "--samples", "2", "--in-flight", "2", "--lean-version", VERSION,
                "--progress", "false", "--json", "--cluster", "127.0.0.1:5701", "--cluster-name", "unit"));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void aCampaignRunsOnTheWorkersAndNeedsNoLeanOfItsOwn() throws Exception {
        Path rules = StandInRules.create().rule(r -> r.match("by rfl").axioms())
                .otherwise(r -> r.error("simp made no progress", "simp")).writeTo(tmp);
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == CampaignRunCommand.class ? type.cast(new CampaignRunCommand(() -> withWorker(rules)))
                        : CommandLine.defaultFactory().create(type);
            }
        };
        // No --server-cmd, no toolchain on this machine: nothing here looks for Lean.
        assertThat(run(factory, campaign("--no-install"))).as(err.toString()).isZero();
        JsonNode summary = JSON.readTree(out.toString());
        assertThat(summary.get("attempts").asInt()).isEqualTo(4);
        assertThat(summary.get("solved").asInt()).isEqualTo(2);
        assertThat(err.toString()).contains("coordinating cluster \"unit\"", "the campaign pins Lean " + VERSION,
                "workers of cluster \"unit\": w1 6 answers, 0 failures, 0 lost leases, 0 late answers ignored (up)");
        try (Store store = Store.open(tmp.resolve("store.db"))) {
            assertThat(store.proofs()).extracting(p -> p.proof().leanVersion()).containsOnly(VERSION);
        }
    }

    @Test
    void aServerCmdIsRefusedWithCluster() throws Exception {
        assertThat(run(CommandLine.defaultFactory(), campaign("--server-cmd", "lean --server"))).isEqualTo(2);
        assertThat(err.toString()).contains("with --cluster Lean runs on the workers: give --server-cmd (and "
                + "--lean-version) to `leanforge worker` instead");
    }

    @Test
    void aStarRunSearchesAndEvaluatesOnTheWorkers() throws Exception {
        Path rules = StandInRules.create()
                .rule(r -> r.match("theorem t_crash ").crash())
                .rule(r -> r.match("theorem t_hang ").hang())
                .rule(r -> r.match(":= by decide\\s*\\n\\n#print axioms").axioms())
                .otherwise(r -> r.error("unknown tactic"))
                .writeTo(tmp);
        Path theoremsDir = Path.of(Objects.requireNonNull(getClass().getResource("/theorems/star-tiny/manifest.json"))
                .toURI()).getParent().getParent();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == StarRunCommand.class ? type.cast(new StarRunCommand(() -> withWorker(rules),
                        new dev.leanforge.loop.star.StarListener() {}))
                        : CommandLine.defaultFactory().create(type);
            }
        };
        List<String> args = List.of("star", "run", "--set", "star-tiny", "--theorems-dir", theoremsDir.toString(),
                "--store", tmp.resolve("store.db").toString(), "--run-dir", tmp.resolve("run").toString(),
                "--lean-version", VERSION, "--project-dir", tmp.toString(), "--timeout", "2", "--retries", "0",
                "--max-tokens", "6", "--vocab", "300", "--model-layers", "1", "--model-heads", "2", "--model-width",
                "32", "--model-context", "64", "--batch-size", "4", "--warmup", "0", "--sft-lr", "1e-2",
                "--save-every", "10", "--progress", "false", "--rounds", "1", "--base-sft-steps", "5",
                "--sft-steps", "5", "--samples", "1", "--cluster", "127.0.0.1:5701", "--cluster-name", "unit");
        assertThat(run(factory, args)).as(err.toString()).isZero();
        assertThat(err.toString()).contains("coordinating cluster \"unit\"").containsPattern("w1 [1-9][0-9]* answers");
        try (Store store = Store.open(tmp.resolve("store.db"))) {
            assertThat(store.campaigns()).as("round 0's evaluation and round 1's campaigns ran").isNotEmpty();
        }
    }
}
