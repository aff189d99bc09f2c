package dev.leanforge.loop.cluster;

import dev.leanforge.loop.bus.BusCodecs;
import dev.leanforge.loop.bus.BusFailure;
import dev.leanforge.bridge.LeanChecker;
import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.pool.CloseMode;
import dev.leanforge.bridge.pool.WorkerStartException;
import dev.leanforge.loop.app.CheckerVerticle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker of a cluster: its own Lean ({@link LeanChecker}, as {@link CheckerVerticle} runs it) behind the address
 * {@link WorkerHello#addressOf}, announced by a {@link WorkerHello} on {@link WorkerHello#ADDRESS} every
 * {@link Settings#helloEvery()} (the heartbeat coordinators watch).
 *
 * <p>It never queues beyond its capacity: a lease that finds every slot of its kind taken is refused
 * {@link Refusal#BUSY} (so several coordinators cannot overload it), and one whose campaign pins another Lean
 * version is refused {@link Refusal#VERSION_MISMATCH} with a message saying what to do. An event-loop verticle: the
 * checker's futures are brought back to its context.
 */
public final class WorkerVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerVerticle.class);

    /**
     * @param workerId    unique in the cluster
     * @param lean        how to run Lean here: capacity = its pool's workers (warm) and recheck workers (fresh)
     * @param leanVersion the version of that Lean, compared with each campaign's pin
     * @param helloEvery  how often to publish the hello (the heartbeat)
     */
    public record Settings(String workerId, CheckerVerticle.Settings lean, String leanVersion, Duration helloEvery) {
        public Settings {
            Objects.requireNonNull(workerId, "workerId");
            Objects.requireNonNull(lean, "lean");
            Objects.requireNonNull(leanVersion, "leanVersion");
            Objects.requireNonNull(helloEvery, "helloEvery");
        }

        public int warmCapacity() {
            return lean.pool().workers();
        }

        public int freshCapacity() {
            return lean.recheckWorkers();
        }
    }

    private final Settings settings;
    private final String address;
    private LeanChecker lean;
    private MessageConsumer<CheckTask> leases;
    private long helloTimer = -1;
    private int warmInFlight;
    private int freshInFlight;
    private long checksDone;
    private long failures;

    public WorkerVerticle(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.address = WorkerHello.addressOf(settings.workerId());
    }

    /** Starts Lean, then takes leases and says hello; fails with Lean's start error. */
    @Override
    public Future<?> start() {
        BusCodecs.register(vertx, WorkerHello.class);
        lean = settings.lean().checker();
        return Future.fromCompletionStage(lean.ready(), context)
                .recover(e -> Future.failedFuture(new WorkerStartException("Lean could not be started with "
                        + settings.lean().command() + ": " + BusFailure.reasonOf(e), e)))
                .compose(ready -> {
                    leases = vertx.eventBus().consumer(address, this::lease);
                    return leases.completion();
                })
                .onSuccess(registered -> {
                    hello();
                    helloTimer = vertx.setPeriodic(settings.helloEvery().toMillis(), t -> hello());
                })
                .onFailure(e -> lean.closeAsync(CloseMode.CANCEL_QUEUED));
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(helloTimer);
        Future<Void> unregistered = leases != null ? leases.unregister() : Future.succeededFuture();
        return unregistered.transform(u -> Future.fromCompletionStage(lean.closeAsync(CloseMode.CANCEL_QUEUED),
                context));
    }

    /** This worker's hello as it is now. */
    public WorkerHello currentHello() {
        return new WorkerHello(settings.workerId(), address, settings.warmCapacity(), settings.freshCapacity(),
                settings.leanVersion(), checksDone, failures);
    }

    private void hello() {
        vertx.eventBus().publish(WorkerHello.ADDRESS, currentHello());
    }

    private void lease(Message<CheckTask> message) {
        LeaseRequest request;
        try {
            request = LeaseRequest.from(message);
        } catch (IllegalArgumentException e) {
            message.fail(Refusal.LEAN_UNAVAILABLE.code(), e.getMessage());
            return;
        }
        if (request.pinnedLeanVersion().isPresent()
                && !LeanVersions.same(request.pinnedLeanVersion().get(), settings.leanVersion())) {
            message.fail(Refusal.VERSION_MISMATCH.code(), mismatch(settings.workerId(), settings.leanVersion(),
                    request.pinnedLeanVersion().get()));
            return;
        }
        boolean fresh = request.kind().fresh();
        if (fresh ? freshInFlight >= settings.freshCapacity() : warmInFlight >= settings.warmCapacity()) {
            message.fail(Refusal.BUSY.code(), "worker " + settings.workerId() + " has all "
                    + (fresh ? settings.freshCapacity() + " fresh-process" : settings.warmCapacity() + " warm")
                    + " slots taken");
            return;
        }
        if (fresh) {
            freshInFlight++;
        } else {
            warmInFlight++;
        }
        CompletionStage<?> answer = switch (request.kind()) {
            case CHECK -> lean.check(request.task(), request.timeout());
            case RECHECK -> lean.recheck(request.task(), request.timeout());
            case GOALS -> lean.goals(request.task());
        };
        Future.fromCompletionStage(answer, context).onComplete(result -> {
            if (fresh) {
                freshInFlight--;
            } else {
                warmInFlight--;
            }
            if (result.succeeded()) {
                checksDone++;
                message.reply(result.result(), new DeliveryOptions().addHeader(LeaseRequest.LEASE_ID,
                        request.leaseId()));
            } else {
                failures++;
                Throwable e = result.cause();
                LOG.warn("worker {}: lease {} failed: {}", settings.workerId(), request.leaseId(), BusFailure.reasonOf(e));
                message.fail(e instanceof WorkerStartException || fresh ? Refusal.LEAN_UNAVAILABLE.code()
                        : Refusal.BUSY.code(), BusFailure.reasonOf(e));
            }
        });
    }

    /** What a worker says when a campaign pins another Lean. */
    static String mismatch(String workerId, String workerVersion, String pinned) {
        return "worker " + workerId + " runs Lean " + LeanVersions.normalize(workerVersion) + "; the campaign pins "
                + LeanVersions.normalize(pinned) + ". Install " + LeanVersions.normalize(pinned) + " there (`leanforge "
                + "doctor --install` with that lean-toolchain) or start the worker with --server-cmd and "
                + "--lean-version for it; this worker takes no checks of that campaign.";
    }
}
