package dev.leanforge.loop.cluster;

import dev.leanforge.loop.bus.BusCodecs;
import dev.leanforge.bridge.LeanChecker;
import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.pool.CloseMode;
import dev.leanforge.bridge.pool.WorkerStartException;
import dev.leanforge.loop.app.CheckerVerticle;
import dev.leanforge.loop.bus.BusFailure;
import dev.leanforge.loop.bus.PolicyReply;
import dev.leanforge.loop.bus.PolicyRequest;
import dev.leanforge.loop.campaign.CampaignRunner;
import dev.leanforge.loop.policy.Policy;
import dev.leanforge.loop.policy.PolicyIdentity;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
 *
 * <p>With {@link Settings#policy()} it also serves that policy on {@link WorkerHello#policyAddressOf}: at most
 * {@link PolicyOffer#workers()} calls at once, each on a worker thread of its own executor (a policy call blocks), a
 * call beyond them refused {@link Refusal#BUSY}; a policy that throws fails the call with
 * {@link BusFailure#POLICY_FAILED}. Its hello advertises the policy's description and identity. Without Lean
 * ({@code lean} null) it offers the policy only.
 */
public final class WorkerVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerVerticle.class);

    /**
     * @param workerId    unique in the cluster
     * @param lean        how to run Lean here: capacity = its pool's workers (warm) and recheck workers (fresh);
     *                    null: no Lean here (a policy-only worker)
     * @param leanVersion the version of that Lean, compared with each campaign's pin
     * @param helloEvery  how often to publish the hello (the heartbeat)
     * @param policy      the policy it offers, if any
     */
    public record Settings(String workerId, CheckerVerticle.Settings lean, String leanVersion, Duration helloEvery,
                           Optional<PolicyOffer> policy) {
        public Settings {
            Objects.requireNonNull(workerId, "workerId");
            Objects.requireNonNull(leanVersion, "leanVersion");
            Objects.requireNonNull(helloEvery, "helloEvery");
            Objects.requireNonNull(policy, "policy");
            if (lean == null && policy.isEmpty()) {
                throw new IllegalArgumentException("a worker offers Lean, a policy, or both");
            }
        }

        /** A worker that offers Lean only. */
        public Settings(String workerId, CheckerVerticle.Settings lean, String leanVersion, Duration helloEvery) {
            this(workerId, Objects.requireNonNull(lean, "lean"), leanVersion, helloEvery, Optional.empty());
        }

        public int warmCapacity() {
            return lean == null ? 0 : lean.pool().workers();
        }

        public int freshCapacity() {
            return lean == null ? 0 : lean.recheckWorkers();
        }

        public int policyCapacity() {
            return policy.map(PolicyOffer::workers).orElse(0);
        }
    }

    /**
     * A policy a worker serves.
     *
     * @param id      its description and the identity campaigns compare with theirs
     *                ({@code PolicyKind.Opening#id()})
     * @param policy  the opened policy, shared by the calls at once (so thread-safe when {@code workers > 1});
     *                closed when the verticle stops
     * @param workers calls at once
     */
    public record PolicyOffer(PolicyIdentity id, Policy policy, int workers) {
        public PolicyOffer {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(policy, "policy");
            if (workers < 1) {
                throw new IllegalArgumentException("policy workers must be at least 1, got " + workers);
            }
        }
    }

    private final Settings settings;
    private final String address;
    private LeanChecker lean;
    private MessageConsumer<CheckTask> leases;
    private MessageConsumer<PolicyRequest> policyLeases;
    private WorkerExecutor policyThreads;
    private int policyInFlight;
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
        BusCodecs.register(vertx);
        BusCodecs.register(vertx, WorkerHello.class);
        Future<Void> leanReady;
        if (settings.lean() == null) {
            leanReady = Future.succeededFuture();
        } else {
            lean = settings.lean().checker();
            leanReady = Future.fromCompletionStage(lean.ready(), context)
                    .<Void>mapEmpty()
                    .recover(e -> Future.failedFuture(new WorkerStartException("Lean could not be started with "
                            + settings.lean().command() + ": " + BusFailure.reasonOf(e), e)))
                    .compose(ready -> {
                        leases = vertx.eventBus().consumer(address, this::lease);
                        return leases.completion();
                    });
        }
        return leanReady
                .compose(ready -> {
                    if (settings.policy().isEmpty()) {
                        return Future.<Void>succeededFuture();
                    }
                    policyThreads = vertx.createSharedWorkerExecutor("leanforge-worker-policy-" + settings.workerId(),
                            settings.policyCapacity(), CampaignRunner.LONGEST_POLICY_CALL.toMillis(),
                            TimeUnit.MILLISECONDS);
                    policyLeases = vertx.eventBus().consumer(WorkerHello.policyAddressOf(settings.workerId()),
                            this::policyLease);
                    return policyLeases.completion();
                })
                .onSuccess(registered -> {
                    hello();
                    helloTimer = vertx.setPeriodic(settings.helloEvery().toMillis(), t -> hello());
                })
                .onFailure(e -> {
                    if (lean != null) {
                        lean.closeAsync(CloseMode.CANCEL_QUEUED);
                    }
                });
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(helloTimer);
        Future<Void> unregistered = leases != null ? leases.unregister() : Future.succeededFuture();
        Future<Void> policyUnregistered = policyLeases != null ? policyLeases.unregister() : Future.succeededFuture();
        return unregistered.transform(u -> policyUnregistered)
                .transform(u -> lean != null
                        ? Future.fromCompletionStage(lean.closeAsync(CloseMode.CANCEL_QUEUED), context)
                        : Future.<Void>succeededFuture())
                .transform(u -> {
                    if (policyThreads == null) {
                        return Future.<Void>succeededFuture();
                    }
                    Policy policy = settings.policy().get().policy();
                    return policyThreads.<Void>executeBlocking(() -> {
                        policy.close();
                        return null;
                    }, false).otherwiseEmpty().eventually(policyThreads::close);
                });
    }

    /** This worker's hello as it is now. */
    public WorkerHello currentHello() {
        return new WorkerHello(settings.workerId(), address, settings.warmCapacity(), settings.freshCapacity(),
                settings.leanVersion(), checksDone, failures, settings.policyCapacity(),
                settings.policy().map(PolicyOffer::id).map(PolicyIdentity::description).orElse(""),
                settings.policy().map(PolicyOffer::id).map(PolicyIdentity::identity).orElse(""));
    }

    private void hello() {
        vertx.eventBus().publish(WorkerHello.ADDRESS, currentHello());
    }

    /** A policy call: run on a policy thread, answered from this verticle's context. */
    private void policyLease(Message<PolicyRequest> message) {
        LeaseRequest<PolicyRequest> request;
        try {
            request = LeaseRequest.from(message);
        } catch (IllegalArgumentException e) {
            BusFailure.POLICY_FAILED.fail(message, e.getMessage());
            return;
        }
        if (policyInFlight >= settings.policyCapacity()) {
            message.fail(Refusal.BUSY.code(), "worker " + settings.workerId() + " has all "
                    + settings.policyCapacity() + " policy slots taken");
            return;
        }
        policyInFlight++;
        Policy policy = settings.policy().get().policy();
        PolicyRequest call = request.task();
        policyThreads.executeBlocking(() -> {
            long start = System.nanoTime();
            return new PolicyReply(policy.complete(call.prompt(), call.params()),
                    Duration.ofNanos(System.nanoTime() - start));
        }, false).onComplete(result -> {
            policyInFlight--;
            if (result.succeeded()) {
                checksDone++;
                answer(message, request, result.result());
            } else {
                failures++;
                String why = policy.describe() + " failed: " + result.cause().getMessage();
                LOG.warn("worker {}: policy lease {} failed: {}", settings.workerId(), request.leaseId(), why);
                BusFailure.POLICY_FAILED.fail(message, why);
            }
        });
    }

    /** Replies to a lease with its id, so the coordinator can tell a current answer from a late one. */
    private static void answer(Message<?> message, LeaseRequest<?> request, Object reply) {
        message.reply(reply, new DeliveryOptions().addHeader(LeaseRequest.LEASE_ID, request.leaseId()));
    }

    private void lease(Message<CheckTask> message) {
        LeaseRequest<CheckTask> request;
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
            case COMPLETE -> throw new IllegalStateException("policy calls come on the policy address");
        };
        Future.fromCompletionStage(answer, context).onComplete(result -> {
            if (fresh) {
                freshInFlight--;
            } else {
                warmInFlight--;
            }
            if (result.succeeded()) {
                checksDone++;
                answer(message, request, result.result());
            } else {
                failures++;
                Throwable e = result.cause();
                LOG.warn("worker {}: lease {} failed: {}", settings.workerId(), request.leaseId(),
                        BusFailure.reasonOf(e));
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
