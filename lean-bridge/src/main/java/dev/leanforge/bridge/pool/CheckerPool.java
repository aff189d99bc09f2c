package dev.leanforge.bridge.pool;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.bridge.verdict.Verdict;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed number of warm Lean workers behind a bounded queue.
 *
 * <p>Two kinds of request share all of what follows: checks ({@link #check}, answered with a {@link Verdict}) and
 * goal-state requests ({@link #goals}, answered with a {@link GoalAnswer}, whose {@code Timeout} and {@code Crashed}
 * play the verdicts' part below).
 *
 * <p><b>Never blocks the caller.</b> {@link #check} takes a short lock and may hand the task to an idle worker
 * ({@link PoolWorker#check} only enqueues); reading memory, starting and killing processes all happen on the
 * pool's and the workers' own threads. The returned future completes on a pool thread: a Vert.x caller should hop
 * back to its context (e.g. {@code Future.fromCompletionStage(f, context)}).
 *
 * <p><b>Backpressure.</b> A check goes to an idle worker at once, else waits in a FIFO queue of
 * {@link PoolConfig#queueCapacity()} entries. When the queue is full the future fails at once with
 * {@link PoolSaturatedException}; nothing is started and the caller decides (retry on a timer, shed, slow down).
 * Cancelling a queued future removes that check; cancelling a running one does not stop the worker.
 *
 * <p><b>Routing.</b> A free worker prefers the oldest queued check whose header is warm on it
 * ({@link PoolWorker#isWarm}: the imports are loaded); the oldest check may be overtaken at most
 * {@link PoolConfig#affinityBypassLimit()} times. A new check prefers an idle worker warm for its header, else the
 * worker idle longest.
 *
 * <p><b>Verdicts are the worker's.</b> {@code Timeout} and {@code Crashed} reach the caller unchanged. The pool
 * answers by itself only in two cases: a worker future that fails exceptionally becomes {@code Crashed} ("worker
 * failed: …"), and a worker that gives no answer {@link PoolConfig#timeoutGrace()} after the check timeout gets
 * {@code Timeout} and is killed. With {@link PoolConfig#retryCrashOnce()} a check whose run ended {@code Crashed}
 * runs once more, first, on the fresh worker that replaces the crashed one; the second run's verdict is the answer
 * (if that fresh worker cannot start, the first {@code Crashed} is). Timeouts are never retried.
 *
 * <p><b>Restarts.</b> After each check the worker is replaced when it crashed (verdict {@code Crashed} or process
 * gone), timed out ({@code Timeout} or {@link PoolWorker#needsRestart()}), ran
 * {@link PoolConfig#recycleAfterChecks()} checks, or its process tree's RSS is above
 * {@link PoolConfig#memoryLimitBytes()}; the first matching cause in that order is counted. RSS is read after a
 * check when none of the other causes applies and the last reading is {@link PoolConfig#memoryCheckInterval()}
 * old, after the caller has its verdict. A failed start is retried after {@link PoolConfig#restartDelay()},
 * doubling up to 30 s; while no worker at all is running or starting, queued and new checks fail with
 * {@link WorkerStartException}.
 */
public final class CheckerPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CheckerPool.class);
    private static final Duration MAX_RESTART_DELAY = Duration.ofSeconds(30);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private enum SlotState { STARTING, IDLE, BUSY, DOWN, CLOSED }

    private enum Phase { OPEN, DRAINING, TERMINATING, TERMINATED }

    private final PoolConfig config;
    private final WorkerFactory factory;
    private final ExecutorService executor;
    private final ScheduledExecutorService timer;
    private final Object lock = new Object();
    private final Slot[] slots;
    private final ArrayDeque<Pending<?>> queue = new ArrayDeque<>();
    private final Stats stats = new Stats();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private Phase phase = Phase.OPEN;
    private int operations;
    private int firstStartsLeft;

    private CheckerPool(PoolConfig config, WorkerFactory factory, ThreadFactory threads, ThreadFactory timerThread) {
        this.config = config;
        this.factory = factory;
        this.executor = Executors.newCachedThreadPool(threads);
        this.timer = Executors.newSingleThreadScheduledExecutor(timerThread);
        this.slots = new Slot[config.workers()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot(i);
        }
        this.firstStartsLeft = slots.length;
    }

    /**
     * Creates the pool and starts its workers in the background; checks submitted before they are up wait in the
     * queue. {@link #ready()} tells when every worker has started once.
     */
    public static CheckerPool start(PoolConfig config, WorkerFactory factory) {
        String name = "leanforge-pool-" + POOLS.incrementAndGet();
        return start(config, factory, daemonThreads(name), daemonThreads(name + "-timer"));
    }

    /** {@link #start(PoolConfig, WorkerFactory)} with the pool's threads made by {@code threads} (tests watch them). */
    static CheckerPool start(PoolConfig config, WorkerFactory factory, ThreadFactory threads) {
        return start(config, factory, threads, threads);
    }

    private static CheckerPool start(PoolConfig config, WorkerFactory factory, ThreadFactory threads,
                                     ThreadFactory timerThread) {
        CheckerPool pool = new CheckerPool(Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(factory, "factory"), threads, timerThread);
        // Each start blocks a thread of its own while Lean comes up, so starting them all creates a thread per
        // worker: one pool thread does that, not the caller, which may be an event loop.
        synchronized (pool.lock) {
            pool.runOperation(() -> {
                synchronized (pool.lock) {
                    boolean closed = pool.phase == Phase.TERMINATING || pool.phase == Phase.TERMINATED;
                    for (Slot slot : pool.slots) {
                        if (closed) {
                            slot.state = SlotState.CLOSED; // closed before its workers were started: start none
                        } else {
                            pool.runOperation(() -> pool.startInto(slot));
                        }
                    }
                }
            });
        }
        return pool;
    }

    public PoolConfig config() {
        return config;
    }

    /** Completes when every worker has started once; fails with {@link WorkerStartException} if one could not. */
    public CompletableFuture<Void> ready() {
        return ready.copy();
    }

    /** Submits a check; see the class comment for what the future can hold. Never blocks. */
    public CompletableFuture<Verdict> check(CheckTask task) {
        return submit(new Pending<>(Objects.requireNonNull(task, "task"), CHECK, config.checkTimeout()));
    }

    /**
     * {@link #check(CheckTask)} with a shorter wall-clock limit for this check alone (e.g. one an API client asked
     * for); the pool's {@link PoolConfig#checkTimeout()} stays the cap, so a longer {@code timeout} is cut to it.
     * The pool's own guard ({@link PoolConfig#timeoutGrace()}) runs from this limit.
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public CompletableFuture<Verdict> check(CheckTask task, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        Duration limit = timeout.compareTo(config.checkTimeout()) < 0 ? timeout : config.checkTimeout();
        return submit(new Pending<>(Objects.requireNonNull(task, "task"), CHECK, limit));
    }

    /**
     * Asks for the goals after a tactic prefix: {@code prefix.proof()} is the prefix (e.g. {@code by\n  intro n}),
     * elaborated after the statement as {@link dev.leanforge.bridge.session.LeanWorker#goals} does. The request goes
     * through the same queue as checks, with the same header affinity, backpressure, {@link PoolConfig#checkTimeout()},
     * restarts and crash retry; the answer is {@link GoalAnswer.Timeout} or {@link GoalAnswer.Crashed} where a check
     * would get {@code Timeout} or {@code Crashed}, and {@link GoalAnswer.Rejected} for a prefix the source policy
     * refuses (Lean never sees it). The future fails as {@link #check}'s does. Never blocks.
     */
    public CompletableFuture<GoalAnswer> goals(CheckTask prefix) {
        return submit(new Pending<>(Objects.requireNonNull(prefix, "prefix"), GOALS, config.checkTimeout()));
    }

    private <R> CompletableFuture<R> submit(Pending<R> pending) {
        Run<R> run;
        synchronized (lock) {
            if (phase != Phase.OPEN) {
                pending.result.completeExceptionally(new PoolClosedException("the checker pool is closed"));
                return pending.result;
            }
            if (allDown()) {
                pending.result.completeExceptionally(noWorkerError());
                return pending.result;
            }
            Slot idle = idleSlotFor(pending.task.header());
            if (idle == null && queue.size() >= config.queueCapacity()) {
                // Cancelled checks leave the queue lazily; a full queue must not count them.
                queue.removeIf(p -> p.result.isDone());
            }
            if (idle != null) {
                stats.submitted(pending.submittedNanos);
                run = assign(idle, pending);
            } else if (queue.size() < config.queueCapacity()) {
                stats.submitted(pending.submittedNanos);
                queue.addLast(pending);
                return pending.result;
            } else {
                stats.saturated++;
                pending.result.completeExceptionally(
                        new PoolSaturatedException(config.workers(), config.queueCapacity()));
                return pending.result;
            }
        }
        launch(run);
        return pending.result;
    }

    /** A consistent snapshot of the counters. */
    public PoolMetrics metrics() {
        Histogram latency;
        Histogram service;
        EnumMap<Verdict.Status, Long> verdicts;
        EnumMap<RestartCause, Long> restarts;
        double rate;
        int queued;
        int busy = 0;
        int live = 0;
        long goalStates;
        long crashRetries;
        long saturated;
        long startFailures;
        synchronized (lock) {
            latency = stats.latencyMicros.copy();
            service = stats.serviceMicros.copy();
            verdicts = new EnumMap<>(stats.verdicts);
            restarts = new EnumMap<>(stats.restarts);
            rate = stats.checksPerSecond();
            queued = queue.size();
            for (Slot slot : slots) {
                busy += slot.state == SlotState.BUSY ? 1 : 0;
                live += slot.state == SlotState.BUSY || slot.state == SlotState.IDLE ? 1 : 0;
            }
            goalStates = stats.goalStates;
            crashRetries = stats.crashRetries;
            saturated = stats.saturated;
            startFailures = stats.startFailures;
        }
        // Percentiles are computed outside the lock.
        return new PoolMetrics(verdicts, rate, LatencySummary.ofMicros(latency), LatencySummary.ofMicros(service),
                queued, busy, live, restarts, goalStates, crashRetries, saturated, startFailures);
    }

    /** Zeroes the counters and histograms (e.g. after a benchmark's warm-up); the queue and workers stay. */
    public void resetMetrics() {
        synchronized (lock) {
            stats.reset();
        }
    }

    /**
     * Stops accepting checks and closes the pool as {@code mode} says; every worker process is killed before the
     * returned future completes. Calling it again returns the same outcome.
     */
    public CompletableFuture<Void> closeAsync(CloseMode mode) {
        Objects.requireNonNull(mode, "mode");
        List<Pending<?>> cancelled = new ArrayList<>();
        List<Runnable> after = new ArrayList<>();
        synchronized (lock) {
            if (phase == Phase.OPEN) {
                phase = Phase.DRAINING;
                if (mode == CloseMode.CANCEL_QUEUED) {
                    cancelled.addAll(queue);
                    queue.clear();
                    timer.schedule(() -> {
                        List<Runnable> late = new ArrayList<>();
                        synchronized (lock) {
                            terminate(late);
                        }
                        late.forEach(Runnable::run);
                    }, config.closeGrace().toNanos(), TimeUnit.NANOSECONDS);
                }
                closeIdleSlotsIfNoWork(after);
                terminateIfDrained(after);
            }
        }
        cancelled.forEach(p -> p.result.completeExceptionally(
                new PoolClosedException("the checker pool was closed before this check started")));
        after.forEach(Runnable::run);
        return terminated.copy();
    }

    /**
     * {@link #closeAsync(CloseMode) closeAsync(CANCEL_QUEUED)} and waits for it: blocks up to the close grace
     * plus the time to stop the servers, so never call it on an event loop.
     */
    @Override
    public void close() {
        closeAsync(CloseMode.CANCEL_QUEUED).join();
    }

    // ---- dispatch (all under lock unless said otherwise) ----

    private boolean allDown() {
        for (Slot slot : slots) {
            if (slot.state != SlotState.DOWN) {
                return false;
            }
        }
        return true;
    }

    private WorkerStartException noWorkerError() {
        Throwable cause = null;
        for (Slot slot : slots) {
            cause = cause != null ? cause : slot.lastStartError;
        }
        return new WorkerStartException("no Lean worker is running: the server could not be started ("
                + reason(cause) + "); check the server command and the project directory", cause);
    }

    /** What went wrong, for a user: the message alone (say, why Lean exited), else the exception's name. */
    private static String reason(Throwable failure) {
        return failure != null && failure.getMessage() != null ? failure.getMessage() : String.valueOf(failure);
    }

    /** An idle worker warm for the header, else the one idle longest (its documents are the least in demand). */
    private Slot idleSlotFor(String header) {
        Slot best = null;
        for (Slot slot : slots) {
            if (slot.state != SlotState.IDLE) {
                continue;
            }
            if (slot.worker.isWarm(header)) {
                return slot;
            }
            if (best == null || slot.idleSinceNanos - best.idleSinceNanos < 0) {
                best = slot;
            }
        }
        return best;
    }

    private <R> Run<R> assign(Slot slot, Pending<R> pending) {
        slot.state = SlotState.BUSY;
        Run<R> run = new Run<>(slot, slot.worker, pending);
        slot.running = run;
        return run;
    }

    /** The next queued check for a free slot (oldest warm one, bounded overtaking), assigned; null if none. */
    private Run<?> nextFor(Slot slot) {
        queue.removeIf(p -> p.result.isDone());
        Pending<?> oldest = queue.peekFirst();
        if (oldest == null) {
            return null;
        }
        Pending<?> chosen = oldest;
        if (!slot.worker.isWarm(oldest.task.header()) && oldest.bypassed < config.affinityBypassLimit()) {
            for (Pending<?> p : queue) {
                if (slot.worker.isWarm(p.task.header())) {
                    chosen = p;
                    oldest.bypassed++;
                    break;
                }
            }
        }
        queue.remove(chosen);
        return assign(slot, chosen);
    }

    private static void becomeIdle(Slot slot) {
        slot.state = SlotState.IDLE;
        slot.idleSinceNanos = System.nanoTime();
    }

    /**
     * Starts the run on its worker, from whatever thread we are on ({@link PoolWorker#check} never blocks). The
     * answer is handled on the thread that completes it (a worker's thread), except when it is already there while
     * we launch: then the launching thread, perhaps a caller's event loop, must not do it, and a pool thread does.
     * Outside the lock.
     */
    private <R> void launch(Run<R> run) {
        Thread launching = Thread.currentThread();
        run.startNanos = System.nanoTime();
        CompletableFuture<R> answer;
        try {
            answer = run.pending.kind.run().run(run.worker, run.pending.task, run.pending.timeout);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        long guardNanos = run.pending.timeout.plus(config.timeoutGrace()).toNanos();
        run.guard = schedule(() -> execute(() -> onNoAnswer(run)), guardNanos);
        run.launching = true;
        answer.whenComplete((value, error) -> {
            long end = System.nanoTime();
            if (run.launching && Thread.currentThread() == launching) {
                execute(() -> onAnswer(run, value, error, end));
            } else {
                onAnswer(run, value, error, end);
            }
        });
        run.launching = false;
    }

    private <R> void onAnswer(Run<R> run, R answer, Throwable error, long endNanos) {
        if (!run.settled.compareAndSet(false, true)) {
            return;
        }
        if (run.guard != null) {
            run.guard.cancel(false);
        }
        long serviceNanos = endNanos - run.startNanos;
        Kind<R> kind = run.pending.kind;
        R settled;
        if (error != null) {
            settled = kind.crashed().apply("worker failed: " + error, Duration.ofNanos(serviceNanos));
        } else if (answer == null) {
            settled = kind.crashed().apply("worker answered nothing", Duration.ofNanos(serviceNanos));
        } else {
            settled = answer;
        }
        settle(run, settled, restartCause(run.worker, kind, settled), serviceNanos);
    }

    /** The worker gave no answer well past the timeout: answer Timeout for it and replace it. */
    private <R> void onNoAnswer(Run<R> run) {
        if (!run.settled.compareAndSet(false, true)) {
            return;
        }
        long serviceNanos = System.nanoTime() - run.startNanos;
        log.warn("worker {} gave no answer {} after the check timeout; killing it", run.slot.index,
                config.timeoutGrace());
        settle(run, run.pending.kind.timedOut().apply(run.pending.timeout, Duration.ofNanos(serviceNanos)),
                RestartCause.TIMEOUT, serviceNanos);
    }

    /** The causes that are cheap to see; memory is read later, and only when none of these applies. */
    private <R> RestartCause restartCause(PoolWorker worker, Kind<R> kind, R answer) {
        if (kind.isCrash(answer) || !worker.isAlive()) {
            return RestartCause.CRASH;
        }
        if (kind.isTimeout(answer) || worker.needsRestart()) {
            return RestartCause.TIMEOUT;
        }
        if (worker.checksDone() >= config.recycleAfterChecks()) {
            return RestartCause.RECYCLE;
        }
        return null;
    }

    /**
     * Answers the caller (or reserves a crash retry) and settles the slot. When the worker's memory is due for a
     * reading ({@link PoolConfig#memoryCheckInterval()}), the caller gets the verdict first and the worker stays
     * busy while its process tree's RSS is read (a scan of {@code /proc} that costs milliseconds).
     */
    private <R> void settle(Run<R> run, R answer, RestartCause cause, long serviceNanos) {
        List<Runnable> after = new ArrayList<>();
        Slot slot = run.slot;
        boolean readMemory;
        synchronized (lock) {
            if (slot.running != run) {
                return; // the pool terminated meanwhile and already answered this check
            }
            stats.serviceMicros.recordValue(serviceNanos / 1000);
            Pending<R> pending = run.pending;
            if (cause == RestartCause.CRASH && pending.kind.isCrash(answer) && config.retryCrashOnce()
                    && pending.firstCrash == null && phase == Phase.OPEN) {
                pending.firstCrash = answer;
                stats.crashRetries++;
                slot.reserved = pending;
            } else {
                deliver(pending, answer, after);
            }
            readMemory = cause == null
                    && System.nanoTime() - slot.memoryReadNanos >= config.memoryCheckInterval().toNanos();
            if (!readMemory) {
                release(run, cause, after);
            }
        }
        after.forEach(Runnable::run);
        if (readMemory) {
            RestartCause memory = run.worker.rssBytes() > config.memoryLimitBytes() ? RestartCause.MEMORY : null;
            List<Runnable> next = new ArrayList<>();
            synchronized (lock) {
                slot.memoryReadNanos = System.nanoTime();
                if (slot.running == run) {
                    release(run, memory, next);
                }
            }
            next.forEach(Runnable::run);
        }
    }

    /** The run is over: replace the worker for {@code cause}, or give it the next check. Under lock. */
    private void release(Run<?> run, RestartCause cause, List<Runnable> after) {
        Slot slot = run.slot;
        slot.running = null;
        if (cause != null) {
            stats.restarts.merge(cause, 1L, Long::sum);
            log.info("replacing worker {} ({})", slot.index, cause);
            replace(slot, after);
        } else {
            becomeIdle(slot);
            Run<?> next = nextFor(slot);
            if (next != null) {
                after.add(() -> launch(next));
            }
        }
        closeIdleSlotsIfNoWork(after);
        terminateIfDrained(after);
    }

    /**
     * Counts the answer and, once the lock is released, completes the caller's future on a thread of its own, so
     * the caller's callbacks never hold up the pool's bookkeeping.
     */
    private <R> void deliver(Pending<R> pending, R answer, List<Runnable> after) {
        if (!pending.result.isDone()) {
            pending.kind.count().accept(stats, answer);
            stats.answered(pending.submittedNanos);
        }
        after.add(() -> {
            try {
                executor.execute(() -> pending.result.complete(answer));
            } catch (RejectedExecutionException terminated) {
                pending.result.complete(answer);
            }
        });
    }

    /** A crash retry that cannot run: the caller gets the first run's crash. Under lock. */
    private <R> void deliverFirstCrash(Pending<R> retry, List<Runnable> after) {
        deliver(retry, retry.firstCrash, after);
    }

    private boolean moreWorkPossible() {
        return phase == Phase.OPEN || (phase == Phase.DRAINING && !queue.isEmpty());
    }

    /** Closes the slot's worker and, while work may still come, starts a fresh one. */
    private void replace(Slot slot, List<Runnable> after) {
        PoolWorker old = slot.worker;
        slot.worker = null;
        if (moreWorkPossible()) {
            slot.state = SlotState.STARTING;
            runOperation(() -> {
                closeQuietly(old);
                startInto(slot);
            });
        } else {
            slot.state = SlotState.CLOSED;
            runOperation(() -> closeQuietly(old));
        }
    }

    /** Outside the lock, as a counted operation: starts a worker for the slot and gives it work. */
    private void startInto(Slot slot) {
        PoolWorker worker = null;
        Throwable failure = null;
        try {
            worker = Objects.requireNonNull(factory.start(), "the worker factory returned null");
        } catch (Exception | Error e) {
            failure = e;
        }
        List<Runnable> after = new ArrayList<>();
        PoolWorker unwanted = null;
        synchronized (lock) {
            if (failure != null) {
                startFailed(slot, failure, after);
            } else if (phase == Phase.TERMINATING || phase == Phase.TERMINATED) {
                slot.state = SlotState.CLOSED;
                unwanted = worker;
            } else {
                slot.worker = worker;
                slot.memoryReadNanos = System.nanoTime();
                becomeIdle(slot);
                slot.startFailures = 0;
                slot.lastStartError = null;
                if (!slot.startedOnce) {
                    slot.startedOnce = true;
                    if (--firstStartsLeft == 0) {
                        after.add(() -> ready.complete(null));
                    }
                }
                Run<?> next;
                if (slot.reserved != null) {
                    next = assign(slot, slot.reserved);
                    slot.reserved = null;
                } else {
                    next = nextFor(slot);
                }
                if (next != null) {
                    after.add(() -> launch(next));
                }
                closeIdleSlotsIfNoWork(after);
                terminateIfDrained(after);
            }
        }
        if (unwanted != null) {
            closeQuietly(unwanted);
        }
        after.forEach(Runnable::run);
    }

    private void startFailed(Slot slot, Throwable failure, List<Runnable> after) {
        log.warn("worker {} failed to start: {}", slot.index, reason(failure));
        slot.state = SlotState.DOWN;
        slot.lastStartError = failure;
        slot.startFailures++;
        stats.startFailures++;
        if (!slot.startedOnce) {
            WorkerStartException error = new WorkerStartException(
                    "worker " + slot.index + " could not start: " + reason(failure), failure);
            after.add(() -> ready.completeExceptionally(error));
        }
        if (slot.reserved != null) {
            Pending<?> retry = slot.reserved;
            slot.reserved = null;
            deliverFirstCrash(retry, after);
        }
        if (allDown()) {
            WorkerStartException error = noWorkerError();
            List<Pending<?>> failed = new ArrayList<>(queue);
            queue.clear();
            after.add(() -> failed.forEach(p -> p.result.completeExceptionally(error)));
        }
        if (phase == Phase.TERMINATING || phase == Phase.TERMINATED) {
            slot.state = SlotState.CLOSED;
        } else if (moreWorkPossible()) {
            long factor = 1L << Math.min(slot.startFailures - 1, 20);
            Duration delay = config.restartDelay().multipliedBy(factor);
            delay = delay.compareTo(MAX_RESTART_DELAY) > 0 ? MAX_RESTART_DELAY : delay;
            schedule(() -> retryStart(slot), delay.toNanos());
        } else {
            slot.state = SlotState.CLOSED;
        }
        closeIdleSlotsIfNoWork(after);
        terminateIfDrained(after);
    }

    private void retryStart(Slot slot) {
        synchronized (lock) {
            if (slot.state != SlotState.DOWN) {
                return;
            }
            if (!moreWorkPossible()) {
                slot.state = SlotState.CLOSED;
                return;
            }
            slot.state = SlotState.STARTING;
            runOperation(() -> startInto(slot));
        }
    }

    // ---- closing (under lock) ----

    /** While draining with nothing queued, idle workers have nothing left to do: let them go early. */
    private void closeIdleSlotsIfNoWork(List<Runnable> after) {
        if (phase != Phase.DRAINING || !queue.isEmpty()) {
            return;
        }
        for (Slot slot : slots) {
            if (slot.state == SlotState.IDLE) {
                PoolWorker worker = slot.worker;
                slot.worker = null;
                slot.state = SlotState.CLOSED;
                runOperation(() -> closeQuietly(worker));
            }
        }
    }

    private void terminateIfDrained(List<Runnable> after) {
        if (phase != Phase.DRAINING || !queue.isEmpty()) {
            return;
        }
        for (Slot slot : slots) {
            if (slot.state == SlotState.BUSY || slot.reserved != null) {
                return;
            }
        }
        terminate(after);
    }

    /** Answers every running check with {@link PoolClosedException} and closes every worker. */
    private void terminate(List<Runnable> after) {
        if (phase == Phase.TERMINATING || phase == Phase.TERMINATED) {
            return;
        }
        phase = Phase.TERMINATING;
        PoolClosedException closed = new PoolClosedException("the checker pool was closed during this check");
        for (Pending<?> pending : queue) {
            after.add(() -> pending.result.completeExceptionally(closed));
        }
        queue.clear();
        for (Slot slot : slots) {
            if (slot.running != null) {
                Pending<?> pending = slot.running.pending;
                slot.running.settled.set(true);
                slot.running = null;
                after.add(() -> pending.result.completeExceptionally(closed));
            }
            if (slot.reserved != null) {
                Pending<?> pending = slot.reserved;
                slot.reserved = null;
                after.add(() -> pending.result.completeExceptionally(closed));
            }
            PoolWorker worker = slot.worker;
            slot.worker = null;
            if (slot.state != SlotState.STARTING) { // a start in flight closes its own worker when it ends
                slot.state = SlotState.CLOSED;
            }
            if (worker != null) {
                runOperation(() -> closeQuietly(worker));
            }
        }
        finishIfTerminated(after);
    }

    private void finishIfTerminated(List<Runnable> after) {
        if (phase != Phase.TERMINATING || operations > 0) {
            return;
        }
        phase = Phase.TERMINATED;
        after.add(() -> {
            timer.shutdownNow();
            executor.shutdown();
            terminated.complete(null);
        });
    }

    // ---- threads ----

    /** Runs a worker start or close on a pool thread and counts it, so termination waits for it. Under lock. */
    private void runOperation(Runnable operation) {
        operations++;
        execute(() -> {
            try {
                operation.run();
            } finally {
                List<Runnable> after = new ArrayList<>();
                synchronized (lock) {
                    operations--;
                    finishIfTerminated(after);
                }
                after.forEach(Runnable::run);
            }
        });
    }

    private void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // Terminated: every check was already answered; a late worker callback has nothing left to do.
        }
    }

    private ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        try {
            return timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null; // terminated
        }
    }

    private static void closeQuietly(PoolWorker worker) {
        try {
            worker.close();
        } catch (RuntimeException e) {
            log.warn("closing a worker failed: {}", e.toString());
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    // ---- state ----

    private static final class Slot {
        final int index;
        SlotState state = SlotState.STARTING;
        PoolWorker worker;
        Run<?> running;
        /** A crashed request waiting to run first on this slot's next worker. */
        Pending<?> reserved;
        long idleSinceNanos;
        /** When the current worker's RSS was last read (or the worker started). */
        long memoryReadNanos;
        boolean startedOnce;
        int startFailures;
        Throwable lastStartError;

        Slot(int index) {
            this.index = index;
        }
    }

    /**
     * What the pool needs to know about one kind of request; checks and goal-state requests share everything else
     * (queue, affinity, timeouts, restarts, crash retry).
     *
     * @param run      starts the request on a worker without blocking
     * @param crashed  the answer the pool makes up for a worker that failed
     * @param timedOut the answer the pool makes up for a worker that never answered
     * @param count    counts a delivered answer in the stats (under the pool's lock)
     */
    private record Kind<R>(Runner<R> run, BiFunction<String, Duration, R> crashed,
                           BiFunction<Duration, Duration, R> timedOut, Class<? extends R> crashType,
                           Class<? extends R> timeoutType, BiConsumer<Stats, R> count) {

        boolean isCrash(R answer) {
            return crashType.isInstance(answer);
        }

        boolean isTimeout(R answer) {
            return timeoutType.isInstance(answer);
        }
    }

    @FunctionalInterface
    private interface Runner<R> {
        CompletableFuture<R> run(PoolWorker worker, CheckTask task, Duration timeout);
    }

    private static final Kind<Verdict> CHECK = new Kind<>(PoolWorker::check, Verdict.Crashed::new,
            Verdict.Timeout::new, Verdict.Crashed.class, Verdict.Timeout.class, (stats, verdict) -> {
                stats.verdicts.merge(verdict.status(), 1L, Long::sum);
                stats.lastVerdictNanos = System.nanoTime();
            });

    private static final Kind<GoalAnswer> GOALS = new Kind<>(PoolWorker::goals, GoalAnswer.Crashed::new,
            GoalAnswer.Timeout::new, GoalAnswer.Crashed.class, GoalAnswer.Timeout.class,
            (stats, answer) -> stats.goalStates++);

    private static final class Pending<R> {
        final CheckTask task;
        final Kind<R> kind;
        /** The wall-clock limit of each run: the pool's check timeout, or a shorter one asked for this request. */
        final Duration timeout;
        final CompletableFuture<R> result = new CompletableFuture<>();
        final long submittedNanos = System.nanoTime();
        int bypassed;
        /** The answer of a crashed first run while its retry waits for a fresh worker. */
        R firstCrash;

        Pending(CheckTask task, Kind<R> kind, Duration timeout) {
            this.task = task;
            this.kind = kind;
            this.timeout = timeout;
        }
    }

    /** One run of a request on one worker; settled exactly once, by the answer, the guard or termination. */
    private static final class Run<R> {
        final Slot slot;
        final PoolWorker worker;
        final Pending<R> pending;
        final AtomicBoolean settled = new AtomicBoolean();
        volatile long startNanos;
        volatile ScheduledFuture<?> guard;
        /** True while {@link #launch} registers its callback: an answer arriving then must leave this thread. */
        volatile boolean launching;

        Run(Slot slot, PoolWorker worker, Pending<R> pending) {
            this.slot = slot;
            this.worker = worker;
            this.pending = pending;
        }
    }

    private static final class Stats {
        final EnumMap<Verdict.Status, Long> verdicts = new EnumMap<>(Verdict.Status.class);
        final EnumMap<RestartCause, Long> restarts = new EnumMap<>(RestartCause.class);
        final Histogram latencyMicros = new Histogram(3);
        final Histogram serviceMicros = new Histogram(3);
        long goalStates;
        long crashRetries;
        long saturated;
        long startFailures;
        long firstSubmitNanos;
        long lastVerdictNanos;
        boolean anySubmitted;

        Stats() {
            reset();
        }

        void reset() {
            for (Verdict.Status status : Verdict.Status.values()) {
                verdicts.put(status, 0L);
            }
            for (RestartCause cause : RestartCause.values()) {
                restarts.put(cause, 0L);
            }
            latencyMicros.reset();
            serviceMicros.reset();
            goalStates = 0;
            crashRetries = 0;
            saturated = 0;
            startFailures = 0;
            anySubmitted = false;
        }

        void submitted(long nanos) {
            if (!anySubmitted) {
                anySubmitted = true;
                firstSubmitNanos = nanos;
                lastVerdictNanos = nanos;
            }
        }

        void answered(long submittedNanos) {
            latencyMicros.recordValue((System.nanoTime() - submittedNanos) / 1000);
        }

        double checksPerSecond() {
            long done = verdicts.values().stream().mapToLong(Long::longValue).sum();
            long span = lastVerdictNanos - firstSubmitNanos;
            return anySubmitted && done > 0 && span > 0 ? done / (span / 1e9) : 0;
        }
    }
}
