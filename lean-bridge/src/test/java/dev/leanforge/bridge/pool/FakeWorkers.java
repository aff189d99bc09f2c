package dev.leanforge.bridge.pool;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.goal.Goal;
import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.bridge.session.TacticState;
import dev.leanforge.bridge.verdict.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-memory workers for pool tests. What a check does is chosen by the theorem name's prefix:
 * {@code proved}, {@code failed}, {@code crash} (Crashed, process gone), {@code flaky} (crashes on its first run only),
 * {@code timeout} (Timeout, needs restart), {@code grow} (Proved, RSS +1 GiB), {@code broken} (future fails),
 * {@code hang} (never answers), {@code manual} (the test answers through {@link #nextCall()}). A goal-state request
 * behaves as the check of the same task would, its verdict read as a goal answer (see {@link #goalAnswer}).
 */
class FakeWorkers implements WorkerFactory {

    static final Duration ELAPSED = Duration.ofMillis(1);
    static final Goal OPEN_GOAL = new Goal(Optional.empty(), List.of(), "True");

    record Call(FakeWorker worker, CheckTask task, CompletableFuture<Verdict> answer) {
        void prove() {
            answer.complete(new Verdict.Proved(List.of(), List.of(), ELAPSED));
        }
    }

    final List<FakeWorker> started = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Call> manualCalls = new LinkedBlockingQueue<>();
    private final Map<String, AtomicInteger> runsByTheorem = new ConcurrentHashMap<>();
    private final AtomicInteger startsToFail;

    FakeWorkers() {
        this(0);
    }

    /** The first {@code failingStarts} calls to {@link #start()} throw. */
    FakeWorkers(int failingStarts) {
        this.startsToFail = new AtomicInteger(failingStarts);
    }

    @Override
    public PoolWorker start() {
        if (startsToFail.getAndDecrement() > 0) {
            throw new IllegalStateException("fake server refused to start");
        }
        FakeWorker worker = new FakeWorker(started.size());
        started.add(worker);
        return worker;
    }

    /** The next check a {@code manual} task started, waiting up to 10 s (a safety net, not a timing assertion). */
    Call nextCall() throws InterruptedException {
        Call call = manualCalls.poll(10, TimeUnit.SECONDS);
        if (call == null) {
            throw new AssertionError("no manual check reached a worker");
        }
        return call;
    }

    /** Proved: no goals left; Failed: one goal; Timeout and Crashed as they are. */
    static GoalAnswer goalAnswer(Verdict verdict) {
        if (verdict instanceof Verdict.Timeout timeout) {
            return new GoalAnswer.Timeout(timeout.limit(), timeout.elapsed());
        }
        if (verdict instanceof Verdict.Crashed crashed) {
            return new GoalAnswer.Crashed(crashed.reason(), crashed.elapsed());
        }
        List<Goal> goals = verdict instanceof Verdict.Proved ? List.of() : List.of(OPEN_GOAL);
        return new GoalAnswer.State(new TacticState(goals, List.of()), verdict.elapsed());
    }

    int runs(String theoremName) {
        return runsByTheorem.getOrDefault(theoremName, new AtomicInteger()).get();
    }

    static CheckTask task(String header, String theoremName) {
        return new CheckTask(header, theoremName, "theorem " + theoremName + " : True :=", "by trivial");
    }

    static CheckTask task(String theoremName) {
        return task("import Std", theoremName);
    }

    final class FakeWorker implements PoolWorker {
        final int id;
        final List<String> ran = new CopyOnWriteArrayList<>();
        final Set<String> headers = ConcurrentHashMap.newKeySet();
        volatile boolean alive = true;
        volatile boolean needsRestart;
        volatile boolean closed;
        volatile long rss = 100L * 1024 * 1024;
        /** When set, reading the RSS waits for it (to see what happens while memory is being read). */
        volatile CountDownLatch rssGate;

        FakeWorker(int id) {
            this.id = id;
        }

        @Override
        public CompletableFuture<Verdict> check(CheckTask task, Duration timeout) {
            String name = task.theoremName();
            ran.add(name);
            headers.add(task.header());
            int run = runsByTheorem.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            CompletableFuture<Verdict> answer = new CompletableFuture<>();
            if (name.startsWith("manual")) {
                manualCalls.add(new Call(this, task, answer));
            } else if (name.startsWith("proved") || (name.startsWith("flaky") && run > 1)) {
                answer.complete(new Verdict.Proved(List.of(), List.of(), ELAPSED));
            } else if (name.startsWith("failed")) {
                answer.complete(new Verdict.Failed("unknown tactic", List.of(), List.of(), List.of(), ELAPSED));
            } else if (name.startsWith("crash") || name.startsWith("flaky")) {
                alive = false;
                answer.complete(new Verdict.Crashed("server exited", ELAPSED));
            } else if (name.startsWith("timeout")) {
                needsRestart = true;
                answer.complete(new Verdict.Timeout(timeout, timeout));
            } else if (name.startsWith("grow")) {
                rss += PoolConfig.GIB;
                answer.complete(new Verdict.Proved(List.of(), List.of(), ELAPSED));
            } else if (name.startsWith("broken")) {
                answer.completeExceptionally(new IllegalStateException("protocol error"));
            } else if (!name.startsWith("hang")) {
                throw new IllegalArgumentException("no fake behaviour for " + name);
            }
            return answer;
        }

        @Override
        public CompletableFuture<GoalAnswer> goals(CheckTask prefix, Duration timeout) {
            return check(prefix, timeout).thenApply(FakeWorkers::goalAnswer);
        }

        @Override
        public boolean isWarm(String header) {
            return headers.contains(header);
        }

        @Override
        public boolean isAlive() {
            return alive && !closed;
        }

        @Override
        public boolean needsRestart() {
            return needsRestart;
        }

        @Override
        public long rssBytes() {
            CountDownLatch gate = rssGate;
            if (gate != null) {
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return rss;
        }

        @Override
        public long checksDone() {
            return ran.size();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
