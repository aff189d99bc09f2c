package dev.leanforge.bridge.pool;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link CheckerPool}. Build with {@link #builder()}; every setting has a default.
 *
 * @param workers             Lean servers kept warm, at most {@link #maxWorkers()} (default: number of cores)
 * @param queueCapacity       checks that may wait for a worker; one more is refused with
 *                            {@link PoolSaturatedException} (default: 4 × workers; 0 = no waiting)
 * @param checkTimeout        wall-clock limit of one check on a worker, at most {@link #MAX_CHECK_TIMEOUT}
 *                            (default 60 s)
 * @param timeoutGrace        how much longer than {@code checkTimeout} the pool waits for the worker's own
 *                            {@code Timeout} verdict before it answers {@code Timeout} itself and kills the worker
 *                            (default 10 s)
 * @param recycleAfterChecks  a worker is replaced after this many checks (default 500)
 * @param memoryLimitBytes    a worker whose process tree's RSS is above this after a check is replaced
 *                            (default 8 GiB)
 * @param memoryCheckInterval RSS is read after a check only when the last reading is at least this old, because
 *                            reading it scans {@code /proc} (milliseconds); 0 = after every check (default 1 s)
 * @param retryCrashOnce      run a check that crashed its worker once more on that slot's fresh worker; the second
 *                            verdict, whatever it is, is the answer (default true)
 * @param restartDelay        wait before retrying a failed worker start; doubles on each failure up to 30 s
 *                            (default 1 s)
 * @param closeGrace          how long {@link CloseMode#CANCEL_QUEUED} lets running checks finish (default 10 s)
 * @param affinityBypassLimit how often the oldest queued check may be overtaken by a younger one whose header is
 *                            warm on the free worker (default 2 × workers; 0 = strict FIFO)
 */
public record PoolConfig(int workers, int queueCapacity, Duration checkTimeout, Duration timeoutGrace,
                         long recycleAfterChecks, long memoryLimitBytes, Duration memoryCheckInterval,
                         boolean retryCrashOnce,
                         Duration restartDelay, Duration closeGrace, int affinityBypassLimit) {

    public static final long GIB = 1024L * 1024 * 1024;

    /** Workers per core at most: each is a Lean server with its own threads, and a core serves a few at best. */
    public static final int WORKERS_PER_CORE = 4;

    /**
     * The longest check limit: longer is no check limit at all, and the pool's deadlines (limit plus grace, in
     * nanoseconds) must not overflow.
     */
    public static final Duration MAX_CHECK_TIMEOUT = Duration.ofDays(1);

    /** The most workers a pool may have on this machine: {@link #WORKERS_PER_CORE} × the cores. */
    public static int maxWorkers() {
        return WORKERS_PER_CORE * Runtime.getRuntime().availableProcessors();
    }

    public PoolConfig {
        Objects.requireNonNull(checkTimeout, "checkTimeout");
        Objects.requireNonNull(timeoutGrace, "timeoutGrace");
        Objects.requireNonNull(restartDelay, "restartDelay");
        Objects.requireNonNull(closeGrace, "closeGrace");
        Objects.requireNonNull(memoryCheckInterval, "memoryCheckInterval");
        require(workers >= 1, "workers must be at least 1 (got " + workers + ")");
        require(workers <= maxWorkers(), "workers must be at most " + maxWorkers() + " (" + WORKERS_PER_CORE
                + " per core, each one a Lean server) (got " + workers + ")");
        require(queueCapacity >= 0, "queueCapacity must be 0 or more (got " + queueCapacity + ")");
        require(isPositive(checkTimeout), "checkTimeout must be positive (got " + checkTimeout + ")");
        require(checkTimeout.compareTo(MAX_CHECK_TIMEOUT) <= 0,
                "checkTimeout must be at most " + MAX_CHECK_TIMEOUT + " (got " + checkTimeout + ")");
        require(!timeoutGrace.isNegative(), "timeoutGrace must not be negative (got " + timeoutGrace + ")");
        require(recycleAfterChecks >= 1,
                "recycleAfterChecks must be at least 1 (got " + recycleAfterChecks + ")");
        require(memoryLimitBytes > 0, "memoryLimitBytes must be positive (got " + memoryLimitBytes + ")");
        require(!memoryCheckInterval.isNegative(),
                "memoryCheckInterval must not be negative (got " + memoryCheckInterval + ")");
        require(isPositive(restartDelay), "restartDelay must be positive (got " + restartDelay + ")");
        require(!closeGrace.isNegative(), "closeGrace must not be negative (got " + closeGrace + ")");
        require(affinityBypassLimit >= 0,
                "affinityBypassLimit must be 0 or more (got " + affinityBypassLimit + ")");
    }

    public static Builder builder() {
        return new Builder();
    }

    private static boolean isPositive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("invalid pool config: " + message);
        }
    }

    /** Defaults as documented on {@link PoolConfig}; settings that derive from {@code workers} follow it. */
    public static final class Builder {
        private int workers = Runtime.getRuntime().availableProcessors();
        private Integer queueCapacity;
        private Duration checkTimeout = Duration.ofSeconds(60);
        private Duration timeoutGrace = Duration.ofSeconds(10);
        private long recycleAfterChecks = 500;
        private long memoryLimitBytes = 8 * GIB;
        private Duration memoryCheckInterval = Duration.ofSeconds(1);
        private boolean retryCrashOnce = true;
        private Duration restartDelay = Duration.ofSeconds(1);
        private Duration closeGrace = Duration.ofSeconds(10);
        private Integer affinityBypassLimit;

        private Builder() {
        }

        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        public Builder checkTimeout(Duration checkTimeout) {
            this.checkTimeout = checkTimeout;
            return this;
        }

        public Builder timeoutGrace(Duration timeoutGrace) {
            this.timeoutGrace = timeoutGrace;
            return this;
        }

        public Builder recycleAfterChecks(long recycleAfterChecks) {
            this.recycleAfterChecks = recycleAfterChecks;
            return this;
        }

        public Builder memoryLimitBytes(long memoryLimitBytes) {
            this.memoryLimitBytes = memoryLimitBytes;
            return this;
        }

        public Builder memoryCheckInterval(Duration memoryCheckInterval) {
            this.memoryCheckInterval = memoryCheckInterval;
            return this;
        }

        public Builder retryCrashOnce(boolean retryCrashOnce) {
            this.retryCrashOnce = retryCrashOnce;
            return this;
        }

        public Builder restartDelay(Duration restartDelay) {
            this.restartDelay = restartDelay;
            return this;
        }

        public Builder closeGrace(Duration closeGrace) {
            this.closeGrace = closeGrace;
            return this;
        }

        public Builder affinityBypassLimit(int affinityBypassLimit) {
            this.affinityBypassLimit = affinityBypassLimit;
            return this;
        }

        /** Validates and returns the config; throws {@link IllegalArgumentException} naming the bad setting. */
        public PoolConfig build() {
            return new PoolConfig(workers, queueCapacity != null ? queueCapacity : 4 * workers, checkTimeout,
                    timeoutGrace, recycleAfterChecks, memoryLimitBytes, memoryCheckInterval, retryCrashOnce,
                    restartDelay, closeGrace, affinityBypassLimit != null ? affinityBypassLimit : 2 * workers);
        }
    }
}
