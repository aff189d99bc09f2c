package dev.leanforge.loop.app;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.pool.CheckerPool;
import dev.leanforge.bridge.pool.CloseMode;
import dev.leanforge.bridge.pool.LeanWorkerFactory;
import dev.leanforge.bridge.pool.PoolConfig;
import dev.leanforge.bridge.pool.WorkerStartException;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.session.FreshProcessChecker;
import dev.leanforge.bridge.soundness.SourcePolicy;
import dev.leanforge.bridge.verdict.Verdict;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Lean behind two event-bus addresses: {@code check} runs a {@link CheckTask} on the bridge's pool of warm servers,
 * {@code recheck} runs it in a fresh Lean process, the authoritative tier. Both reply with the {@link Verdict}.
 *
 * <p>An event-loop verticle: {@link CheckerPool#check} never blocks, and its future, which completes on a pool
 * thread, is brought back to this verticle's context before replying. The fresh-process check blocks for the whole
 * check, so it runs on a worker pool of its own, {@link Settings#recheckWorkers()} threads wide.
 */
public final class CheckerVerticle extends VerticleBase {

    /** Failure code of a reply when Lean cannot be started at all. */
    public static final int LEAN_UNAVAILABLE = 1;
    /** Failure code of a reply when the pool refused the check (closed, saturated). */
    public static final int CHECK_REFUSED = 2;

    /** The fresh checker's own start-up allowance ({@link FreshProcessChecker}'s default), for the worker limit. */
    private static final Duration FRESH_STARTUP = Duration.ofMinutes(1);

    /**
     * @param command        how to start Lean
     * @param pool           the warm pool's settings
     * @param recheckTimeout wall-clock limit of one fresh-process check
     * @param recheckWorkers fresh-process checks at once
     */
    public record Settings(ServerCommand command, PoolConfig pool, Duration recheckTimeout, int recheckWorkers) {
        public Settings {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(pool, "pool");
            Objects.requireNonNull(recheckTimeout, "recheckTimeout");
            if (recheckWorkers < 1) {
                throw new IllegalArgumentException("recheckWorkers must be at least 1, got " + recheckWorkers);
            }
        }
    }

    private final Settings settings;
    private final String checkAddress;
    private final String recheckAddress;
    private CheckerPool pool;
    private FreshProcessChecker fresh;
    private WorkerExecutor freshThreads;
    private MessageConsumer<CheckTask> checks;
    private MessageConsumer<CheckTask> rechecks;

    public CheckerVerticle(Settings settings, String checkAddress, String recheckAddress) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.checkAddress = Objects.requireNonNull(checkAddress, "checkAddress");
        this.recheckAddress = Objects.requireNonNull(recheckAddress, "recheckAddress");
    }

    /** Starts the pool and answers once every warm server is up; fails with Lean's start error otherwise. */
    @Override
    public Future<?> start() {
        pool = CheckerPool.start(settings.pool(), new LeanWorkerFactory(settings.command()));
        fresh = new FreshProcessChecker(settings.command(), FRESH_STARTUP, SourcePolicy.standard());
        // A fresh check may take its timeout plus start-up and shutdown: not a blocked thread.
        long longest = settings.recheckTimeout().plus(FRESH_STARTUP).plusMinutes(1).toMillis();
        freshThreads = vertx.createSharedWorkerExecutor("leanforge-recheck-" + UUID.randomUUID(),
                settings.recheckWorkers(), longest, TimeUnit.MILLISECONDS);
        checks = vertx.eventBus().consumer(checkAddress, this::check);
        rechecks = vertx.eventBus().consumer(recheckAddress, this::recheck);
        return Future.fromCompletionStage(pool.ready(), context)
                .recover(e -> Future.failedFuture(new WorkerStartException("Lean could not be started with "
                        + settings.command() + ": " + rootMessage(e), e)))
                .compose(ready -> Future.all(checks.completion(), rechecks.completion()))
                .onFailure(e -> {
                    // Vert.x does not stop a verticle whose start failed: let go of the processes here.
                    freshThreads.close();
                    pool.closeAsync(CloseMode.CANCEL_QUEUED);
                });
    }

    @Override
    public Future<?> stop() {
        freshThreads.close();
        return Future.all(checks.unregister(), rechecks.unregister())
                .transform(unregistered -> Future.fromCompletionStage(pool.closeAsync(CloseMode.CANCEL_QUEUED),
                        context));
    }

    private void check(Message<CheckTask> message) {
        Future.fromCompletionStage(pool.check(message.body()), context).onComplete(result -> {
            if (result.succeeded()) {
                message.reply(result.result(), LocalCodec.reply());
            } else {
                Throwable e = result.cause();
                message.fail(e instanceof WorkerStartException ? LEAN_UNAVAILABLE : CHECK_REFUSED, rootMessage(e));
            }
        });
    }

    private void recheck(Message<CheckTask> message) {
        CheckTask task = message.body();
        freshThreads.executeBlocking(() -> fresh.check(task, settings.recheckTimeout()), false)
                .onComplete(result -> {
                    if (result.succeeded()) {
                        message.reply(result.result(), LocalCodec.reply());
                    } else {
                        message.fail(LEAN_UNAVAILABLE, rootMessage(result.cause()));
                    }
                });
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root
                && (root instanceof CompletionException || root.getMessage() == null)) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}
