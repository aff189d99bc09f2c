package dev.leanforge.loop.cluster;

import dev.leanforge.loop.campaign.Ticker;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.pool.PoolConfig;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.app.CheckerVerticle;
import dev.leanforge.loop.policy.PolicyIdentity;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker with the scripted Lean stand-in (a test double, not Lean): it answers leases with verdicts, refuses beyond
 * its capacity and for another pinned Lean, says hello, and serves a {@link WorkerLeases} end to end.
 */
class WorkerVerticleTest {

    private static final String VERSION = "stand-in (test double)";

    @TempDir
    Path tmp;

    private Vertx vertx;
    private final List<WorkerHello> hellos = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        vertx = LocalBus.vertx();
        vertx.eventBus().<WorkerHello>consumer(WorkerHello.ADDRESS, m -> hellos.add(m.body()));
        Path rules = StandInRules.create()
                .rule(r -> r.match("theorem slow").axioms().delayMs(400))
                .rule(r -> r.match("by decide").axioms())
                .otherwise(r -> r.error("simp made no progress", "simp"))
                .writeTo(tmp);
        CheckerVerticle.Settings lean = new CheckerVerticle.Settings(
                ServerCommand.shell(StandInCommand.forRules(rules), tmp),
                PoolConfig.builder().workers(1).queueCapacity(4).checkTimeout(Duration.ofSeconds(30)).build(),
                Duration.ofSeconds(30), 1);
        await(vertx.deployVerticle(new WorkerVerticle(new WorkerVerticle.Settings("w1", lean, VERSION,
                Duration.ofMillis(200)))));
    }

    @AfterEach
    void stop() throws Exception {
        await(vertx.close());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private Future<Message<Verdict>> lease(String id, LeaseKind kind, String theorem, String proof,
            Optional<String> pinned) {
        CheckTask task = task(theorem, proof);
        return vertx.eventBus().request(WorkerHello.addressOf("w1"), task,
                new LeaseRequest(id, kind, task, pinned, Duration.ofSeconds(20)).options(30_000));
    }

    private static CheckTask task(String theorem, String proof) {
        return new CheckTask("-- test", theorem, "theorem " + theorem + " : True :=", proof);
    }

    @Test
    void answersLeasesWithVerdictsAndTheLeaseId() throws Exception {
        Message<Verdict> proved = await(lease("l1", LeaseKind.CHECK, "t", "by decide", Optional.of(VERSION)));
        assertThat(proved.body().status()).as(proved.body().toString()).isEqualTo(Verdict.Status.PROVED);
        assertThat(proved.headers().get(LeaseRequest.LEASE_ID)).isEqualTo("l1");
        Message<Verdict> failed = await(lease("l2", LeaseKind.RECHECK, "t", "by simp", Optional.empty()));
        assertThat(failed.body().status()).isEqualTo(Verdict.Status.FAILED);
        LocalBus.until("a hello counting both", () -> hellos.stream().anyMatch(h -> h.checksDone() == 2));
        WorkerHello hello = hellos.get(hellos.size() - 1);
        assertThat(hello).extracting(WorkerHello::workerId, WorkerHello::warmCapacity, WorkerHello::freshCapacity,
                WorkerHello::leanVersion).containsExactly("w1", 1, 1, VERSION);
    }

    @Test
    void refusesBeyondItsCapacity() throws Exception {
        Future<Message<Verdict>> slow = lease("l1", LeaseKind.CHECK, "slow", "by decide", Optional.empty());
        Future<Message<Verdict>> second = lease("l2", LeaseKind.CHECK, "t", "by decide", Optional.empty());
        assertThat(second.toCompletionStage().toCompletableFuture()).failsWithin(Duration.ofSeconds(30))
                .withThrowableThat().havingRootCause().isInstanceOfSatisfying(ReplyException.class, e -> {
                    assertThat(Refusal.of(e)).contains(Refusal.BUSY);
                    assertThat(e.getMessage()).contains("worker w1 has all 1 warm slots taken");
                });
        assertThat(await(slow).body().status()).isEqualTo(Verdict.Status.PROVED);
    }

    @Test
    void refusesACampaignThatPinsAnotherLean() {
        assertThat(lease("l1", LeaseKind.CHECK, "t", "by decide", Optional.of("leanprover/lean4:v4.24.0"))
                .toCompletionStage().toCompletableFuture()).failsWithin(Duration.ofSeconds(30))
                .withThrowableThat().havingRootCause().isInstanceOfSatisfying(ReplyException.class, e -> {
                    assertThat(Refusal.of(e)).contains(Refusal.VERSION_MISMATCH);
                    assertThat(e.getMessage()).startsWith("worker w1 runs Lean " + VERSION
                            + "; the campaign pins 4.24.0. Install 4.24.0 there");
                });
    }

    @Test
    void servesAWorkerLeases() throws Exception {
        WorkerLeases service = await(WorkerLeases.start(vertx, new WorkerLeases.Settings("test",
                Optional.of(VERSION), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMillis(100)), Ticker.system()));
        List<Future<Verdict>> checks = List.of(service.check(task("a", "by decide")),
                service.check(task("b", "by simp")),
                service.recheck(task("c", "by decide")));
        assertThat(await(Future.all(checks)).<Verdict>list()).extracting(Verdict::status)
                .containsExactly(Verdict.Status.PROVED, Verdict.Status.FAILED, Verdict.Status.PROVED);
        // checksDone is the worker's own count from its latest hello (every 200 ms): wait for one after the third.
        LocalBus.until("a hello counting all three checks",
                () -> service.snapshot().workers().stream().anyMatch(w -> w.checksDone() == 3));
        assertThat(service.snapshot().workers()).singleElement().satisfies(w -> {
            assertThat(w.id()).isEqualTo("w1");
            assertThat(w.checksDone()).isEqualTo(3);
            assertThat(w.state()).isEqualTo(ClusterSnapshot.State.UP);
        });
        await(service.close());
    }

    @Test
    void versionsCompareHoweverTheyAreWritten() {
        assertThat(LeanVersions.same("leanprover/lean4:v4.24.0", "Lean (version 4.24.0, x86_64-unknown-linux-gnu, "
                + "commit abc, Release)")).isTrue();
        assertThat(LeanVersions.same("v4.24.0", "4.24.0")).isTrue();
        assertThat(LeanVersions.same("4.24.0", "4.19.0")).isFalse();
    }

    /** A policy that answers "by decide #SEED" on a thread that is not an event loop, and fails on "boom". */
    private static final class EchoPolicy implements dev.leanforge.loop.policy.Policy {
        final java.util.concurrent.atomic.AtomicBoolean onEventLoop = new java.util.concurrent.atomic.AtomicBoolean();
        final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

        @Override
        public List<Completion> complete(String prompt, SamplingParams params) {
            if (io.vertx.core.Context.isOnEventLoopThread()) {
                onEventLoop.set(true);
            }
            if (prompt.contains("boom")) {
                throw new IllegalStateException("no rule for boom");
            }
            return List.of(new Completion("by decide #" + params.seed(), -0.5));
        }

        @Override
        public String describe() {
            return "echo";
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    @Test
    void aPolicyOnlyWorkerServesPolicyCallsOnWorkerThreads() throws Exception {
        EchoPolicy policy = new EchoPolicy();
        String id = await(vertx.deployVerticle(new WorkerVerticle(new WorkerVerticle.Settings("p1", null, "none",
                Duration.ofMillis(200), Optional.of(new WorkerVerticle.PolicyOffer(PolicyIdentity.of("echo:1"), policy, 2))))));
        LocalBus.until("p1's hello", () -> hellos.stream().anyMatch(h -> h.workerId().equals("p1")));
        assertThat(hellos.stream().filter(h -> h.workerId().equals("p1")).findFirst().orElseThrow())
                .satisfies(h -> {
                    assertThat(h.policyCapacity()).isEqualTo(2);
                    assertThat(h.policyDescription()).isEqualTo("echo:1");
                    assertThat(h.policyIdentity()).isEqualTo("echo:1");
                    assertThat(h.warmCapacity() + h.freshCapacity()).isZero();
                });
        WorkerLeases service = await(WorkerLeases.start(vertx, new WorkerLeases.Settings("test",
                Optional.of(VERSION), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMillis(100))
                .withPolicy("echo:1", Duration.ofSeconds(60)), Ticker.system()));
        dev.leanforge.loop.policy.Policy.SamplingParams params = new dev.leanforge.loop.policy.Policy.SamplingParams(
                1, 0.0, 1.0, 0, 64, List.of(), 42);
        assertThat(await(service.complete(new dev.leanforge.loop.bus.PolicyRequest("theorem t", params)))
                .completions()).extracting(dev.leanforge.loop.policy.Policy.Completion::text)
                .containsExactly("by decide #42");
        assertThat(service.complete(new dev.leanforge.loop.bus.PolicyRequest("boom", params))
                .toCompletionStage().toCompletableFuture()).failsWithin(Duration.ofSeconds(30))
                .withThrowableThat().havingRootCause()
                .isInstanceOf(dev.leanforge.loop.bus.PolicyFailedException.class)
                .withMessageContaining("echo failed: no rule for boom");
        // And its Lean checks still go to w1, the worker with Lean (p1 offers none and runs no Lean version).
        assertThat(await(service.check(task("a", "by decide"))).status()).isEqualTo(Verdict.Status.PROVED);
        assertThat(policy.onEventLoop).as("the policy never runs on an event loop").isFalse();
        await(service.close());
        await(vertx.undeploy(id));
        assertThat(policy.closed).as("closed with the worker").isTrue();
    }
}
