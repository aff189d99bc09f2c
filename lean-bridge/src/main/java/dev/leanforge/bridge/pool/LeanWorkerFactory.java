package dev.leanforge.bridge.pool;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.session.LeanWorker;
import dev.leanforge.bridge.verdict.Verdict;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** Starts real Lean servers ({@link LeanWorker}) for a {@link CheckerPool}. */
public final class LeanWorkerFactory implements WorkerFactory {

    private final ServerCommand command;
    private final LeanWorker.Settings settings;

    public LeanWorkerFactory(ServerCommand command, LeanWorker.Settings settings) {
        this.command = Objects.requireNonNull(command, "command");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Workers with {@link LeanWorker.Settings#defaults()}. */
    public LeanWorkerFactory(ServerCommand command) {
        this(command, LeanWorker.Settings.defaults());
    }

    @Override
    public PoolWorker start() throws IOException {
        return new Adapter(LeanWorker.start(command, settings), settings.maxOpenDocuments());
    }

    @Override
    public String toString() {
        return "LeanWorkerFactory[" + command + "]";
    }

    private static final class Adapter implements PoolWorker {
        private final LeanWorker worker;
        /**
         * Mirrors the worker's least-recently-used open documents (it keeps the document of every elaborated check,
         * up to {@code maxOpenDocuments}); the worker does not expose them, and the pool must not wait for its thread.
         */
        private final Map<String, Boolean> warm;

        Adapter(LeanWorker worker, int maxOpenDocuments) {
            this.worker = worker;
            this.warm = new LinkedHashMap<>(8, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > maxOpenDocuments;
                }
            };
        }

        @Override
        public CompletableFuture<Verdict> check(CheckTask task, Duration timeout) {
            // The dependent future completes after the mirror is updated, so the pool routes on fresh information.
            return worker.check(task, timeout).thenApply(verdict -> {
                if (verdict instanceof Verdict.Proved || verdict instanceof Verdict.Failed) {
                    synchronized (warm) {
                        warm.put(task.header(), Boolean.TRUE);
                    }
                }
                return verdict;
            });
        }

        @Override
        public boolean isWarm(String header) {
            synchronized (warm) {
                return warm.containsKey(header);
            }
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
            return worker.rssBytes().orElse(-1);
        }

        @Override
        public long checksDone() {
            return worker.checksDone();
        }

        @Override
        public void close() {
            worker.close();
        }

        @Override
        public String toString() {
            return worker.toString();
        }
    }
}
