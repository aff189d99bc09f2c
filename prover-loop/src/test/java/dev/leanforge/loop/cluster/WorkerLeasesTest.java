package dev.leanforge.loop.cluster;

import dev.leanforge.loop.campaign.Ticker;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.bus.BusFailure;
import dev.leanforge.loop.bus.PolicyFailedException;
import dev.leanforge.loop.bus.PolicyReply;
import dev.leanforge.loop.bus.PolicyRequest;
import dev.leanforge.loop.policy.Policy;
import dev.leanforge.loop.policy.PolicyIdentity;
import dev.leanforge.loop.policy.openai.OpenAiOptions;
import dev.leanforge.loop.policy.openai.OpenAiPolicy;
import dev.leanforge.loop.policy.openai.PromptTemplate;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's side of leasing, against fake workers on a local event bus; time is a fake {@link Ticker} and
 * sweeps are asked for, so nothing waits for time to pass.
 */
class WorkerLeasesTest {

    private static final Duration CHECK_DEADLINE = Duration.ofSeconds(60);
    private static final Duration WORKER_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration NO_WORKER_WAIT = Duration.ofSeconds(120);
    private static final Duration POLICY_DEADLINE = Duration.ofSeconds(600);
    private static final String POLICY = "scripted:/rules/campaign.yaml";

    private Vertx vertx;
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private WorkerLeases service;
    private final List<FakeWorker> workers = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        vertx = LocalBus.vertx();
        service = start(Optional.of("4.24.0"));
    }

    private WorkerLeases start(Optional<String> pinned) throws Exception {
        return start(pinned, PolicyIdentity.of(POLICY));
    }

    private WorkerLeases start(Optional<String> pinned, PolicyIdentity policy) throws Exception {
        WorkerLeases.Settings settings = new WorkerLeases.Settings("test", pinned,
                CHECK_DEADLINE.minusSeconds(5), CHECK_DEADLINE.multipliedBy(2), Duration.ofSeconds(5), WORKER_TIMEOUT,
                NO_WORKER_WAIT, Duration.ofHours(1)).withPolicy(policy, POLICY_DEADLINE.minusSeconds(5));
        return await(WorkerLeases.start(vertx, settings, now::get));
    }

    @AfterEach
    void stop() throws Exception {
        await(service.close());
        await(vertx.close());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    private static CheckTask task(String name) {
        return new CheckTask("import Lean", name, ": True", "by trivial");
    }

    private static Verdict proved() {
        return new Verdict.Proved(List.of(), List.of(), Duration.ofMillis(5));
    }

    private static Verdict failed(String why) {
        return new Verdict.Failed(why, List.of(), List.of(), List.of(), Duration.ofMillis(5));
    }

    /** A worker that holds on to its leases (and policy calls, if it offers the policy) until the test answers. */
    private final class FakeWorker {
        final String id;
        final int warm;
        final int fresh;
        final String version;
        final int policySlots;
        final List<Message<CheckTask>> received = new CopyOnWriteArrayList<>();
        final List<Message<PolicyRequest>> policyCalls = new CopyOnWriteArrayList<>();
        final MessageConsumer<CheckTask> consumer;

        FakeWorker(String id, int warm, int fresh, String version) throws Exception {
            this(id, warm, fresh, version, 0);
        }

        /** Lean and {@code policySlots} slots of the campaign's policy. */
        FakeWorker(String id, int warm, int fresh, String version, int policySlots) throws Exception {
            this.id = id;
            this.warm = warm;
            this.fresh = fresh;
            this.version = version;
            this.policySlots = policySlots;
            consumer = vertx.eventBus().consumer(WorkerHello.addressOf(id), received::add);
            await(consumer.completion());
            if (policySlots > 0) {
                await(vertx.eventBus().<PolicyRequest>consumer(WorkerHello.policyAddressOf(id), policyCalls::add)
                        .completion());
            }
            workers.add(this);
        }

        int hellos;

        /** Says hello and waits until the service heard it (no sweep). */
        void hello() throws Exception {
            vertx.eventBus().publish(WorkerHello.ADDRESS,
                    new WorkerHello(id, WorkerHello.addressOf(id), warm, fresh, version, 0, 0, policySlots,
                            PolicyIdentity.of(policySlots > 0 ? POLICY : "")));
            int expected = ++hellos;
            LocalBus.until(id + "'s hello", () -> service.snapshot().workers().stream().anyMatch(w ->
                    w.id().equals(id) && w.hellos() == expected));
        }

        void receives(int n) throws InterruptedException {
            LocalBus.until(id + " receiving " + n + " leases", () -> received.size() >= n);
            assertThat(received).hasSize(n);
        }

        String taskOf(int i) {
            return received.get(i).body().theoremName();
        }
    }

    private FakeWorker worker(String id, int warm) throws Exception {
        FakeWorker w = new FakeWorker(id, warm, 1, "4.24.0");
        w.hello();
        return w;
    }

    /**
     * The snapshot once every call submitted so far has been handled: a worker may receive its lease before the
     * service publishes the snapshot that counts it, and a sweep queued behind the submissions waits for them.
     */
    private ClusterSnapshot settled() throws Exception {
        await(service.sweepNow());
        return service.snapshot();
    }

    /** The worker as of the last published snapshot (polled by {@link LocalBus#until}). */
    private ClusterSnapshot.Worker seen(String id) {
        return service.snapshot().workers().stream().filter(w -> w.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void leasesGoToWorkersWithFreeSlotsOnlyAndTheRestWaitInOrder() throws Exception {
        FakeWorker a = worker("a", 1);
        FakeWorker b = worker("b", 2);
        List<Future<Verdict>> checks = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            checks.add(service.check(task("t" + i)));
        }
        b.receives(2);
        a.receives(1);
        assertThat(settled().queued()).isEqualTo(2);
        assertThat(seen("a").inFlight()).isEqualTo(1);
        assertThat(seen("b").inFlight()).isEqualTo(2);

        a.received.get(0).reply(proved());
        a.receives(2);
        assertThat(a.taskOf(1)).as("the oldest waiting check first").isEqualTo("t3");
        b.received.get(0).reply(failed("no"));
        b.receives(3);
        assertThat(b.taskOf(2)).isEqualTo("t4");
        assertThat(settled().queued()).isZero();

        String first = a.taskOf(0);
        Verdict firstVerdict = await(checks.get(Integer.parseInt(first.substring(1))));
        assertThat(firstVerdict.status()).isEqualTo(Verdict.Status.PROVED);
        assertThat(seen("a").checksDone()).isEqualTo(1);
        assertThat(seen("a").checksPerSecond()).isGreaterThan(0);
    }

    @Test
    void theWorkersAndTheClusterSizeShowOnMetrics() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ClusterMeters.bind(registry, service);
        FakeWorker a = worker("a", 3);
        service.check(task("t"));
        a.receives(1);
        a.received.get(0).reply(proved());
        LocalBus.until("the answer counted", () -> seen("a").checksDone() == 1);
        FakeWorker b = worker("b", 1);
        advance(WORKER_TIMEOUT.plusSeconds(1));
        b.hello();
        await(service.sweepNow());
        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("leanforge_cluster_workers{cluster=\"test\"} 1.0")
                .contains("leanforge_cluster_worker_capacity{cluster=\"test\",worker=\"a\"} 3.0")
                .contains("leanforge_cluster_worker_capacity{cluster=\"test\",worker=\"b\"} 1.0")
                .contains("leanforge_cluster_worker_checks_total{cluster=\"test\",worker=\"a\"} 1.0")
                .contains("leanforge_cluster_worker_up{cluster=\"test\",worker=\"a\"} 0.0")
                .contains("leanforge_cluster_worker_up{cluster=\"test\",worker=\"b\"} 1.0")
                .contains("leanforge_cluster_worker_in_flight{cluster=\"test\",worker=\"b\"} 0.0")
                .contains("leanforge_cluster_worker_lost_leases_total{cluster=\"test\",worker=\"a\"} 0.0")
                .contains("leanforge_cluster_queued{cluster=\"test\"} 0.0");
    }

    @Test
    void rechecksTakeFreshSlotsChecksWarmOnes() throws Exception {
        FakeWorker a = worker("a", 1);
        service.check(task("warm"));
        service.recheck(task("fresh"));
        service.recheck(task("fresh2"));
        a.receives(2);
        assertThat(a.received).extracting(m -> m.headers().get(LeaseRequest.KIND))
                .containsExactlyInAnyOrder("CHECK", "RECHECK");
        assertThat(a.received).allSatisfy(m -> assertThat(m.headers().get(LeaseRequest.PINNED)).isEqualTo("4.24.0"));
        assertThat(a.received).extracting(m -> m.headers().get(LeaseRequest.TIMEOUT_MS))
                .containsExactlyInAnyOrder("55000", "120000");
        assertThat(settled().queued()).isEqualTo(1);
    }

    @Test
    void anExpiredLeaseIsRunElsewhereAndItsLateAnswerIgnored() throws Exception {
        FakeWorker a = worker("a", 1);
        Future<Verdict> check = service.check(task("t"));
        AtomicInteger completions = new AtomicInteger();
        check.onComplete(r -> completions.incrementAndGet());
        a.receives(1);
        FakeWorker b = worker("b", 2);

        advance(CHECK_DEADLINE.plusSeconds(1));
        a.hello(); // both alive: only the lease is past its deadline
        b.hello();
        await(service.sweepNow());

        b.receives(1);
        assertThat(b.taskOf(0)).isEqualTo("t");
        assertThat(a.received.get(0).headers().get(LeaseRequest.LEASE_ID))
                .isNotEqualTo(b.received.get(0).headers().get(LeaseRequest.LEASE_ID));
        // The late answer first, then the current one, from one context: delivered in this order.
        vertx.runOnContext(v -> {
            a.received.get(0).reply(proved());
            b.received.get(0).reply(failed("the current lease's answer"));
        });
        Verdict verdict = await(check);
        assertThat(verdict).isInstanceOf(Verdict.Failed.class);
        assertThat(((Verdict.Failed) verdict).reason()).isEqualTo("the current lease's answer");
        await(service.sweepNow());
        assertThat(completions).hasValue(1);
        assertThat(seen("a").lostLeases()).isEqualTo(1);
        assertThat(seen("a").checksDone()).as("the ignored answer is not counted").isZero();
        assertThat(seen("a").lateAnswers()).isEqualTo(1);
        assertThat(seen("b").checksDone()).isEqualTo(1);
    }

    @Test
    void aWorkerNotHeardFromIsLostAndItsLeasesGoElsewhere() throws Exception {
        FakeWorker a = worker("a", 2);
        Future<Verdict> one = service.check(task("one"));
        Future<Verdict> two = service.check(task("two"));
        a.receives(2);
        FakeWorker b = worker("b", 2);

        advance(WORKER_TIMEOUT.plusSeconds(1));
        b.hello(); // a says nothing any more (kill -9, network cut)
        await(service.sweepNow());

        b.receives(2);
        assertThat(seen("a").state()).isEqualTo(ClusterSnapshot.State.LOST);
        assertThat(seen("a").lostLeases()).isEqualTo(2);
        assertThat(service.snapshot().size()).isEqualTo(1);
        b.received.forEach(m -> m.reply(proved()));
        assertThat(await(one).status()).isEqualTo(Verdict.Status.PROVED);
        assertThat(await(two).status()).isEqualTo(Verdict.Status.PROVED);

        a.hello();
        assertThat(seen("a").state()).as("back at its next hello").isEqualTo(ClusterSnapshot.State.UP);
    }

    @Test
    void aBusyRefusalIsLeasedAgainElsewhere() throws Exception {
        FakeWorker a = worker("a", 1);
        Future<Verdict> check = service.check(task("t"));
        a.receives(1);
        FakeWorker b = worker("b", 1);
        a.received.get(0).fail(Refusal.BUSY.code(), "worker a has all 1 warm slots taken");
        b.receives(1);
        b.received.get(0).reply(proved());
        assertThat(await(check).status()).isEqualTo(Verdict.Status.PROVED);
        assertThat(seen("a").failures()).isEqualTo(1);
    }

    @Test
    void anUndeliverableLeaseMarksTheWorkerDownAndGoesElsewhere() throws Exception {
        FakeWorker gone = worker("gone", 4);
        await(gone.consumer.unregister()); // its process is gone, its hello is still fresh
        FakeWorker b = worker("b", 1);
        Future<Verdict> check = service.check(task("t"));
        b.receives(1);
        assertThat(seen("gone").state()).isEqualTo(ClusterSnapshot.State.DOWN);
        b.received.get(0).reply(proved());
        assertThat(await(check).status()).isEqualTo(Verdict.Status.PROVED);
    }

    @Test
    void aWorkerWithAnotherLeanIsExcludedAndChecksFailClearlyWhenNoneIsLeft() throws Exception {
        FakeWorker old = new FakeWorker("old", 4, 1, "Lean (version 4.19.0, x86_64-unknown-linux-gnu)");
        old.hello();
        assertThat(seen("old").excluded()).containsOnlyKeys(LeaseKind.Family.LEAN);
        assertThat(seen("old").excluded().get(LeaseKind.Family.LEAN).until())
                .isEqualTo(ClusterSnapshot.Exclusion.Until.END_OF_RUN);
        assertThat(seen("old").takesLeases()).isFalse();
        assertThat(service.snapshot().size()).isZero();
        Future<Verdict> check = service.check(task("t"));
        await(service.sweepNow());
        assertThat(old.received).as("never leased to").isEmpty();

        advance(NO_WORKER_WAIT.plusSeconds(1));
        old.hello();
        await(service.sweepNow());
        assertThat(check.toCompletionStage().toCompletableFuture()).failsWithin(Duration.ofSeconds(5))
                .withThrowableThat().havingRootCause()
                .isInstanceOf(WorkerLeases.NoWorkerException.class)
                .withMessageContaining("no worker of cluster \"test\"")
                .withMessageContaining("the campaign pins Lean 4.24.0")
                .withMessageContaining("worker old runs Lean 4.19.0; the campaign pins 4.24.0");
    }

    @Test
    void aVersionMismatchRefusalExcludesTheWorker() throws Exception {
        FakeWorker liar = worker("liar", 1);
        FakeWorker b = worker("b", 1);
        Future<Verdict> check = service.check(task("t"));
        liar.receives(1);
        liar.received.get(0).fail(Refusal.VERSION_MISMATCH.code(), "worker liar runs Lean 4.9.0; ...");
        b.receives(1);
        b.received.get(0).reply(proved());
        assertThat(await(check).status()).isEqualTo(Verdict.Status.PROVED);
        assertThat(seen("liar").excluded()).containsOnlyKeys(LeaseKind.Family.LEAN);
        liar.hello();
        assertThat(seen("liar").excluded()).as("its next hello does not undo it").containsOnlyKeys(LeaseKind.Family.LEAN);
        assertThat(seen("liar").takesLeases()).isFalse();
    }

    @Test
    void aWorkerWhoseLeanKeepsFailingIsExcludedAndTheCheckFailsClearlyWhenNoneIsLeft() throws Exception {
        FakeWorker broken = worker("broken", 1);
        Future<Verdict> check = service.check(task("t"));
        for (int i = 1; i <= WorkerLeases.UNAVAILABLE_BEFORE_EXCLUDED; i++) {
            broken.receives(i);
            broken.received.get(i - 1).fail(Refusal.LEAN_UNAVAILABLE.code(), "Lean could not be started: no lean");
            if (i < WorkerLeases.UNAVAILABLE_BEFORE_EXCLUDED) {
                int down = i;
                LocalBus.until("no Lean until its next hello after failure " + down,
                        () -> leanExcluded("broken", ClusterSnapshot.Exclusion.Until.NEXT_HELLO)
                                && seen("broken").failures() == down);
                assertThat(seen("broken").takesLeases()).isFalse();
                broken.hello(); // up again: it is tried once more
            }
        }
        LocalBus.until("excluded", () -> leanExcluded("broken", ClusterSnapshot.Exclusion.Until.END_OF_RUN));
        broken.hello();
        await(service.sweepNow());
        advance(NO_WORKER_WAIT.plusSeconds(1));
        await(service.sweepNow());
        assertThat(check.toCompletionStage().toCompletableFuture()).failsWithin(Duration.ofSeconds(5))
                .withThrowableThat().havingRootCause()
                .withMessageContaining("broken (Lean 4.24.0, excluded: worker broken could not run Lean 3 times in a "
                        + "row (last: Lean could not be started: no lean)");
        assertThat(broken.received).hasSize(WorkerLeases.UNAVAILABLE_BEFORE_EXCLUDED);
    }

    private boolean leanExcluded(String id, ClusterSnapshot.Exclusion.Until until) {
        ClusterSnapshot.Exclusion e = seen(id).excluded().get(LeaseKind.Family.LEAN);
        return e != null && e.until() == until;
    }

    @Test
    void withNoWorkerAtAllChecksFailAfterTheWait() throws Exception {
        Future<Verdict> check = service.check(task("t"));
        await(service.sweepNow());
        advance(NO_WORKER_WAIT.minusSeconds(1));
        await(service.sweepNow());
        assertThat(check.isComplete()).as("still waiting").isFalse();
        advance(Duration.ofSeconds(2));
        await(service.sweepNow());
        assertThat(check.toCompletionStage().toCompletableFuture()).failsWithin(Duration.ofSeconds(5))
                .withThrowableThat().havingRootCause()
                .withMessageContaining("no worker of cluster \"test\" took Lean checks for 120 s")
                .withMessageContaining("workers seen: none")
                .withMessageContaining("leanforge worker --cluster");
    }

    @Test
    void aWorkerThatJoinsInTimeTakesTheWaitingChecks() throws Exception {
        Future<Verdict> check = service.check(task("t"));
        await(service.sweepNow());
        advance(NO_WORKER_WAIT.minusSeconds(1));
        FakeWorker late = worker("late", 1);
        advance(Duration.ofSeconds(5));
        await(service.sweepNow());
        late.receives(1);
        late.received.get(0).reply(proved());
        assertThat(await(check).status()).isEqualTo(Verdict.Status.PROVED);
    }

    // ---- policy calls ----

    /** A worker that offers a policy (and no Lean) and holds on to its calls until the test answers them. */
    private final class FakePolicyWorker {
        final String id;
        final int slots;
        final PolicyIdentity policy;
        final List<Message<PolicyRequest>> received = new CopyOnWriteArrayList<>();
        int hellos;

        FakePolicyWorker(String id, int slots, String description) throws Exception {
            this(id, slots, PolicyIdentity.of(description));
        }

        FakePolicyWorker(String id, int slots, PolicyIdentity policy) throws Exception {
            this.id = id;
            this.slots = slots;
            this.policy = policy;
            await(vertx.eventBus().<PolicyRequest>consumer(WorkerHello.policyAddressOf(id), received::add)
                    .completion());
            hello();
        }

        void hello() throws Exception {
            vertx.eventBus().publish(WorkerHello.ADDRESS,
                    new WorkerHello(id, WorkerHello.addressOf(id), 0, 0, "none", 0, 0, slots, policy));
            int expected = ++hellos;
            LocalBus.until(id + "'s hello", () -> service.snapshot().workers().stream().anyMatch(w ->
                    w.id().equals(id) && w.hellos() == expected));
        }

        void receives(int n) throws InterruptedException {
            LocalBus.until(id + " receiving " + n + " policy calls", () -> received.size() >= n);
            assertThat(received).hasSize(n);
        }

        void answer(int i, String text) {
            WorkerLeasesTest.answer(received.get(i), text);
        }
    }

    private static void answer(Message<PolicyRequest> call, String text) {
        call.reply(new PolicyReply(List.of(new Policy.Completion(text, -1.0)), Duration.ofMillis(3)));
    }

    private static PolicyRequest call(String prompt, long seed) {
        return new PolicyRequest(prompt, new Policy.SamplingParams(2, 0.7, 0.95, 0, 256, List.of("\n\n"), seed));
    }

    @Test
    void policyCallsRespectCapacityAndGoOnlyToWorkersOfferingTheCampaignsPolicy() throws Exception {
        FakePolicyWorker other = new FakePolicyWorker("other", 4, "scripted:/rules/other.yaml");
        FakePolicyWorker p = new FakePolicyWorker("p", 1, POLICY);
        FakeWorker lean = worker("lean", 4);
        Future<PolicyReply> first = service.complete(call("theorem one", 11));
        Future<PolicyReply> second = service.complete(call("theorem two", 12));
        p.receives(1);
        assertThat(settled().queued()).as("one policy slot").isEqualTo(1);
        assertThat(p.received.get(0).body()).as("the sampling params, seed included, travel").isEqualTo(
                call("theorem one", 11));
        assertThat(p.received.get(0).headers().get(LeaseRequest.KIND)).isEqualTo("COMPLETE");
        p.answer(0, "by simp");
        assertThat(await(first).completions()).extracting(Policy.Completion::text).containsExactly("by simp");
        p.receives(2);
        p.answer(1, "by trivial");
        assertThat(await(second).completions()).extracting(Policy.Completion::text).containsExactly("by trivial");
        await(service.sweepNow());
        assertThat(other.received).as("another policy is never asked").isEmpty();
        assertThat(lean.received).as("a Lean-only worker is never asked").isEmpty();
        assertThat(seen("other").state()).as("still usable for Lean, were it to offer some")
                .isEqualTo(ClusterSnapshot.State.UP);
        assertThat(seen("p").state()).as("no Lean: its version is not compared").isEqualTo(ClusterSnapshot.State.UP);
        assertThat(seen("p").checksDone()).isEqualTo(2);
    }

    @Test
    void checksNeverGoToAPolicyOnlyWorker() throws Exception {
        new FakePolicyWorker("p", 4, POLICY);
        FakeWorker lean = worker("lean", 1);
        Future<Verdict> check = service.check(task("t"));
        lean.receives(1);
        lean.received.get(0).reply(proved());
        assertThat(await(check).status()).isEqualTo(Verdict.Status.PROVED);
    }

    @Test
    void anExpiredPolicyLeaseIsRunElsewhereAndItsLateAnswerIgnored() throws Exception {
        FakePolicyWorker a = new FakePolicyWorker("a", 1, POLICY);
        Future<PolicyReply> reply = service.complete(call("theorem t", 7));
        AtomicInteger completions = new AtomicInteger();
        reply.onComplete(r -> completions.incrementAndGet());
        a.receives(1);
        FakePolicyWorker b = new FakePolicyWorker("b", 2, POLICY); // more free slots: the re-run goes there

        advance(CHECK_DEADLINE.plusSeconds(1));
        a.hello();
        b.hello();
        await(service.sweepNow());
        assertThat(b.received).as("a policy call's deadline is its own, longer than a check's").isEmpty();

        advance(POLICY_DEADLINE);
        a.hello();
        b.hello();
        await(service.sweepNow());
        b.receives(1);
        assertThat(b.received.get(0).body()).isEqualTo(call("theorem t", 7));
        vertx.runOnContext(v -> {
            a.answer(0, "late");
            b.answer(0, "current");
        });
        assertThat(await(reply).completions()).extracting(Policy.Completion::text).containsExactly("current");
        await(service.sweepNow());
        assertThat(completions).hasValue(1);
        assertThat(seen("a").lostLeases()).isEqualTo(1);
        assertThat(seen("a").lateAnswers()).isEqualTo(1);
    }

    @Test
    void aLostPolicyWorkersCallsGoElsewhereAndBusyOnesAreLeasedAgain() throws Exception {
        FakePolicyWorker a = new FakePolicyWorker("a", 1, POLICY);
        Future<PolicyReply> one = service.complete(call("one", 1));
        a.receives(1);
        FakePolicyWorker b = new FakePolicyWorker("b", 1, POLICY);
        advance(WORKER_TIMEOUT.plusSeconds(1));
        b.hello(); // a says nothing any more
        await(service.sweepNow());
        b.receives(1);
        assertThat(seen("a").state()).isEqualTo(ClusterSnapshot.State.LOST);
        b.received.get(0).fail(Refusal.BUSY.code(), "worker b has all 1 policy slots taken");
        a.hello(); // back
        a.receives(2);
        a.answer(1, "by omega");
        assertThat(await(one).completions()).extracting(Policy.Completion::text).containsExactly("by omega");
    }

    @Test
    void aPolicyThatThrowsFailsTheCallWithoutAskingAnotherWorker() throws Exception {
        FakePolicyWorker a = new FakePolicyWorker("a", 1, POLICY);
        FakePolicyWorker b = new FakePolicyWorker("b", 1, POLICY);
        Future<PolicyReply> reply = service.complete(call("t", 1));
        LocalBus.until("a call received", () -> a.received.size() + b.received.size() == 1);
        FakePolicyWorker got = a.received.isEmpty() ? b : a;
        BusFailure.POLICY_FAILED.fail(got.received.get(0), "scripted policy failed: no rule");
        assertThat(reply.toCompletionStage().toCompletableFuture()).failsWithin(Duration.ofSeconds(5))
                .withThrowableThat().havingRootCause().isInstanceOf(PolicyFailedException.class)
                .withMessageContaining("no rule");
        await(service.sweepNow());
        assertThat(a.received.size() + b.received.size()).isEqualTo(1);
        assertThat(seen(got.id).state()).isEqualTo(ClusterSnapshot.State.UP);
    }

    @Test
    void withNoWorkerOfferingThePolicyCallsFailAfterTheWaitNamingThePolicy() throws Exception {
        FakePolicyWorker other = new FakePolicyWorker("other", 4, "scripted:/rules/other.yaml");
        FakeWorker lean = worker("lean", 4);
        Future<PolicyReply> reply = service.complete(call("t", 1));
        await(service.sweepNow());
        advance(NO_WORKER_WAIT.plusSeconds(1));
        other.hello();
        lean.hello();
        await(service.sweepNow());
        assertThat(reply.toCompletionStage().toCompletableFuture()).failsWithin(Duration.ofSeconds(5))
                .withThrowableThat().havingRootCause().isInstanceOf(WorkerLeases.NoWorkerException.class)
                .withMessageContaining("calls of the policy " + POLICY)
                .withMessageContaining("other (policy scripted:/rules/other.yaml, up)")
                .withMessageContaining("--policy KIND:ARG");
    }

    /** The options of an openai policy with model {@code model}; the others as given. */
    private static OpenAiOptions openAi(String model, PromptTemplate template, boolean logprobs, int maxN,
            Optional<String> keyEnv, Duration timeout, int retries) {
        return new OpenAiOptions(Optional.of(model), template, List.of(), keyEnv, timeout, retries, logprobs, maxN);
    }

    @Test
    void anOpenAiWorkerGetsPolicyCallsOnlyWhenWhatShapesCompletionsIsTheCampaignsAndMayDifferInWhatIsLocal()
            throws Exception {
        URI url = URI.create("http://gpu1:8000/v1/completions");
        PromptTemplate plain = PromptTemplate.PLAIN;
        Duration timeout = Duration.ofMinutes(5);
        await(service.close());
        service = start(Optional.empty(), OpenAiPolicy.identify(url,
                openAi("prover", plain, true, 0, Optional.empty(), timeout, 4)));
        List<FakePolicyWorker> others = List.of(
                new FakePolicyWorker("model", 4, OpenAiPolicy.identify(url,
                        openAi("prover-v2", plain, true, 0, Optional.empty(), timeout, 4))),
                new FakePolicyWorker("template", 4, OpenAiPolicy.identify(url,
                        openAi("prover", new PromptTemplate("-- Lean 4\n{prompt}"), true, 0, Optional.empty(),
                                timeout, 4))),
                new FakePolicyWorker("max-n", 4, OpenAiPolicy.identify(url,
                        openAi("prover", plain, true, 1, Optional.empty(), timeout, 4))),
                new FakePolicyWorker("logprobs", 4, OpenAiPolicy.identify(url,
                        openAi("prover", plain, false, 0, Optional.empty(), timeout, 4))));
        FakePolicyWorker local = new FakePolicyWorker("local", 2, OpenAiPolicy.identify(url,
                openAi("prover", plain, true, 0, Optional.of("GPU1_KEY"), Duration.ofSeconds(30), 0)));

        Future<PolicyReply> first = service.complete(call("theorem one", 1));
        Future<PolicyReply> second = service.complete(call("theorem two", 2));
        local.receives(2);
        local.answer(0, "by simp");
        local.answer(1, "by rfl");
        assertThat(await(first).completions()).extracting(Policy.Completion::text).containsExactly("by simp");
        assertThat(await(second).completions()).extracting(Policy.Completion::text).containsExactly("by rfl");
        await(service.sweepNow());
        for (FakePolicyWorker other : others) {
            assertThat(other.received).as(other.id + " serves the policy configured otherwise").isEmpty();
            assertThat(seen(other.id).policy().matches()).as(other.id).isFalse();
            assertThat(seen(other.id).takes(LeaseKind.Family.POLICY)).as(other.id).isFalse();
        }
        assertThat(seen("local").policy().matches()).isTrue();
        assertThat(seen("max-n").policy().description()).as("the description alone cannot tell")
                .isEqualTo(seen("local").policy().description());
    }

    // ---- Lean and a policy on one worker: excluded per family ----

    @Test
    void aWorkerWhoseLeanMismatchesKeepsServingPolicyCallsAndGetsNoChecks() throws Exception {
        FakeWorker both = new FakeWorker("both", 4, 1, "Lean (version 4.19.0, x86_64-unknown-linux-gnu)", 2);
        both.hello();
        ClusterSnapshot.Worker row = seen("both");
        assertThat(row.state()).as("up: its policy does not depend on its Lean").isEqualTo(ClusterSnapshot.State.UP);
        assertThat(row.excluded()).containsOnlyKeys(LeaseKind.Family.LEAN);
        assertThat(row.excluded().get(LeaseKind.Family.LEAN).describe())
                .isEqualTo("excluded: worker both runs Lean 4.19.0; the campaign pins 4.24.0. Install 4.24.0 there "
                        + "(`leanforge doctor --install` with that lean-toolchain) or start the worker with "
                        + "--server-cmd and --lean-version for it; this worker takes no checks of that campaign.");
        assertThat(row.serving()).containsExactly(LeaseKind.Family.POLICY);

        Future<Verdict> check = service.check(task("t"));
        Future<PolicyReply> reply = service.complete(call("theorem t", 3));
        LocalBus.until("the policy call received", () -> both.policyCalls.size() == 1);
        answer(both.policyCalls.get(0), "by simp");
        assertThat(await(reply).completions()).extracting(Policy.Completion::text).containsExactly("by simp");
        both.hello();
        assertThat(settled().queued()).as("the check waits for a worker with the pinned Lean").isEqualTo(1);
        assertThat(seen("both").serving()).as("its next hello does not undo it")
                .containsExactly(LeaseKind.Family.POLICY);
        assertThat(seen("both").policy().callsDone()).isEqualTo(1);

        FakeWorker lean = worker("lean", 1);
        lean.receives(1);
        lean.received.get(0).reply(proved());
        assertThat(await(check).status()).isEqualTo(Verdict.Status.PROVED);
        assertThat(both.received).as("never leased a check").isEmpty();
    }

    @Test
    void aWorkerWhoseLeanIsUnavailableKeepsServingPolicyCalls() throws Exception {
        FakeWorker both = new FakeWorker("both", 1, 1, "4.24.0", 1);
        both.hello();
        Future<Verdict> check = service.check(task("t"));
        for (int i = 1; i <= WorkerLeases.UNAVAILABLE_BEFORE_EXCLUDED; i++) {
            both.receives(i);
            both.received.get(i - 1).fail(Refusal.LEAN_UNAVAILABLE.code(), "Lean could not be started: no lean");
            if (i < WorkerLeases.UNAVAILABLE_BEFORE_EXCLUDED) {
                int down = i;
                LocalBus.until("no Lean until its next hello after failure " + down,
                        () -> leanExcluded("both", ClusterSnapshot.Exclusion.Until.NEXT_HELLO)
                                && seen("both").failures() == down);
                assertThat(seen("both").state()).isEqualTo(ClusterSnapshot.State.UP);
                // Before its next hello: its policy is not down with its Lean.
                Future<PolicyReply> reply = service.complete(call("theorem " + i, i));
                LocalBus.until("policy call " + i + " received", () -> both.policyCalls.size() == down);
                answer(both.policyCalls.get(i - 1), "by omega");
                assertThat(await(reply).completions()).extracting(Policy.Completion::text).containsExactly("by omega");
                both.hello(); // its Lean is tried once more
            }
        }
        LocalBus.until("excluded from Lean", () -> leanExcluded("both", ClusterSnapshot.Exclusion.Until.END_OF_RUN));
        both.hello();
        Future<PolicyReply> reply = service.complete(call("theorem after", 9));
        LocalBus.until("the policy call received", () -> both.policyCalls.size() == 3);
        answer(both.policyCalls.get(2), "by decide");
        assertThat(await(reply).completions()).extracting(Policy.Completion::text).containsExactly("by decide");
        assertThat(settled().queued()).as("the check waits").isEqualTo(1);
        assertThat(both.received).hasSize(WorkerLeases.UNAVAILABLE_BEFORE_EXCLUDED);
        assertThat(seen("both").serving()).containsExactly(LeaseKind.Family.POLICY);
        assertThat(seen("both").policy().callsDone()).isEqualTo(3);
        assertThat(check.isComplete()).isFalse();
    }

    @Test
    void aPolicyOnlyWorkerIsNeverExcludedForLean() throws Exception {
        FakePolicyWorker p = new FakePolicyWorker("p", 2, POLICY); // Lean "none", the campaign pins 4.24.0
        Future<Verdict> check = service.check(task("t"));
        p.hello();
        advance(NO_WORKER_WAIT.minusSeconds(1));
        p.hello();
        await(service.sweepNow());
        assertThat(seen("p").excluded()).isEmpty();
        assertThat(seen("p").serving()).containsExactly(LeaseKind.Family.POLICY);
        assertThat(seen("p").policy()).isEqualTo(new ClusterSnapshot.PolicySlots(2, 0, 0, POLICY, true));
        assertThat(check.isComplete()).as("no Lean there: the check waits for a Lean worker").isFalse();
        Future<PolicyReply> reply = service.complete(call("theorem t", 1));
        p.receives(1);
        p.answer(0, "by simp");
        assertThat(await(reply).completions()).extracting(Policy.Completion::text).containsExactly("by simp");
    }

    @Test
    void policySlotsAndExclusionsShowOnMetrics() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ClusterMeters.bind(registry, service);
        FakeWorker both = new FakeWorker("both", 4, 1, "4.19.0", 2);
        both.hello();
        new FakePolicyWorker("other", 3, "scripted:/rules/other.yaml");
        Future<PolicyReply> one = service.complete(call("one", 1));
        service.complete(call("two", 2));
        LocalBus.until("both policy calls received", () -> both.policyCalls.size() == 2);
        answer(both.policyCalls.get(0), "by simp");
        await(one);
        settled();
        assertThat(registry.scrape())
                .contains("leanforge_cluster_workers{cluster=\"test\"} 1.0")
                .contains("leanforge_cluster_worker_policy_capacity{cluster=\"test\",worker=\"both\"} 2.0")
                .contains("leanforge_cluster_worker_policy_in_flight{cluster=\"test\",worker=\"both\"} 1.0")
                .contains("leanforge_cluster_worker_in_flight{cluster=\"test\",worker=\"both\"} 1.0")
                .contains("leanforge_cluster_worker_policy_calls_total{cluster=\"test\",worker=\"both\"} 1.0")
                .contains("leanforge_cluster_worker_checks_total{cluster=\"test\",worker=\"both\"} 1.0")
                .contains("leanforge_cluster_worker_policy_matches{cluster=\"test\",policy=\"" + POLICY
                        + "\",worker=\"both\"} 1.0")
                .contains("leanforge_cluster_worker_policy_matches{cluster=\"test\",policy=\"scripted:/rules/other.yaml\","
                        + "worker=\"other\"} 0.0")
                .contains("leanforge_cluster_worker_lean_excluded{cluster=\"test\",worker=\"both\"} 1.0")
                .contains("leanforge_cluster_worker_policy_excluded{cluster=\"test\",worker=\"both\"} 0.0")
                .contains("leanforge_cluster_worker_up{cluster=\"test\",worker=\"both\"} 1.0")
                .contains("leanforge_cluster_worker_up{cluster=\"test\",worker=\"other\"} 0.0");
    }
}
