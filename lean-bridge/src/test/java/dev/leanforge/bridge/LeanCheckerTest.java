package dev.leanforge.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.pool.PoolClosedException;
import dev.leanforge.bridge.pool.PoolConfig;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.bridge.soundness.SourcePolicy;
import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.bridge.verdict.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bridge's entry class against the stand-in (a test double that elaborates nothing, answering from rules). */
class LeanCheckerTest {

    private static final String HEADER = "-- header";

    @TempDir
    Path tmp;

    private static StandInRules rules() {
        return StandInRules.create()
                .rule(r -> r.match("by trivial").axioms())
                .rule(r -> r.match("by simp").error("unsolved goals\n⊢ False", "by simp").axioms())
                .rule(r -> r.match("intro h").goals("intro h", "p : Prop\nh : p\n⊢ p"));
    }

    private ServerCommand standIn(Path received) {
        return ServerCommand.shell(StandInCommand.forRules(rules().writeTo(tmp), received), tmp);
    }

    private static CheckTask task(String name, String proof) {
        return new CheckTask(HEADER, name, "theorem " + name + " : 1 + 1 = 2 :=", proof);
    }

    @Test
    void checksOnTheWarmPoolAndRechecksInFreshProcesses() throws IOException {
        Path received = tmp.resolve("received.jsonl");
        try (LeanChecker lean = LeanChecker.builder().server(standIn(received)).workers(1)
                .timeout(Duration.ofSeconds(20)).build()) {
            assertThat(lean.check(task("t1", "by trivial")).join()).isInstanceOf(Verdict.Proved.class);
            assertThat(lean.check(task("t2", "by simp")).join()).isInstanceOfSatisfying(Verdict.Failed.class,
                    v -> assertThat(v.reason()).contains("unsolved goals"));
            assertThat(initializes(received)).as("one warm server for both checks").isEqualTo(1);

            assertThat(lean.recheck(task("t1", "by trivial")).join()).isInstanceOf(Verdict.Proved.class);
            assertThat(lean.recheck(task("t2", "by simp")).join()).isInstanceOf(Verdict.Failed.class);
            assertThat(initializes(received)).as("a new server per recheck").isEqualTo(3);

            LeanChecker.Metrics metrics = lean.metrics();
            assertThat(metrics.rechecks()).isEqualTo(2);
            assertThat(metrics.refused()).isZero();
            assertThat(metrics.pool().verdicts(Verdict.Status.PROVED)).isEqualTo(1);
            assertThat(metrics.pool().verdicts(Verdict.Status.FAILED)).isEqualTo(1);
            assertThat(lean.recheckTimeout()).as("the check timeout by default").isEqualTo(Duration.ofSeconds(20));
        }
    }

    @Test
    void goalStatesComeFromThePoolAndARefusedPrefixIsAnsweredHere() throws IOException {
        Path received = tmp.resolve("received.jsonl");
        try (LeanChecker lean = LeanChecker.builder().server(standIn(received)).workers(1).build()) {
            CheckTask prefix = new CheckTask(HEADER, "id_p", "theorem id_p (p : Prop) : p → p :=", "by\n  intro h");
            assertThat(lean.goals(prefix).join()).isInstanceOfSatisfying(GoalAnswer.State.class,
                    s -> assertThat(s.state().goals()).singleElement()
                            .satisfies(g -> assertThat(g.target()).isEqualTo("p")));
            CheckTask refused = new CheckTask(HEADER, "id_p", prefix.statement(), "by\n  intro h\n  sorry");
            assertThat(lean.goals(refused).join()).isInstanceOfSatisfying(GoalAnswer.Rejected.class,
                    r -> assertThat(r.reason()).contains("sorry"));
            assertThat(lean.metrics().pool().goalStates()).isEqualTo(1);
            assertThat(lean.metrics().refused()).isEqualTo(1);
        }
        assertThat(Files.readAllLines(received).stream().filter(l -> l.contains("$/lean/plainGoal")).count())
                .isEqualTo(1);
    }

    @Test
    void aPolicyRefusalNeverStartsLean() {
        // A server command that could never start: a refusal must not need one.
        ServerCommand broken = ServerCommand.shell("echo started >> started.txt; exit 127", tmp);
        try (LeanChecker lean = LeanChecker.builder().server(broken).workers(1).build()) {
            assertThat(lean.check(task("t", "by sorry")).join()).isInstanceOfSatisfying(Verdict.Rejected.class,
                    v -> assertThat(v.reason()).contains("sorry"));
            assertThat(lean.recheck(task("t", "by sorry")).join()).isInstanceOf(Verdict.Rejected.class);
            CheckTask evalPrefix = new CheckTask(HEADER, "t", "theorem t : True :=", "by\n  run_tac pure ()");
            assertThat(lean.goals(evalPrefix).join()).isInstanceOf(GoalAnswer.Rejected.class);
            assertThat(lean.metrics().poolStarted()).as("the pool was never started").isFalse();
            assertThat(lean.metrics().pool().checksCompleted()).isZero();
            assertThat(lean.metrics().refused()).isEqualTo(3);
        }
        assertThat(tmp.resolve("started.txt")).doesNotExist();
    }

    @Test
    void theBuilderAppliesThePolicyItIsGivenToBothTiers() {
        ServerCommand broken = ServerCommand.shell("exit 127", tmp);
        try (LeanChecker lean = LeanChecker.builder().server(broken).workers(1)
                .policy(SourcePolicy.standard().allowing("sorry")).build()) {
            assertThat(lean.recheck(task("t", "by sorry")).join()).as("allowed, so Lean was asked (and failed)")
                    .isInstanceOf(Verdict.Crashed.class);
        }
    }

    @Test
    void closingRefusesFurtherWorkAndStopsTheServers() throws Exception {
        Path received = tmp.resolve("received.jsonl");
        LeanChecker lean = LeanChecker.builder().server(standIn(received)).workers(1).build();
        lean.ready().join();
        lean.close();
        lean.close(); // again: same outcome
        assertThatThrownBy(() -> lean.check(task("t", "by trivial")).join())
                .as("a CancellationException, as the pool's own").isInstanceOf(PoolClosedException.class);
        assertThatThrownBy(() -> lean.recheck(task("t", "by trivial")).join())
                .isInstanceOf(PoolClosedException.class);
        assertThatThrownBy(() -> lean.goals(task("t", "by\n  intro h")).join())
                .isInstanceOf(PoolClosedException.class);
        List<String> methods = Files.readAllLines(received);
        assertThat(methods).anySatisfy(l -> assertThat(l).contains("\"shutdown\""));
    }

    @Test
    void closingFailsRechecksNotYetBegunAndLetsTheRunningOneFinish() throws Exception {
        // A server that never answers initialize: each recheck takes its start-up allowance, then is CRASHED.
        ServerCommand silent = ServerCommand.shell("exec sleep 30", tmp);
        LeanChecker lean = LeanChecker.builder().server(silent).recheckThreads(1)
                .startupTimeout(Duration.ofSeconds(2)).build();
        CompletableFuture<Verdict> running = lean.recheck(task("t1", "by trivial"));
        CompletableFuture<Verdict> waiting = lean.recheck(task("t2", "by trivial"));
        for (int i = 0; i < 500 && lean.metrics().rechecksInFlight() != 2; i++) {
            Thread.sleep(10);
        }
        lean.close();
        assertThatThrownBy(waiting::join).isInstanceOf(PoolClosedException.class);
        assertThat(running.get(30, TimeUnit.SECONDS)).isInstanceOf(Verdict.Crashed.class);
        assertThat(lean.metrics().poolStarted()).as("rechecks start no warm server").isFalse();
    }

    @Test
    void builderSettingsOverrideAFullPoolConfigAndAreValidated() {
        ServerCommand broken = ServerCommand.shell("exit 127", tmp);
        PoolConfig base = PoolConfig.builder().workers(1).queueCapacity(7).recycleAfterChecks(3).build();
        try (LeanChecker lean = LeanChecker.builder().server(broken).pool(base)
                .timeout(Duration.ofSeconds(5)).build()) {
            assertThat(lean.poolConfig().queueCapacity()).isEqualTo(7);
            assertThat(lean.poolConfig().recycleAfterChecks()).isEqualTo(3);
            assertThat(lean.poolConfig().checkTimeout()).isEqualTo(Duration.ofSeconds(5));
        }
        assertThatThrownBy(() -> LeanChecker.builder().server(broken).workers(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workers must be at least 1");
        assertThatThrownBy(() -> LeanChecker.builder().workers(1).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("server");
    }

    private static long initializes(Path received) throws IOException {
        return Files.readAllLines(received).stream().filter(l -> l.contains("\"initialize\"")).count();
    }
}
