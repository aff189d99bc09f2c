package dev.leanforge.loop.app;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.pool.CheckerPool;
import dev.leanforge.bridge.pool.CloseMode;
import dev.leanforge.bridge.pool.LeanWorkerFactory;
import dev.leanforge.bridge.pool.PoolConfig;
import dev.leanforge.bridge.pool.WorkerStartException;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.session.FreshProcessChecker;
import dev.leanforge.bridge.session.GoalAnswer;
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
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Lean behind three event-bus addresses: {@code check} runs a {@link CheckTask} on the bridge's pool of warm servers,
 * {@code recheck} runs it in a fresh Lean process, the authoritative tier; both reply with the {@link Verdict}.
 * {@code goals} asks the pool for the goals after a tactic prefix (a {@link CheckTask} whose proof is the prefix) and
 * replies with the {@link GoalAnswer}.
 *
 * <p>An event-loop verticle: {@link CheckerPool#check} never blocks, and its future, which completes on a pool
 * thread, is brought back to this verticle's context before replying. The fresh-process check blocks for the whole
 * check, so it runs on a worker pool of its own, {@link Settings#recheckWorkers()} threads wide.
 */
public final class CheckerVerticle extends VerticleBase {

    /** Failure code of a reply when Lean cannot be started at all. */
    public static final int LEAN_UNAVAILABLE = 1;
    /** Failure code of a reply when the pool refused the check or goal-state request (closed, saturated). */
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
    private final String goalsAddress;
    private CheckerPool pool;
    private FreshProcessChecker fresh;
    private WorkerExecutor freshThreads;
    private MessageConsumer<CheckTask> checks;
    private MessageConsumer<CheckTask> rechecks;
    private MessageConsumer<CheckTask> goalStates;

    public CheckerVerticle(Settings settings, String checkAddress, String recheckAddress, String goalsAddress) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.checkAddress = Objects.requireNonNull(checkAddress, "checkAddress");
        this.recheckAddress = Objects.requireNonNull(recheckAddress, "recheckAddress");
        this.goalsAddress = Objects.requireNonNull(goalsAddress, "goalsAddress");
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
        checks = vertx.eventBus().consumer(checkAddress, m -> replyFromPool(m, pool.check(m.body())));
        rechecks = vertx.eventBus().consumer(recheckAddress, this::recheck);
        goalStates = vertx.eventBus().consumer(goalsAddress, m -> replyFromPool(m, pool.goals(m.body())));
        return Future.fromCompletionStage(pool.ready(), context)
                .recover(e -> Future.failedFuture(new WorkerStartException("Lean could not be started with "
                        + settings.command() + ": " + rootMessage(e), e)))
                .compose(ready -> Future.all(checks.completion(), rechecks.completion(), goalStates.completion()))
                .onFailure(e -> {
                    // Vert.x does not stop a verticle whose start failed: let go of the processes here.
                    freshThreads.close();
                    pool.closeAsync(CloseMode.CANCEL_QUEUED);
                });
    }

    @Override
    public Future<?> stop() {
        freshThreads.close();
        return Future.all(checks.unregister(), rechecks.unregister(), goalStates.unregister())
                .transform(unregistered -> Future.fromCompletionStage(pool.closeAsync(CloseMode.CANCEL_QUEUED),
                        context));
    }

    /** Replies with the pool's answer once it is back on this verticle's context. */
    private void replyFromPool(Message<CheckTask> message, CompletionStage<?> answer) {
        Future.fromCompletionStage(answer, context).onComplete(result -> {
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
