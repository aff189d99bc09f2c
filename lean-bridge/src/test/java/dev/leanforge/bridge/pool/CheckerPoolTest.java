package dev.leanforge.bridge.pool;

import static dev.leanforge.bridge.pool.FakeWorkers.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.bridge.pool.FakeWorkers.Call;
import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.bridge.verdict.Verdict.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CheckerPoolTest {

    private final FakeWorkers workers = new FakeWorkers();
    private CheckerPool pool;

    @AfterEach
    void closePool() {
        if (pool != null) {
            pool.close();
        }
    }

    private CheckerPool start(PoolConfig.Builder config) {
        pool = CheckerPool.start(config.build(), workers);
        pool.ready().join();
        return pool;
    }

    private static PoolConfig.Builder config(int workerCount) {
        return PoolConfig.builder().workers(workerCount).retryCrashOnce(false).closeGrace(Duration.ZERO);
    }

    /** Waits (up to 10 s: a safety net, not a timing assertion) for workers started in the background. */
    private void awaitLiveWorkers(int count) throws InterruptedException {
        for (int i = 0; i < 1000 && pool.metrics().liveWorkers() < count; i++) {
            Thread.sleep(10);
        }
        assertThat(pool.metrics().liveWorkers()).isEqualTo(count);
    }

    private void awaitIdleWorkers(int count) throws InterruptedException {
        for (int i = 0; i < 1000 && idleWorkers() < count; i++) {
            Thread.sleep(10);
        }
        assertThat(idleWorkers()).isEqualTo(count);
    }

    private int idleWorkers() {
        PoolMetrics metrics = pool.metrics();
        return metrics.liveWorkers() - metrics.busyWorkers();
    }

    private static Verdict verdictOf(CompletableFuture<Verdict> future) {
        return future.join();
    }

    /** An event loop starting a pool must not spend its time creating a thread per worker (issue #10). */
    @Test
    void startingThePoolCreatesTheWorkersThreadsOffTheCallersThread() {
        List<Thread> creators = new CopyOnWriteArrayList<>();
        ThreadFactory recording = runnable -> {
            creators.add(Thread.currentThread());
            Thread thread = new Thread(runnable);
            thread.setDaemon(true);
            return thread;
        };
        int most = 4 * Runtime.getRuntime().availableProcessors();

        pool = CheckerPool.start(config(most).build(), workers, recording);
        pool.ready().join();

        assertThat(pool.metrics().liveWorkers()).isEqualTo(most);
        assertThat(creators.stream().filter(t -> t == Thread.currentThread()))
                .as("threads created by the caller of start").hasSizeLessThanOrEqualTo(1);
    }

    @Nested
    class Routing {

        @Test
        void aFreeWorkerTakesTheOldestQueuedCheckForAHeaderItAlreadyOpened() throws Exception {
            start(config(2));
            CompletableFuture<Verdict> a1 = pool.check(task("import A", "manual-a1"));
            Call a1Call = workers.nextCall();
            CompletableFuture<Verdict> b1 = pool.check(task("import B", "manual-b1"));
            Call b1Call = workers.nextCall();
            assertThat(b1Call.worker()).isNotSameAs(a1Call.worker());
            CompletableFuture<Verdict> b2 = pool.check(task("import B", "manual-b2"));
            CompletableFuture<Verdict> a2 = pool.check(task("import A", "manual-a2"));

            a1Call.prove();
            Call next = workers.nextCall();
            assertThat(next.task().theoremName()).isEqualTo("manual-a2");
            assertThat(next.worker()).isSameAs(a1Call.worker());
            b1Call.prove();
            Call last = workers.nextCall();
            assertThat(last.task().theoremName()).isEqualTo("manual-b2");
            assertThat(last.worker()).isSameAs(b1Call.worker());
            next.prove();
            last.prove();
            assertThat(List.of(a1, b1, b2, a2))
                    .allSatisfy(f -> assertThat(verdictOf(f).status()).isEqualTo(Status.PROVED));
        }

        @Test
        void withoutBypassTheQueueIsStrictlyFirstInFirstOut() throws Exception {
            start(config(1).affinityBypassLimit(0));
            pool.check(task("import A", "manual-a1"));
            Call a1 = workers.nextCall();
            pool.check(task("import B", "manual-b1"));
            pool.check(task("import A", "manual-a2"));
            a1.prove();
            Call next = workers.nextCall();
            assertThat(next.task().theoremName()).isEqualTo("manual-b1");
            next.prove();
            workers.nextCall().prove();
        }

        @Test
        void theOldestCheckIsOvertakenAtMostTheBypassLimit() throws Exception {
            start(config(1).affinityBypassLimit(1));
            pool.check(task("import A", "manual-a1"));
            Call running = workers.nextCall();
            pool.check(task("import B", "manual-b1"));
            pool.check(task("import A", "manual-a2"));
            pool.check(task("import A", "manual-a3"));
            running.prove();
            Call second = workers.nextCall();
            assertThat(second.task().theoremName()).isEqualTo("manual-a2");
            second.prove();
            Call third = workers.nextCall();
            assertThat(third.task().theoremName()).isEqualTo("manual-b1");
            third.prove();
            workers.nextCall().prove();
        }

        @Test
        void aNewCheckGoesToTheIdleWorkerWarmForItsHeader() throws Exception {
            start(config(2));
            CompletableFuture<Verdict> a1 = pool.check(task("import A", "manual-a1"));
            Call a1Call = workers.nextCall();
            CompletableFuture<Verdict> b1 = pool.check(task("import B", "manual-b1"));
            Call b1Call = workers.nextCall();
            a1Call.prove();
            b1Call.prove();
            a1.join();
            b1.join();
            awaitIdleWorkers(2); // a worker takes new work only after its memory was read
            pool.check(task("import B", "manual-b2"));
            assertThat(workers.nextCall().worker()).isSameAs(b1Call.worker());
        }
    }

    @Nested
    class Backpressure {

        @Test
        void aFullQueueRefusesAtOnceAndCountsIt() throws Exception {
            start(config(1).queueCapacity(1));
            CompletableFuture<Verdict> running = pool.check(task("manual-1"));
            Call call = workers.nextCall();
            CompletableFuture<Verdict> queued = pool.check(task("manual-2"));
            CompletableFuture<Verdict> refused = pool.check(task("manual-3"));

            assertThat(refused).isCompletedExceptionally();
            assertThatThrownBy(refused::join).hasCauseInstanceOf(PoolSaturatedException.class)
                    .hasMessageContaining("1 checks queued");
            PoolMetrics metrics = pool.metrics();
            assertThat(metrics.queueDepth()).isEqualTo(1);
            assertThat(metrics.busyWorkers()).isEqualTo(1);
            assertThat(metrics.saturatedRejections()).isEqualTo(1);

            call.prove();
            workers.nextCall().prove();
            assertThat(verdictOf(running).status()).isEqualTo(Status.PROVED);
            assertThat(verdictOf(queued).status()).isEqualTo(Status.PROVED);
        }

        @Test
        void aCancelledQueuedCheckFreesItsPlaceInAFullQueue() throws Exception {
            start(config(1).queueCapacity(1));
            pool.check(task("manual-1"));
            Call call = workers.nextCall();
            pool.check(task("manual-cancelled")).cancel(false);
            CompletableFuture<Verdict> next = pool.check(task("proved-next"));
            assertThat(next).as("the cancelled check no longer holds the only place").isNotCompletedExceptionally();
            call.prove();
            assertThat(verdictOf(next).status()).isEqualTo(Status.PROVED);
            assertThat(workers.runs("manual-cancelled")).isZero();
        }

        @Test
        void aCancelledQueuedCheckNeverReachesAWorker() throws Exception {
            start(config(1));
            pool.check(task("manual-1"));
            Call call = workers.nextCall();
            pool.check(task("manual-cancelled")).cancel(false);
            CompletableFuture<Verdict> kept = pool.check(task("proved-kept"));
            call.prove();
            assertThat(verdictOf(kept).status()).isEqualTo(Status.PROVED);
            assertThat(workers.runs("manual-cancelled")).isZero();
        }

        @Test
        void checksSubmittedBeforeTheWorkersAreUpWaitInTheQueue() {
            pool = CheckerPool.start(config(2).build(), workers);
            List<CompletableFuture<Verdict>> results =
                    IntStream.range(0, 6).mapToObj(i -> pool.check(task("proved-" + i))).toList();
            assertThat(results).allSatisfy(f -> assertThat(verdictOf(f).status()).isEqualTo(Status.PROVED));
        }
    }

    @Nested
    class Restarts {

        @Test
        void aWorkerIsRecycledAfterTheConfiguredNumberOfChecks() {
            start(config(1).recycleAfterChecks(2));
            for (int i = 0; i < 5; i++) {
                assertThat(verdictOf(pool.check(task("proved-" + i))).status()).isEqualTo(Status.PROVED);
            }
            assertThat(pool.metrics().restarts(RestartCause.RECYCLE)).isEqualTo(2);
            assertThat(workers.started).hasSize(3);
            assertThat(workers.started.get(0).closed).isTrue();
            assertThat(workers.started.get(0).ran).containsExactly("proved-0", "proved-1");
            assertThat(workers.started.get(2).ran).containsExactly("proved-4");
        }

        @Test
        void aCrashIsReturnedAsIsAndTheNextCheckRunsOnAFreshWorker() {
            start(config(1));
            Verdict crashed = verdictOf(pool.check(task("crash-1")));
            assertThat(crashed).isInstanceOf(Verdict.Crashed.class);
            assertThat(verdictOf(pool.check(task("proved-1"))).status()).isEqualTo(Status.PROVED);
            assertThat(workers.started).hasSize(2);
            assertThat(workers.started.get(0).closed).isTrue();
            assertThat(workers.started.get(1).ran).containsExactly("proved-1");
            PoolMetrics metrics = pool.metrics();
            assertThat(metrics.restarts(RestartCause.CRASH)).isEqualTo(1);
            assertThat(metrics.crashRetries()).isZero();
        }

        @Test
        void withRetryACrashRunsOnceMoreOnTheFreshWorkerAndItsVerdictIsTheAnswer() {
            start(config(1).retryCrashOnce(true));
            assertThat(verdictOf(pool.check(task("flaky-1"))).status()).isEqualTo(Status.PROVED);
            assertThat(workers.started.get(0).ran).containsExactly("flaky-1");
            assertThat(workers.started.get(1).ran).containsExactly("flaky-1");

            Verdict twice = verdictOf(pool.check(task("crash-1")));
            assertThat(twice).isInstanceOf(Verdict.Crashed.class);
            assertThat(workers.runs("crash-1")).isEqualTo(2);

            PoolMetrics metrics = pool.metrics();
            assertThat(metrics.crashRetries()).isEqualTo(2);
            assertThat(metrics.restarts(RestartCause.CRASH)).isEqualTo(3);
            assertThat(metrics.verdicts(Status.PROVED)).isEqualTo(1);
            assertThat(metrics.verdicts(Status.CRASHED)).isEqualTo(1);
        }

        @Test
        void aTimeoutIsReturnedAsIsNeverRetriedAndTheWorkerIsReplaced() {
            start(config(1).retryCrashOnce(true));
            assertThat(verdictOf(pool.check(task("timeout-1")))).isInstanceOf(Verdict.Timeout.class);
            assertThat(verdictOf(pool.check(task("proved-1"))).status()).isEqualTo(Status.PROVED);
            assertThat(workers.runs("timeout-1")).isEqualTo(1);
            assertThat(pool.metrics().restarts(RestartCause.TIMEOUT)).isEqualTo(1);
            assertThat(workers.started.get(0).closed).isTrue();
        }

        @Test
        void aWorkerThatNeverAnswersGetsTimeoutFromThePoolAndIsKilled() {
            start(config(1).checkTimeout(Duration.ofMillis(50)).timeoutGrace(Duration.ofMillis(50)));
            Verdict verdict = verdictOf(pool.check(task("hang-1")));
            assertThat(verdict).isInstanceOfSatisfying(Verdict.Timeout.class,
                    t -> assertThat(t.limit()).isEqualTo(Duration.ofMillis(50)));
            assertThat(verdictOf(pool.check(task("proved-1"))).status()).isEqualTo(Status.PROVED);
            assertThat(workers.started.get(0).closed).isTrue();
            assertThat(pool.metrics().restarts(RestartCause.TIMEOUT)).isEqualTo(1);
        }

        @Test
        void aCheckMayAskForAShorterTimeoutAndALongerOneIsCutToThePoolsCap() {
            start(config(1).checkTimeout(Duration.ofSeconds(60)));
            assertThat(verdictOf(pool.check(task("timeout-short"), Duration.ofSeconds(2))))
                    .isInstanceOfSatisfying(Verdict.Timeout.class,
                            t -> assertThat(t.limit()).isEqualTo(Duration.ofSeconds(2)));
            assertThat(verdictOf(pool.check(task("timeout-long"), Duration.ofSeconds(600))))
                    .isInstanceOfSatisfying(Verdict.Timeout.class,
                            t -> assertThat(t.limit()).isEqualTo(Duration.ofSeconds(60)));
            assertThatThrownBy(() -> pool.check(task("proved-1"), Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void thePoolsOwnGuardRunsFromTheShorterTimeoutOfACheck() {
            start(config(1).checkTimeout(Duration.ofSeconds(60)).timeoutGrace(Duration.ofMillis(50)));
            Verdict verdict = verdictOf(pool.check(task("hang-1"), Duration.ofMillis(50)));
            assertThat(verdict).isInstanceOfSatisfying(Verdict.Timeout.class,
                    t -> assertThat(t.limit()).isEqualTo(Duration.ofMillis(50)));
        }

        @Test
        void aWorkerOverTheMemoryLimitIsReplacedAfterItsCheck() {
            start(config(1).memoryLimitBytes(PoolConfig.GIB + PoolConfig.GIB / 2)
                    .memoryCheckInterval(Duration.ZERO));
            verdictOf(pool.check(task("grow-1")));
            assertThat(pool.metrics().restarts(RestartCause.MEMORY)).isZero();
            assertThat(verdictOf(pool.check(task("grow-2"))).status()).isEqualTo(Status.PROVED);
            verdictOf(pool.check(task("proved-1")));
            assertThat(pool.metrics().restarts(RestartCause.MEMORY)).isEqualTo(1);
            assertThat(workers.started.get(0).ran).containsExactly("grow-1", "grow-2");
            assertThat(workers.started.get(1).ran).containsExactly("proved-1");
        }

        @Test
        void theCallerGetsItsVerdictWhileTheWorkersMemoryIsStillBeingRead() throws InterruptedException {
            start(config(1).memoryCheckInterval(Duration.ZERO));
            CountDownLatch gate = new CountDownLatch(1);
            workers.started.get(0).rssGate = gate;
            // The fake answers inside check(): the reading must still not happen on the caller's thread.
            assertThat(verdictOf(pool.check(task("proved-1"))).status()).isEqualTo(Status.PROVED);
            assertThat(pool.metrics().busyWorkers()).isEqualTo(1);
            CompletableFuture<Verdict> next = pool.check(task("proved-2"));
            assertThat(pool.metrics().queueDepth()).isEqualTo(1);
            gate.countDown();
            assertThat(verdictOf(next).status()).isEqualTo(Status.PROVED);
            assertThat(workers.started.get(0).ran).containsExactly("proved-1", "proved-2");
        }

        @Test
        void memoryIsReadOnlyOnceTheLastReadingIsOldEnough() {
            start(config(1).memoryLimitBytes(PoolConfig.GIB).memoryCheckInterval(Duration.ofDays(1)));
            verdictOf(pool.check(task("grow-1")));
            verdictOf(pool.check(task("proved-1")));
            assertThat(pool.metrics().restarts(RestartCause.MEMORY)).isZero();
            assertThat(workers.started).hasSize(1);
        }

        @Test
        void aFailedWorkerFutureBecomesCrashedWithTheReason() {
            start(config(1));
            Verdict verdict = verdictOf(pool.check(task("broken-1")));
            assertThat(verdict).isInstanceOfSatisfying(Verdict.Crashed.class,
                    c -> assertThat(c.reason()).contains("worker failed").contains("protocol error"));
            assertThat(pool.metrics().restarts(RestartCause.CRASH)).isEqualTo(1);
        }
    }

    @Nested
    class Starting {

        @Test
        void whenNoWorkerCanStartReadyAndChecksFailWithTheCause() {
            FakeWorkers refusing = new FakeWorkers(Integer.MAX_VALUE);
            pool = CheckerPool.start(config(2).restartDelay(Duration.ofMinutes(1)).build(), refusing);
            assertThatThrownBy(() -> pool.ready().join()).hasCauseInstanceOf(WorkerStartException.class)
                    .hasMessageContaining("fake server refused to start");
            assertThatThrownBy(() -> pool.check(task("proved-1")).join())
                    .hasCauseInstanceOf(WorkerStartException.class)
                    .hasMessageContaining("check the server command");
            assertThat(pool.metrics().startFailures()).isEqualTo(2);
        }

        @Test
        void aFailedStartIsRetried() throws InterruptedException {
            FakeWorkers flaky = new FakeWorkers(1);
            pool = CheckerPool.start(config(1).restartDelay(Duration.ofMillis(10)).build(), flaky);
            assertThatThrownBy(() -> pool.ready().join()).hasCauseInstanceOf(WorkerStartException.class);
            awaitLiveWorkers(1);
            assertThat(verdictOf(pool.check(task("proved-1"))).status()).isEqualTo(Status.PROVED);
            assertThat(pool.metrics().startFailures()).isEqualTo(1);
        }

        @Test
        void aCrashRetryWhoseFreshWorkerCannotStartAnswersTheFirstCrash() {
            FakeWorkers once = new FakeWorkers() {
                @Override
                public PoolWorker start() {
                    if (!started.isEmpty()) {
                        throw new IllegalStateException("no second server");
                    }
                    return super.start();
                }
            };
            pool = CheckerPool.start(config(1).retryCrashOnce(true).restartDelay(Duration.ofMinutes(1)).build(),
                    once);
            assertThat(verdictOf(pool.check(task("crash-1")))).isInstanceOfSatisfying(Verdict.Crashed.class,
                    c -> assertThat(c.reason()).isEqualTo("server exited"));
            assertThat(pool.metrics().verdicts(Status.CRASHED)).isEqualTo(1);
        }
    }

    @Nested
    class Metrics {

        @Test
        void countsVerdictsLatencyAndRestarts() {
            start(config(2));
            List<String> names = List.of("proved-1", "proved-2", "failed-1", "crash-1", "timeout-1", "proved-3");
            List<CompletableFuture<Verdict>> results = names.stream().map(n -> pool.check(task(n))).toList();
            results.forEach(CompletableFuture::join);
            PoolMetrics metrics = pool.metrics();
            assertThat(metrics.verdicts(Status.PROVED)).isEqualTo(3);
            assertThat(metrics.verdicts(Status.FAILED)).isEqualTo(1);
            assertThat(metrics.verdicts(Status.CRASHED)).isEqualTo(1);
            assertThat(metrics.verdicts(Status.TIMEOUT)).isEqualTo(1);
            assertThat(metrics.verdicts(Status.REJECTED)).isZero();
            assertThat(metrics.checksCompleted()).isEqualTo(6);
            assertThat(metrics.latency().count()).isEqualTo(6);
            assertThat(metrics.serviceTime().count()).isEqualTo(6);
            assertThat(metrics.latency().max()).isGreaterThanOrEqualTo(metrics.latency().p50());
            assertThat(metrics.checksPerSecond()).isPositive();
            assertThat(metrics.restarts(RestartCause.CRASH)).isEqualTo(1);
            assertThat(metrics.restarts(RestartCause.TIMEOUT)).isEqualTo(1);
            assertThat(metrics.totalRestarts()).isEqualTo(2);
        }

        @Test
        void resetZeroesCounters() {
            start(config(1));
            verdictOf(pool.check(task("proved-1")));
            pool.resetMetrics();
            PoolMetrics metrics = pool.metrics();
            assertThat(metrics.checksCompleted()).isZero();
            assertThat(metrics.latency()).isEqualTo(LatencySummary.EMPTY);
            assertThat(metrics.checksPerSecond()).isZero();
        }
    }

    @Nested
    class Closing {

        @Test
        void cancelQueuedFailsWaitingChecksAtOnceAndRunningOnesAfterTheGrace() throws Exception {
            start(config(1).closeGrace(Duration.ofMillis(20)));
            CompletableFuture<Verdict> running = pool.check(task("hang-1"));
            CompletableFuture<Verdict> queued = pool.check(task("proved-1"));
            CompletableFuture<Void> closed = pool.closeAsync(CloseMode.CANCEL_QUEUED);

            assertThatThrownBy(queued::join).isInstanceOf(PoolClosedException.class);
            closed.join();
            assertThatThrownBy(running::join).isInstanceOf(PoolClosedException.class);
            assertThat(workers.started).allSatisfy(w -> assertThat(w.closed).isTrue());
            assertThat(workers.runs("proved-1")).isZero();
            assertThatThrownBy(() -> pool.check(task("proved-2")).join()).isInstanceOf(PoolClosedException.class);
        }

        @Test
        void finishQueuedRunsEveryQueuedCheckThenStopsTheWorkers() throws Exception {
            start(config(1));
            List<CompletableFuture<Verdict>> results =
                    IntStream.range(0, 3).mapToObj(i -> pool.check(task("manual-" + i))).toList();
            CompletableFuture<Void> closed = pool.closeAsync(CloseMode.FINISH_QUEUED);
            for (int i = 0; i < 3; i++) {
                assertThat(closed).isNotDone();
                workers.nextCall().prove();
            }
            closed.join();
            assertThat(results).allSatisfy(f -> assertThat(verdictOf(f).status()).isEqualTo(Status.PROVED));
            assertThat(workers.started).singleElement().satisfies(w -> assertThat(w.closed).isTrue());
        }

        @Test
        void finishQueuedStillReplacesACrashedWorkerToFinishTheQueue() {
            start(config(1));
            CompletableFuture<Verdict> crash = pool.check(task("manual-crash"));
            CompletableFuture<Verdict> after = pool.check(task("proved-after"));
            CompletableFuture<Void> closed = pool.closeAsync(CloseMode.FINISH_QUEUED);
            try {
                Call call = workers.nextCall();
                call.worker().alive = false;
                call.answer().complete(new Verdict.Crashed("server exited", FakeWorkers.ELAPSED));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            closed.join();
            assertThat(verdictOf(crash).status()).isEqualTo(Status.CRASHED);
            assertThat(verdictOf(after).status()).isEqualTo(Status.PROVED);
            assertThat(workers.started).hasSize(2).allSatisfy(w -> assertThat(w.closed).isTrue());
        }

        @Test
        void closeKillsAWorkerThatIsStillStarting() {
            FakeWorkers slow = new FakeWorkers() {
                @Override
                public PoolWorker start() {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return super.start();
                }
            };
            pool = CheckerPool.start(config(1).build(), slow);
            pool.close();
            assertThat(slow.started).allSatisfy(w -> assertThat(w.closed).isTrue());
        }
    }

    /** Goal-state requests go through the machinery of checks: one queue, the same restarts and retries. */
    @Nested
    class GoalStates {

        @Test
        void aGoalStateRequestWaitsInTheQueueOfChecksAndIsCountedApart() throws Exception {
            start(config(1).queueCapacity(1));
            CompletableFuture<Verdict> running = pool.check(task("manual-1"));
            Call call = workers.nextCall();
            CompletableFuture<GoalAnswer> queued = pool.goals(task("failed-prefix"));
            assertThat(pool.metrics().queueDepth()).isEqualTo(1);
            assertThatThrownBy(() -> pool.goals(task("proved-refused")).join())
                    .hasCauseInstanceOf(PoolSaturatedException.class);

            call.prove();
            assertThat(queued.join()).isInstanceOfSatisfying(GoalAnswer.State.class,
                    s -> assertThat(s.state().goals()).containsExactly(FakeWorkers.OPEN_GOAL));
            assertThat(verdictOf(running).status()).isEqualTo(Status.PROVED);
            assertThat(workers.started.get(0).ran).containsExactly("manual-1", "failed-prefix");
            PoolMetrics metrics = pool.metrics();
            assertThat(metrics.goalStates()).isEqualTo(1);
            assertThat(metrics.checksCompleted()).isEqualTo(1);
        }

        @Test
        void aCrashedGoalStateRequestRunsOnceMoreOnAFreshWorker() {
            start(config(1).retryCrashOnce(true));
            assertThat(pool.goals(task("flaky-prefix")).join()).isInstanceOfSatisfying(GoalAnswer.State.class,
                    s -> assertThat(s.state().solved()).isTrue());
            assertThat(pool.goals(task("crash-prefix")).join()).isInstanceOf(GoalAnswer.Crashed.class);
            assertThat(workers.runs("crash-prefix")).isEqualTo(2);
            assertThat(pool.metrics().crashRetries()).isEqualTo(2);
            assertThat(pool.metrics().restarts(RestartCause.CRASH)).isEqualTo(3);
        }

        @Test
        void aGoalStateRequestWithoutAnswerGetsTimeoutFromThePoolAndTheWorkerIsReplaced() {
            start(config(1).checkTimeout(Duration.ofMillis(50)).timeoutGrace(Duration.ofMillis(50)));
            assertThat(pool.goals(task("hang-prefix")).join()).isInstanceOfSatisfying(GoalAnswer.Timeout.class,
                    t -> assertThat(t.limit()).isEqualTo(Duration.ofMillis(50)));
            assertThat(pool.metrics().restarts(RestartCause.TIMEOUT)).isEqualTo(1);
            assertThat(workers.started.get(0).closed).isTrue();
        }

        @Test
        void aBrokenWorkerFutureBecomesACrashedGoalAnswer() {
            start(config(1));
            assertThat(pool.goals(task("broken-prefix")).join()).isInstanceOfSatisfying(GoalAnswer.Crashed.class,
                    c -> assertThat(c.reason()).contains("worker failed", "protocol error"));
        }
    }

    @Test
    void aFailedJoinUnwrapsToTheSaturationCause() {
        start(config(1).queueCapacity(0));
        pool.check(task("hang-1"));
        assertThatThrownBy(() -> pool.check(task("proved-1")).join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(PoolSaturatedException.class);
    }
}
