package dev.leanforge.bridge.bench;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.pool.CheckerPool;
import dev.leanforge.bridge.pool.LatencySummary;
import dev.leanforge.bridge.pool.LeanWorkerFactory;
import dev.leanforge.bridge.pool.PoolConfig;
import dev.leanforge.bridge.pool.PoolMetrics;
import dev.leanforge.bridge.pool.WorkerFactory;
import dev.leanforge.bridge.pool.WorkerStartException;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.session.FreshProcessChecker;
import dev.leanforge.bridge.toolchain.Toolchain;
import dev.leanforge.bridge.toolchain.ToolchainLocator;
import dev.leanforge.bridge.verdict.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ObjLongConsumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Throughput and latency of the {@link CheckerPool} over real server processes (Lean, or the stand-in test double).
 * Not a test: it prints numbers and asserts nothing.
 *
 * <p>For each worker count it starts a pool (start-up not measured), runs the warm-up checks, then the measured
 * checks as a closed loop with one check in flight per worker, and reports the pool's metrics plus a split of each
 * check's latency: <i>worker</i> = from the pool calling {@code LeanWorker.check} to that future completing
 * (source policy, LSP round trip including the server's elaboration, acceptance, the worker's thread hops), and
 * <i>pool overhead</i> = the caller's latency minus that (dispatch, bookkeeping, handing the verdict to the
 * caller's thread). Lean does not report its elaboration time, so against real Lean the worker column is an upper
 * bound of the bridge's own cost; against the stand-in, which elaborates nothing, it is the whole protocol round
 * trip plus the stand-in's own work. With {@code fresh}, the same tasks also run one by one on a warm 1-worker pool
 * and in a {@link FreshProcessChecker} (a new server per check).
 */
public final class PoolBenchmark {

    /**
     * @param server       how to start each server
     * @param tasks        tasks to check, cycled when more checks than tasks are asked for
     * @param workerCounts pool sizes to sweep
     * @param checks       measured checks per pool size
     * @param warmup       unmeasured checks per pool size, run first
     * @param timeout      per-check limit
     * @param fresh        also compare warm and fresh-process latency
     * @param freshChecks  how many tasks that comparison runs in each mode
     */
    public record Options(ServerCommand server, List<CheckTask> tasks, List<Integer> workerCounts, int checks,
                          int warmup, Duration timeout, boolean fresh, int freshChecks) {
        public Options {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(timeout, "timeout");
            tasks = List.copyOf(tasks);
            workerCounts = List.copyOf(workerCounts);
            require(!tasks.isEmpty(), "no tasks to check");
            require(!workerCounts.isEmpty(), "no worker counts to sweep; give e.g. 1,2");
            workerCounts.forEach(n -> require(n >= 1, "worker counts must be at least 1, got " + n));
            workerCounts.forEach(n -> require(n <= PoolConfig.maxWorkers(), "worker counts must be at most "
                    + PoolConfig.maxWorkers() + " (" + PoolConfig.WORKERS_PER_CORE + " per core), got " + n));
            require(checks >= 1, "checks must be at least 1, got " + checks);
            require(warmup >= 0, "warm-up must be 0 or more, got " + warmup);
            require(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive, got " + timeout);
            require(timeout.compareTo(PoolConfig.MAX_CHECK_TIMEOUT) <= 0,
                    "timeout must be at most " + PoolConfig.MAX_CHECK_TIMEOUT + ", got " + timeout);
            require(freshChecks >= 1, "fresh checks must be at least 1, got " + freshChecks);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }

    /** One pool size's measured checks. {@code errors}: futures that failed instead of giving a verdict. */
    public record Row(int workers, long checks, double checksPerSecond, LatencySummary latency, Duration workerP50,
                      Duration poolOverheadP50, long restarts, Map<Verdict.Status, Long> verdicts, long errors) {
        public Row {
            verdicts = Map.copyOf(verdicts);
        }
    }

    /** The same tasks, one at a time, on a warm worker and in a new process each; statuses compared. */
    public record FreshComparison(int checks, LatencySummary warm, LatencySummary fresh, int disagreements) {
    }

    public record Result(List<Row> rows, Optional<FreshComparison> fresh) {
        public Result {
            rows = List.copyOf(rows);
            Objects.requireNonNull(fresh, "fresh");
        }

        /** The table people read. */
        public String table() {
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "%7s %7s %9s %9s %9s %10s %13s %8s  %s%n", "workers", "checks",
                    "checks/s", "p50 ms", "p99 ms", "worker p50", "pool overhead", "restarts", "verdicts"));
            for (Row row : rows) {
                out.append(String.format(Locale.ROOT, "%7d %7d %9.1f %9.2f %9.2f %10.2f %13.3f %8d  %s%n",
                        row.workers(), row.checks(), row.checksPerSecond(), millis(row.latency().p50()),
                        millis(row.latency().p99()), millis(row.workerP50()), millis(row.poolOverheadP50()),
                        row.restarts(), verdictWords(row)));
            }
            fresh.ifPresent(f -> out.append(String.format(Locale.ROOT,
                    "warm vs fresh process, %d checks one at a time: warm p50 %.2f ms p99 %.2f ms; "
                            + "fresh p50 %.2f ms p99 %.2f ms (%.1fx at p50); status differs on %d%n",
                    f.checks(), millis(f.warm().p50()), millis(f.warm().p99()), millis(f.fresh().p50()),
                    millis(f.fresh().p99()), millis(f.fresh().p50()) / Math.max(millis(f.warm().p50()), 1e-3),
                    f.disagreements())));
            return out.toString();
        }

        private static String verdictWords(Row row) {
            String words = row.verdicts().entrySet().stream().filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
            return row.errors() > 0 ? words + " errors=" + row.errors() : words;
        }

        private static double millis(Duration d) {
            return d.toNanos() / 1e6;
        }
    }

    private PoolBenchmark() {
    }

    /**
     * Runs the sweep (and the fresh comparison when asked); blocks until done.
     *
     * @throws WorkerStartException when a server cannot be started
     */
    public static Result run(Options options) {
        List<Row> rows = new ArrayList<>();
        for (int workers : options.workerCounts()) {
            rows.add(measure(options, workers));
        }
        return new Result(rows, options.fresh() ? Optional.of(compareFresh(options)) : Optional.empty());
    }

    private static Row measure(Options options, int workers) {
        PoolConfig config = PoolConfig.builder().workers(workers).checkTimeout(options.timeout()).build();
        TimedWorkers timed = new TimedWorkers(new LeanWorkerFactory(options.server()));
        try (CheckerPool pool = startedPool(config, timed)) {
            drive(pool, options.tasks(), 0, options.warmup(), workers, (task, latency) -> timed.workerNanos(task));
            pool.resetMetrics();
            Histogram workerMicros = new ConcurrentHistogram(3);
            Histogram overheadMicros = new ConcurrentHistogram(3);
            long errors = drive(pool, options.tasks(), options.warmup(), options.checks(), workers,
                    (task, latencyNanos) -> {
                        long worker = timed.workerNanos(task);
                        workerMicros.recordValue(worker / 1000);
                        overheadMicros.recordValue(Math.max(0, latencyNanos - worker) / 1000);
                    });
            PoolMetrics metrics = pool.metrics();
            return new Row(workers, metrics.checksCompleted(), metrics.checksPerSecond(), metrics.latency(),
                    LatencySummary.ofMicros(workerMicros).p50(), LatencySummary.ofMicros(overheadMicros).p50(),
                    metrics.totalRestarts(), metrics.verdicts(), errors);
        }
    }

    private static FreshComparison compareFresh(Options options) {
        List<CheckTask> tasks = IntStream.range(0, options.freshChecks())
                .mapToObj(i -> options.tasks().get(i % options.tasks().size())).toList();
        Histogram warmMicros = new Histogram(3);
        List<Verdict.Status> warmStatuses = new ArrayList<>();
        try (CheckerPool pool = startedPool(PoolConfig.builder().workers(1).checkTimeout(options.timeout()).build(),
                new LeanWorkerFactory(options.server()))) {
            tasks.stream().map(CheckTask::header).distinct()
                    .forEach(header -> pool.check(tasks.stream().filter(t -> t.header().equals(header))
                            .findFirst().orElseThrow()).join());
            for (CheckTask task : tasks) {
                long start = System.nanoTime();
                warmStatuses.add(pool.check(task).join().status());
                warmMicros.recordValue((System.nanoTime() - start) / 1000);
            }
        }
        FreshProcessChecker checker = new FreshProcessChecker(options.server());
        Histogram freshMicros = new Histogram(3);
        int disagreements = 0;
        for (int i = 0; i < tasks.size(); i++) {
            long start = System.nanoTime();
            Verdict verdict = checker.check(tasks.get(i), options.timeout());
            freshMicros.recordValue((System.nanoTime() - start) / 1000);
            disagreements += verdict.status() == warmStatuses.get(i) ? 0 : 1;
        }
        return new FreshComparison(tasks.size(), LatencySummary.ofMicros(warmMicros),
                LatencySummary.ofMicros(freshMicros), disagreements);
    }

    private static CheckerPool startedPool(PoolConfig config, WorkerFactory factory) {
        CheckerPool pool = CheckerPool.start(config, factory);
        try {
            pool.ready().join();
        } catch (CompletionException e) {
            pool.close();
            throw e.getCause() instanceof WorkerStartException cannotStart ? cannotStart : e;
        }
        return pool;
    }

    /**
     * Submits {@code count} checks with at most {@code inFlight} outstanding (a closed loop) and waits for all.
     * Each submission is a fresh copy of its task, so {@link TimedWorkers} can tell concurrent runs apart. Blocking
     * here is fine: this is a benchmark's own thread, never an event loop.
     *
     * @param sink called with the submitted task and its latency for each verdict
     * @return how many futures failed instead of giving a verdict
     */
    private static long drive(CheckerPool pool, List<CheckTask> tasks, int offset, int count, int inFlight,
                              ObjLongConsumer<CheckTask> sink) {
        Semaphore permits = new Semaphore(inFlight);
        AtomicLong errors = new AtomicLong();
        for (int i = 0; i < count; i++) {
            permits.acquireUninterruptibly();
            CheckTask listed = tasks.get((offset + i) % tasks.size());
            CheckTask task = new CheckTask(listed.header(), listed.theoremName(), listed.statement(), listed.proof());
            long start = System.nanoTime();
            pool.check(task).whenComplete((verdict, error) -> {
                try {
                    if (error != null) {
                        errors.incrementAndGet();
                    } else {
                        sink.accept(task, System.nanoTime() - start);
                    }
                } finally {
                    permits.release();
                }
            });
        }
        permits.acquireUninterruptibly(inFlight);
        return errors.get();
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Cli()).execute(args));
    }

    /** The command line of {@link #main}; option names follow the {@code leanforge} CLI. */
    @Command(name = "bench-bridge", mixinStandardHelpOptions = true,
            description = "Measure the checker pool: checks/s and latency per worker count, and warm vs fresh.")
    static final class Cli implements Callable<Integer> {

        @Option(names = "--project-dir", paramLabel = "DIR", defaultValue = ".",
                description = "Directory the server runs in. Default: ${DEFAULT-VALUE}.")
        Path projectDir;

        @Option(names = "--server-cmd", paramLabel = "CMD",
                description = "Command starting a Lean language server (run with `sh -c` in the project "
                        + "directory); default: `lake serve` / `lean --server` of the toolchain found.")
        String serverCmd;

        @Option(names = "--tasks", paramLabel = "FILE",
                description = "JSON lines, one {header, theoremName, statement, proof} per line; default: "
                        + "generated trivial theorems.")
        Path tasksFile;

        @Option(names = "--generate", paramLabel = "N", defaultValue = "100",
                description = "How many trivial theorems to generate without --tasks. Default: ${DEFAULT-VALUE}.")
        int generate;

        @Option(names = "--workers", paramLabel = "N,N", split = ",", defaultValue = "1,2",
                description = "Worker counts to sweep. Default: ${DEFAULT-VALUE}.")
        List<Integer> workers;

        @Option(names = "--checks", paramLabel = "N", defaultValue = "200",
                description = "Measured checks per worker count. Default: ${DEFAULT-VALUE}.")
        int checks;

        @Option(names = "--warmup", paramLabel = "N", defaultValue = "20",
                description = "Unmeasured checks run first per worker count. Default: ${DEFAULT-VALUE}.")
        int warmup;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
                description = "Per-check limit. Default: ${DEFAULT-VALUE}.")
        double timeoutSeconds;

        @Option(names = "--fresh", description = "Also compare warm and fresh-process latency on the same tasks.")
        boolean fresh;

        @Option(names = "--fresh-checks", paramLabel = "N", defaultValue = "10",
                description = "Tasks in that comparison (each starts a server when fresh). Default: ${DEFAULT-VALUE}.")
        int freshChecks;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Options options;
            try {
                options = new Options(serverCommand(), tasksFile != null ? BenchTasks.read(tasksFile)
                        : BenchTasks.generated(generate), workers, checks, warmup, timeout(), fresh, freshChecks);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("bench-bridge: " + e.getMessage());
                return 2;
            }
            String server = options.server().toString();
            spec.commandLine().getOut().println("server: " + (server.length() > 160
                    ? server.substring(0, 120) + " … " + server.substring(server.length() - 37) : server));
            spec.commandLine().getOut().println(options.tasks().size() + " tasks; " + checks + " measured checks after "
                    + warmup + " warm-up per worker count; one check in flight per worker");
            try {
                spec.commandLine().getOut().print(run(options).table());
            } catch (WorkerStartException e) {
                spec.commandLine().getErr().println("bench-bridge: the server could not start: " + e.getMessage());
                return 2;
            }
            spec.commandLine().getOut().flush();
            return 0;
        }

        private ServerCommand serverCommand() {
            if (serverCmd != null) {
                return ServerCommand.shell(serverCmd, projectDir);
            }
            Toolchain toolchain = ToolchainLocator.system().locate()
                    .orElseThrow(() -> new IllegalArgumentException(ToolchainLocator.INSTALL_HINT));
            return ServerCommand.standard(projectDir, toolchain.lean().getParent());
        }

        private Duration timeout() {
            if (!(timeoutSeconds > 0)) {
                throw new IllegalArgumentException("--timeout must be a positive number of seconds, got "
                        + timeoutSeconds);
            }
            return Duration.ofMillis(Math.round(timeoutSeconds * 1000));
        }
    }
}
