package dev.leanforge.bridge;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.pool.CheckerPool;
import dev.leanforge.bridge.pool.CloseMode;
import dev.leanforge.bridge.pool.LatencySummary;
import dev.leanforge.bridge.pool.LeanWorkerFactory;
import dev.leanforge.bridge.pool.PoolClosedException;
import dev.leanforge.bridge.pool.PoolConfig;
import dev.leanforge.bridge.pool.PoolMetrics;
import dev.leanforge.bridge.pool.RestartCause;
import dev.leanforge.bridge.pool.WorkerFactory;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.session.FreshProcessChecker;
import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.bridge.session.LeanWorker;
import dev.leanforge.bridge.soundness.PolicyResult;
import dev.leanforge.bridge.soundness.SourcePolicy;
import dev.leanforge.bridge.verdict.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.EnumMap;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lean for everyone outside the bridge: the one entry class that pairs the warm {@link CheckerPool} with the
 * authoritative {@link FreshProcessChecker}, both started with the same {@link ServerCommand} and judged by the same
 * {@link SourcePolicy}. Four verbs:
 *
 * <ul>
 *   <li>{@link #check(CheckTask)}: the source policy, then a warm worker of the pool; never blocks. The future
 *       holds the worker's {@link Verdict} or fails as {@link CheckerPool#check} says (saturated, start failure,
 *       closed).</li>
 *   <li>{@link #recheck(CheckTask)}: the same task in a new Lean process with one complete document, the tier that
 *       decides what is recorded; runs on this checker's own recheck threads, so it never blocks either.</li>
 *   <li>{@link #goals(CheckTask)}: the goals after a tactic prefix, on the pool.</li>
 *   <li>{@link #close()}.</li>
 * </ul>
 *
 * <p><b>The policy first.</b> {@code check} and {@code goals} scan the proof (prefix) with the source policy on the
 * caller's thread before anything is queued: a refused one is answered {@link Verdict.Rejected} /
 * {@link GoalAnswer.Rejected} at once, takes no place in the queue and starts no Lean (the worker scans again, as it
 * always has; the scan is a lexer pass). {@code recheck} refuses the same way without starting a process.
 *
 * <p><b>Started on first use.</b> The pool's servers start when the first task passes the policy, or on
 * {@link #ready()}; a checker used only for rechecks (e.g. {@code leanforge check --fresh}, {@code ledger verify})
 * never starts warm servers.
 *
 * <p>Futures complete on the pool's or the recheck threads; a Vert.x caller hops back with
 * {@code Future.fromCompletionStage(future, context)}. Safe for use from several threads.
 */
public final class LeanChecker implements AutoCloseable {

    private static final AtomicInteger CHECKERS = new AtomicInteger();

    private final ServerCommand server;
    private final PoolConfig poolConfig;
    private final SourcePolicy policy;
    private final WorkerFactory workers;
    private final FreshProcessChecker fresh;
    private final Duration recheckTimeout;
    private final int recheckThreads;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong rechecks = new AtomicLong();
    private final Object lock = new Object();
    private CheckerPool pool;
    private ThreadPoolExecutor recheckExecutor;
    private CompletableFuture<Void> closed;

    private LeanChecker(Builder b, PoolConfig poolConfig) {
        this.server = b.server;
        this.poolConfig = poolConfig;
        this.policy = b.policy;
        this.workers = b.workerFactory != null ? b.workerFactory
                : new LeanWorkerFactory(b.server, new LeanWorker.Settings(b.startupTimeout, b.maxOpenDocuments,
                        b.policy));
        this.fresh = new FreshProcessChecker(b.server, b.startupTimeout, b.policy);
        this.recheckTimeout = b.recheckTimeout != null ? b.recheckTimeout : poolConfig.checkTimeout();
        this.recheckThreads = b.recheckThreads;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Checks {@code task} on a warm worker within the pool's check timeout; see the class comment. */
    public CompletableFuture<Verdict> check(CheckTask task) {
        return check(task, poolConfig.checkTimeout());
    }

    /**
     * {@link #check(CheckTask)} with a shorter limit for this check alone; the pool's check timeout stays the cap
     * ({@link CheckerPool#check(CheckTask, Duration)}).
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public CompletableFuture<Verdict> check(CheckTask task, Duration timeout) {
        Objects.requireNonNull(task, "task");
        requirePositive(timeout);
        long started = System.nanoTime();
        if (policy.check(task) instanceof PolicyResult.Rejected rejected) {
            refused.incrementAndGet();
            return CompletableFuture.completedFuture(rejected.toVerdict(since(started)));
        }
        Optional<CheckerPool> running = pool();
        return running.isEmpty() ? closedFuture() : running.get().check(task, timeout);
    }

    /**
     * The authoritative check of {@code task} in a fresh Lean process within the recheck timeout. The future holds
     * the verdict ({@link Verdict.Crashed} for a server that cannot start) or fails with {@link PoolClosedException}
     * when this checker was closed before the recheck began.
     */
    public CompletableFuture<Verdict> recheck(CheckTask task) {
        return recheck(task, recheckTimeout);
    }

    /** {@link #recheck(CheckTask)} with its own wall-clock limit (import loading included). */
    public CompletableFuture<Verdict> recheck(CheckTask task, Duration timeout) {
        Objects.requireNonNull(task, "task");
        requirePositive(timeout);
        long started = System.nanoTime();
        if (policy.check(task) instanceof PolicyResult.Rejected rejected) {
            refused.incrementAndGet();
            return CompletableFuture.completedFuture(rejected.toVerdict(since(started)));
        }
        CompletableFuture<Verdict> result = new CompletableFuture<>();
        synchronized (lock) {
            if (closed != null) {
                return closedFuture();
            }
            if (recheckExecutor == null) {
                recheckExecutor = new ThreadPoolExecutor(recheckThreads, recheckThreads, 0, TimeUnit.MILLISECONDS,
                        new LinkedBlockingQueue<>(), daemonThreads("leanforge-recheck-" + CHECKERS.incrementAndGet()));
            }
            try {
                recheckExecutor.execute(new Recheck(task, timeout, result));
            } catch (RejectedExecutionException e) {
                return closedFuture();
            }
        }
        rechecks.incrementAndGet();
        return result;
    }

    /**
     * The goals after the tactic prefix {@code prefix.proof()} (starting with {@code by}), on a warm worker: see
     * {@link CheckerPool#goals}. A prefix the source policy refuses is answered {@link GoalAnswer.Rejected} here.
     */
    public CompletableFuture<GoalAnswer> goals(CheckTask prefix) {
        Objects.requireNonNull(prefix, "prefix");
        long started = System.nanoTime();
        if (policy.check(prefix.proof()) instanceof PolicyResult.Rejected rejected) {
            refused.incrementAndGet();
            Duration elapsed = since(started);
            return CompletableFuture.completedFuture(
                    new GoalAnswer.Rejected(rejected.toVerdict(elapsed).reason(), elapsed));
        }
        Optional<CheckerPool> running = pool();
        return running.isEmpty() ? closedFuture() : running.get().goals(prefix);
    }

    /**
     * Starts the warm servers if they are not yet started; completes when each has started once, fails with
     * {@link dev.leanforge.bridge.pool.WorkerStartException} if one could not.
     */
    public CompletableFuture<Void> ready() {
        Optional<CheckerPool> running = pool();
        return running.isEmpty() ? closedFuture() : running.get().ready();
    }

    /** How Lean is started, for both tiers. */
    public ServerCommand server() {
        return server;
    }

    /** The warm pool's settings; {@link PoolConfig#checkTimeout()} is {@link #check(CheckTask)}'s limit. */
    public PoolConfig poolConfig() {
        return poolConfig;
    }

    /** The limit of {@link #recheck(CheckTask)}. */
    public Duration recheckTimeout() {
        return recheckTimeout;
    }

    /** A snapshot of the counters; the pool's are all zero until it has been started. */
    public Metrics metrics() {
        CheckerPool running;
        int queued;
        int active;
        synchronized (lock) {
            running = pool;
            queued = recheckExecutor == null ? 0 : recheckExecutor.getQueue().size();
            active = recheckExecutor == null ? 0 : recheckExecutor.getActiveCount();
        }
        return new Metrics(running == null ? notStarted() : running.metrics(), running != null, refused.get(),
                rechecks.get(), queued + active);
    }

    /**
     * Refuses new work and closes as {@code mode} says for the pool ({@link CheckerPool#closeAsync}); rechecks not
     * yet begun fail with {@link PoolClosedException}, running ones finish. Completes once every warm server has
     * been stopped. Calling it again returns the same future.
     */
    public CompletableFuture<Void> closeAsync(CloseMode mode) {
        Objects.requireNonNull(mode, "mode");
        List<Runnable> waiting = new ArrayList<>();
        synchronized (lock) {
            if (closed != null) {
                return closed;
            }
            if (recheckExecutor != null) {
                recheckExecutor.shutdown();
                recheckExecutor.getQueue().drainTo(waiting);
            }
            closed = pool == null ? CompletableFuture.completedFuture(null) : pool.closeAsync(mode);
        }
        for (Runnable r : waiting) {
            ((Recheck) r).result.completeExceptionally(new PoolClosedException("the Lean checker was closed"));
        }
        return closed;
    }

    /** {@link #closeAsync(CloseMode) closeAsync(CANCEL_QUEUED)} and waits for it: never on an event loop. */
    @Override
    public void close() {
        closeAsync(CloseMode.CANCEL_QUEUED).join();
    }

    @Override
    public String toString() {
        return "LeanChecker[" + server + ", " + poolConfig.workers() + " warm]";
    }

    /**
     * @param pool             the warm pool's counters (all zero before it has been started)
     * @param poolStarted      whether the warm servers have been started (by a first check, goal-state request or
     *                         {@link #ready()})
     * @param refused          checks, rechecks and goal-state requests the source policy refused here (Lean never
     *                         saw them; not counted in the pool's verdicts)
     * @param rechecks         fresh-process rechecks accepted
     * @param rechecksInFlight rechecks running or waiting for a recheck thread now
     */
    public record Metrics(PoolMetrics pool, boolean poolStarted, long refused, long rechecks,
                          int rechecksInFlight) {
        public Metrics {
            Objects.requireNonNull(pool, "pool");
        }
    }

    /** Every setting has a default except {@link #server(ServerCommand)}. */
    public static final class Builder {
        private ServerCommand server;
        private PoolConfig pool;
        private Integer workers;
        private Integer queueCapacity;
        private Duration timeout;
        private SourcePolicy policy = SourcePolicy.standard();
        private Duration startupTimeout = LeanWorker.Settings.defaults().startupTimeout();
        private int maxOpenDocuments = LeanWorker.Settings.defaults().maxOpenDocuments();
        private Duration recheckTimeout;
        private int recheckThreads = 1;
        private WorkerFactory workerFactory;

        private Builder() {
        }

        /** How Lean is started ({@code lean --server}, {@code lake serve}, a {@code --server-cmd}): required. */
        public Builder server(ServerCommand server) {
            this.server = Objects.requireNonNull(server, "server");
            return this;
        }

        /** Every pool setting at once; {@link #workers}, {@link #queueCapacity} and {@link #timeout} override it. */
        public Builder pool(PoolConfig pool) {
            this.pool = Objects.requireNonNull(pool, "pool");
            return this;
        }

        /** Warm servers (default: the number of cores). */
        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /** Checks that may wait for a worker (default: 4 × workers). */
        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        /** Wall-clock limit of one warm check (default 60 s), and of a recheck unless {@link #recheckTimeout} says. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** The static scan every proof and prefix passes before Lean sees it (default: the standard policy). */
        public Builder policy(SourcePolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** How long a server may take to start, warm or fresh (default 1 min). */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = Objects.requireNonNull(startupTimeout, "startupTimeout");
            return this;
        }

        /** Headers kept open per warm server (default 2). */
        public Builder maxOpenDocuments(int maxOpenDocuments) {
            this.maxOpenDocuments = maxOpenDocuments;
            return this;
        }

        /** Wall-clock limit of one fresh-process recheck (default: the check timeout). */
        public Builder recheckTimeout(Duration recheckTimeout) {
            this.recheckTimeout = Objects.requireNonNull(recheckTimeout, "recheckTimeout");
            return this;
        }

        /** Fresh-process rechecks at once (default 1); more wait for a thread. */
        public Builder recheckThreads(int recheckThreads) {
            this.recheckThreads = recheckThreads;
            return this;
        }

        /**
         * Warm workers from this factory instead of Lean servers started with {@link #server} (benchmarks and tests
         * with in-memory workers); rechecks still start {@link #server}.
         */
        public Builder workerFactory(WorkerFactory workerFactory) {
            this.workerFactory = Objects.requireNonNull(workerFactory, "workerFactory");
            return this;
        }

        /**
         * Validates the settings; starts nothing.
         *
         * @throws IllegalArgumentException for an invalid setting (the pool's messages, e.g.
         *                                  {@code invalid pool config: workers must be at least 1 (got 0)})
         * @throws NullPointerException     without {@link #server}
         */
        public LeanChecker build() {
            Objects.requireNonNull(server, "server: how to start Lean is required");
            if (recheckThreads < 1) {
                throw new IllegalArgumentException("recheckThreads must be at least 1 (got " + recheckThreads + ")");
            }
            // Validated here rather than on the first check.
            new LeanWorker.Settings(startupTimeout, maxOpenDocuments, policy);
            PoolConfig config;
            if (pool == null) {
                PoolConfig.Builder b = PoolConfig.builder();
                if (workers != null) {
                    b.workers(workers);
                }
                if (queueCapacity != null) {
                    b.queueCapacity(queueCapacity);
                }
                if (timeout != null) {
                    b.checkTimeout(timeout);
                }
                config = b.build();
            } else {
                PoolConfig base = pool;
                config = new PoolConfig(workers != null ? workers : base.workers(),
                        queueCapacity != null ? queueCapacity : base.queueCapacity(),
                        timeout != null ? timeout : base.checkTimeout(), base.timeoutGrace(),
                        base.recycleAfterChecks(), base.memoryLimitBytes(), base.memoryCheckInterval(),
                        base.retryCrashOnce(), base.restartDelay(), base.closeGrace(), base.affinityBypassLimit());
            }
            return new LeanChecker(this, config);
        }
    }

    // ---- internals ----

    /** The pool, started on first call; empty once closed. */
    private Optional<CheckerPool> pool() {
        synchronized (lock) {
            if (closed != null) {
                return Optional.empty();
            }
            if (pool == null) {
                pool = CheckerPool.start(poolConfig, workers);
            }
            return Optional.of(pool);
        }
    }

    private static PoolMetrics notStarted() {
        Map<Verdict.Status, Long> verdicts = new EnumMap<>(Verdict.Status.class);
        for (Verdict.Status status : Verdict.Status.values()) {
            verdicts.put(status, 0L);
        }
        Map<RestartCause, Long> restarts = new EnumMap<>(RestartCause.class);
        for (RestartCause cause : RestartCause.values()) {
            restarts.put(cause, 0L);
        }
        return new PoolMetrics(verdicts, 0, LatencySummary.EMPTY, LatencySummary.EMPTY, 0, 0, 0, restarts, 0, 0, 0,
                0);
    }

    private static <T> CompletableFuture<T> closedFuture() {
        return CompletableFuture.failedFuture(new PoolClosedException("the Lean checker was closed"));
    }

    private final class Recheck implements Runnable {
        final CheckTask task;
        final Duration timeout;
        final CompletableFuture<Verdict> result;

        Recheck(CheckTask task, Duration timeout, CompletableFuture<Verdict> result) {
            this.task = task;
            this.timeout = timeout;
            this.result = result;
        }

        @Override
        public void run() {
            if (result.isDone()) {
                return; // cancelled while it waited
            }
            try {
                result.complete(fresh.check(task, timeout));
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void requirePositive(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
