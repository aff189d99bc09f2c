package dev.leanforge.bridge.bench;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.pool.PoolWorker;
import dev.leanforge.bridge.pool.WorkerFactory;
import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.bridge.verdict.Verdict;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Workers that note how long each check took from the pool's call to the worker's answer, so the benchmark can
 * split a caller's latency into the worker's part and the pool's. Keyed by task identity: submit distinct objects.
 */
final class TimedWorkers implements WorkerFactory {

    private final WorkerFactory real;
    private final Map<CheckTask, Long> nanosByTask = Collections.synchronizedMap(new IdentityHashMap<>());

    TimedWorkers(WorkerFactory real) {
        this.real = real;
    }

    @Override
    public PoolWorker start() throws Exception {
        return new Timed(real.start());
    }

    /** The worker time of the task's last run, forgotten once read; 0 when it never reached a worker. */
    long workerNanos(CheckTask task) {
        Long nanos = nanosByTask.remove(task);
        return nanos == null ? 0 : nanos;
    }

    private final class Timed implements PoolWorker {
        private final PoolWorker worker;

        Timed(PoolWorker worker) {
            this.worker = worker;
        }

        @Override
        public CompletableFuture<Verdict> check(CheckTask task, Duration timeout) {
            long start = System.nanoTime();
            return worker.check(task, timeout).whenComplete((verdict, error) ->
                    nanosByTask.put(task, System.nanoTime() - start));
        }

        /** Not timed: the benchmark submits checks only. */
        @Override
        public CompletableFuture<GoalAnswer> goals(CheckTask prefix, Duration timeout) {
            return worker.goals(prefix, timeout);
        }

        @Override
        public boolean isWarm(String header) {
            return worker.isWarm(header);
        }

        @Override
        public boolean isAlive() {
            return worker.isAlive();
        }

        @Override
        public boolean needsRestart() {
            return worker.needsRestart();
        }

        @Override
        public long rssBytes() {
            return worker.rssBytes();
        }

        @Override
        public long checksDone() {
            return worker.checksDone();
        }

        @Override
        public void close() {
            worker.close();
        }
    }
}
