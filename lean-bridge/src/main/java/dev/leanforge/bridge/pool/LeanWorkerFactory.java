package dev.leanforge.bridge.pool;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.bridge.session.LeanWorker;
import dev.leanforge.bridge.verdict.Verdict;
import java.io.IOException;
import java.time.Duration;
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
        return new Adapter(LeanWorker.start(command, settings));
    }

    @Override
    public String toString() {
        return "LeanWorkerFactory[" + command + "]";
    }

    /** Presents a {@link LeanWorker} as the pool sees a worker. */
    private static final class Adapter implements PoolWorker {
        private final LeanWorker worker;

        Adapter(LeanWorker worker) {
            this.worker = worker;
        }

        @Override
        public CompletableFuture<Verdict> check(CheckTask task, Duration timeout) {
            return worker.check(task, timeout);
        }

        @Override
        public CompletableFuture<GoalAnswer> goals(CheckTask prefix, Duration timeout) {
            return worker.goals(prefix.header(), prefix.statement(), prefix.proof(), timeout);
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
