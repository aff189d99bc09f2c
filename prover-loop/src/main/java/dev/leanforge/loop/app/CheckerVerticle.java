package dev.leanforge.loop.app;

import dev.leanforge.bridge.LeanChecker;
import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.pool.CloseMode;
import dev.leanforge.bridge.pool.PoolConfig;
import dev.leanforge.bridge.pool.WorkerStartException;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.bus.BusCodecs;
import dev.leanforge.loop.bus.BusFailure;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Lean behind three event-bus addresses, the verbs of the bridge's {@link LeanChecker}: {@code check} runs a
 * {@link CheckTask} on the pool of warm servers, {@code recheck} runs it in a fresh Lean process, the authoritative
 * tier; both reply with the {@link Verdict}. {@code goals} asks the pool for the goals after a tactic prefix (a
 * {@link CheckTask} whose proof is the prefix) and replies with the {@link GoalAnswer}.
 *
 * <p>An event-loop verticle: none of {@link LeanChecker}'s verbs blocks, and their futures, which complete on the
 * checker's own threads, are brought back to this verticle's context before replying. Fresh-process checks run on
 * the checker's recheck threads, {@link Settings#recheckWorkers()} of them.
 */
public final class CheckerVerticle extends VerticleBase {

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

        /** The bridge's checker these settings describe; nothing starts until it is first used. */
        public LeanChecker checker() {
            return LeanChecker.builder().server(command).pool(pool).recheckTimeout(recheckTimeout)
                    .recheckThreads(recheckWorkers).build();
        }
    }

    private final Settings settings;
    private final String checkAddress;
    private final String recheckAddress;
    private final String goalsAddress;
    private LeanChecker lean;
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
        BusCodecs.register(vertx);
        lean = settings.checker();
        checks = vertx.eventBus().consumer(checkAddress, m -> replyFromPool(m, lean.check(m.body())));
        rechecks = vertx.eventBus().consumer(recheckAddress, this::recheck);
        goalStates = vertx.eventBus().consumer(goalsAddress, m -> replyFromPool(m, lean.goals(m.body())));
        return Future.fromCompletionStage(lean.ready(), context)
                .recover(e -> Future.failedFuture(new WorkerStartException("Lean could not be started with "
                        + settings.command() + ": " + BusFailure.reasonOf(e), e)))
                .compose(ready -> Future.all(checks.completion(), rechecks.completion(), goalStates.completion()))
                .onFailure(e -> {
                    // Vert.x does not stop a verticle whose start failed: let go of the processes here.
                    lean.closeAsync(CloseMode.CANCEL_QUEUED);
                });
    }

    @Override
    public Future<?> stop() {
        return Future.all(checks.unregister(), rechecks.unregister(), goalStates.unregister())
                .transform(unregistered -> Future.fromCompletionStage(lean.closeAsync(CloseMode.CANCEL_QUEUED),
                        context));
    }

    /** Replies with the pool's answer once it is back on this verticle's context. */
    private void replyFromPool(Message<CheckTask> message, CompletionStage<?> answer) {
        Future.fromCompletionStage(answer, context).onComplete(result -> {
            if (result.succeeded()) {
                message.reply(result.result());
            } else {
                Throwable e = result.cause();
                (e instanceof WorkerStartException ? BusFailure.LEAN_UNAVAILABLE : BusFailure.CHECK_REFUSED)
                        .fail(message, BusFailure.reasonOf(e));
            }
        });
    }

    private void recheck(Message<CheckTask> message) {
        Future.fromCompletionStage(lean.recheck(message.body()), context)
                .onComplete(result -> {
                    if (result.succeeded()) {
                        message.reply(result.result());
                    } else {
                        BusFailure.LEAN_UNAVAILABLE.fail(message, BusFailure.reasonOf(result.cause()));
                    }
                });
    }
}
