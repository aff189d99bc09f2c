package dev.leanforge.bridge.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.bridge.session.LeanWorker;
import dev.leanforge.bridge.soundness.SourcePolicy;
import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.bridge.verdict.Verdict.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool over real processes: LeanWorkers talking LSP to the scripted stand-in (a test double, not Lean). */
class CheckerPoolStandInTest {

    private static final String HEADER = "import Std";

    @TempDir
    Path tmp;

    private LeanWorkerFactory standIns(StandInRules rules) {
        return new LeanWorkerFactory(ServerCommand.shell(StandInCommand.forRules(rules.writeTo(tmp)), tmp));
    }

    private static CheckTask task(String name, String proof) {
        return new CheckTask(HEADER, name, "theorem " + name + " : 1 + 1 = 2 :=", proof);
    }

    private static StandInRules rules() {
        return StandInRules.create()
                .rule(r -> r.match("by trivial").axioms())
                .rule(r -> r.match("by simp").error("unsolved goals\n⊢ False", "by simp").axioms())
                .rule(r -> r.match("by decide").crash())
                .rule(r -> r.match("by rfl").hang())
                .rule(r -> r.match("by norm_num").grow(400).axioms());
    }

    @Test
    void twoWorkersAnswerAMixAndReplaceCrashedAndTimedOutServers() {
        PoolConfig config = PoolConfig.builder().workers(2).checkTimeout(Duration.ofSeconds(3)) // roomy: a loaded 2-core CI machine starts stand-in JVMs slowly
                .retryCrashOnce(true).build();
        try (CheckerPool pool = CheckerPool.start(config, standIns(rules()))) {
            List<CompletableFuture<Verdict>> proved = Stream.of("p1", "p2", "p3")
                    .map(n -> pool.check(task(n, "by trivial"))).toList();
            List<CompletableFuture<Verdict>> failed = Stream.of("f1", "f2")
                    .map(n -> pool.check(task(n, "by simp"))).toList();
            CompletableFuture<Verdict> crash = pool.check(task("c1", "by decide"));
            CompletableFuture<Verdict> hang = pool.check(task("h1", "by rfl"));
            CompletableFuture<Verdict> afterAll = pool.check(task("p4", "by trivial"));

            assertThat(proved).allSatisfy(f -> assertThat(f.join()).isInstanceOf(Verdict.Proved.class));
            assertThat(failed).allSatisfy(f -> assertThat(f.join()).isInstanceOfSatisfying(Verdict.Failed.class,
                    v -> assertThat(v.reason()).contains("unsolved goals")));
            assertThat(crash.join()).isInstanceOf(Verdict.Crashed.class);
            assertThat(hang.join()).isInstanceOfSatisfying(Verdict.Timeout.class,
                    t -> assertThat(t.limit()).isEqualTo(Duration.ofSeconds(3)));
            assertThat(afterAll.join()).isInstanceOf(Verdict.Proved.class);

            PoolMetrics metrics = pool.metrics();
            assertThat(metrics.verdicts(Status.PROVED)).isEqualTo(4);
            assertThat(metrics.verdicts(Status.FAILED)).isEqualTo(2);
            assertThat(metrics.verdicts(Status.CRASHED)).isEqualTo(1);
            assertThat(metrics.verdicts(Status.TIMEOUT)).isEqualTo(1);
            // The crash was retried once on a fresh server and crashed again: two crash restarts, one answer.
            assertThat(metrics.crashRetries()).isEqualTo(1);
            assertThat(metrics.restarts(RestartCause.CRASH)).isEqualTo(2);
            assertThat(metrics.restarts(RestartCause.TIMEOUT)).isEqualTo(1);
            assertThat(metrics.restarts(RestartCause.MEMORY)).isZero();
        }
    }

    @Test
    void aServerThatGrowsOverTheMemoryLimitIsReplacedAfterItsCheck() {
        // The stand-in JVM starts well under 200 MiB; each `grow` check keeps 400 MiB more.
        PoolConfig config = PoolConfig.builder().workers(1).memoryLimitBytes(600L * 1024 * 1024)
                .memoryCheckInterval(Duration.ZERO).build();
        try (CheckerPool pool = CheckerPool.start(config, standIns(rules()))) {
            assertThat(pool.check(task("g1", "by norm_num")).join()).isInstanceOf(Verdict.Proved.class);
            assertThat(pool.metrics().restarts(RestartCause.MEMORY)).isZero();
            assertThat(pool.check(task("g2", "by norm_num")).join()).isInstanceOf(Verdict.Proved.class);
            assertThat(pool.check(task("p1", "by trivial")).join()).isInstanceOf(Verdict.Proved.class);
            assertThat(pool.metrics().restarts(RestartCause.MEMORY)).isEqualTo(1);
            assertThat(pool.metrics().totalRestarts()).isEqualTo(1);
        }
    }

    @Test
    void eachHeaderStaysOnTheWorkerWhoseDocumentForItIsWarm() throws IOException {
        Path received = tmp.resolve("received.jsonl");
        ServerCommand command = ServerCommand.shell(StandInCommand.forRules(rules().writeTo(tmp), received), tmp);
        // One open document per server: a check with the other header on the same server would reopen it.
        LeanWorker.Settings oneDocument = new LeanWorker.Settings(Duration.ofMinutes(1), 1, SourcePolicy.standard());
        PoolConfig config = PoolConfig.builder().workers(2).memoryCheckInterval(Duration.ofDays(1)).build();
        try (CheckerPool pool = CheckerPool.start(config, new LeanWorkerFactory(command, oneDocument))) {
            pool.ready().join();
            // Not alternating: routing to the worker idle longest alone would then look like affinity.
            String headers = "AABBAB";
            for (int i = 0; i < headers.length(); i++) {
                String header = "-- header " + headers.charAt(i);
                CheckTask task = new CheckTask(header, "t" + i, "theorem t" + i + " : 1 + 1 = 2 :=", "by trivial");
                assertThat(pool.check(task).join()).isInstanceOf(Verdict.Proved.class);
            }
        }
        long opens = Files.readAllLines(received).stream().filter(line -> line.contains("\"textDocument/didOpen\""))
                .count();
        assertThat(opens).isEqualTo(2);
    }

    @Test
    void goalStatesComeFromTheWarmServerOfChecksAndARefusedPrefixNeverReachesIt() throws IOException {
        Path received = tmp.resolve("received.jsonl");
        StandInRules rules = rules().rule(r -> r.match("intro h").goals("intro h", "p : Prop\nh : p\n⊢ p"));
        ServerCommand command = ServerCommand.shell(StandInCommand.forRules(rules.writeTo(tmp), received), tmp);
        PoolConfig config = PoolConfig.builder().workers(1).build();
        try (CheckerPool pool = CheckerPool.start(config, new LeanWorkerFactory(command))) {
            CheckTask prefix = new CheckTask(HEADER, "id_p", "theorem id_p (p : Prop) : p → p :=", "by\n  intro h");
            assertThat(pool.goals(prefix).join()).isInstanceOfSatisfying(GoalAnswer.State.class, s -> {
                assertThat(s.state().goals()).singleElement().satisfies(g -> assertThat(g.target()).isEqualTo("p"));
                assertThat(s.state().errors()).isEmpty();
            });
            long plainGoals = plainGoalRequests(received);
            CheckTask refused = new CheckTask(HEADER, "id_p", prefix.statement(), "by\n  intro h\n  sorry");
            assertThat(pool.goals(refused).join()).isInstanceOfSatisfying(GoalAnswer.Rejected.class,
                    r -> assertThat(r.reason()).contains("sorry"));
            assertThat(pool.check(task("p1", "by trivial")).join()).isInstanceOf(Verdict.Proved.class);
            assertThat(plainGoalRequests(received)).as("the refused prefix asked Lean nothing").isEqualTo(plainGoals);
            assertThat(pool.metrics().goalStates()).isEqualTo(2);
        }
        long opens = Files.readAllLines(received).stream().filter(line -> line.contains("\"textDocument/didOpen\""))
                .count();
        assertThat(opens).as("checks and goal states share the header's warm document").isEqualTo(1);
    }

    private static long plainGoalRequests(Path received) throws IOException {
        return Files.readAllLines(received).stream().filter(line -> line.contains("$/lean/plainGoal")).count();
    }

    @Test
    void aServerIsRecycledAfterItsQuotaOfChecks() {
        PoolConfig config = PoolConfig.builder().workers(1).recycleAfterChecks(2).build();
        try (CheckerPool pool = CheckerPool.start(config, standIns(rules()))) {
            for (int i = 0; i < 5; i++) {
                assertThat(pool.check(task("p" + i, "by trivial")).join()).isInstanceOf(Verdict.Proved.class);
            }
            assertThat(pool.metrics().restarts(RestartCause.RECYCLE)).isEqualTo(2);
        }
    }
}
