package dev.leanforge.loop.cluster;

import dev.leanforge.loop.campaign.Ticker;
import dev.leanforge.loop.bus.BusCodecs;
import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.app.CheckerVerticle;
import dev.leanforge.loop.bus.BusServiceException;
import dev.leanforge.loop.bus.LeanService;
import dev.leanforge.loop.bus.PolicyFailedException;
import dev.leanforge.loop.bus.PolicyReply;
import dev.leanforge.loop.bus.PolicyRequest;
import dev.leanforge.loop.bus.PolicyService;
import dev.leanforge.loop.policy.PolicyIdentity;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LeanService} (and, with {@link Settings#policy()}, {@link PolicyService}) served by the workers of
 * a cluster (the coordinator's side). Workers are known from their {@link WorkerHello}s; requests wait in one FIFO
 * queue and each is leased to a worker with a free slot of its kind ({@link LeaseKind.Capacity}: warm for checks and
 * goals, fresh for rechecks, policy for policy calls), with a deadline: the request's limit plus grace. A policy call
 * goes only to a worker whose hello advertises the campaign's policy identity (its description and the settings
 * that shape its completions, {@link PolicyIdentity}); one serving another policy, or the same one configured
 * otherwise, is said once in the log and not used for policy calls.
 *
 * <ul>
 *   <li>A worker not heard from within the worker timeout is lost: its leases are re-queued for other workers.</li>
 *   <li>A lease past its deadline is re-queued too (the worker may be hung or cut off).</li>
 *   <li>A lease that cannot be delivered (no handler, connection refused) marks the worker down until its next
 *       hello; a {@link Refusal#BUSY} one is re-queued.</li>
 *   <li>Exclusion is per {@link LeaseKind.Family}: a worker whose Lean is not the pinned one (its hello, or a
 *       {@link Refusal#VERSION_MISMATCH}) or fails {@link #UNAVAILABLE_BEFORE_EXCLUDED} times in a row takes no
 *       more Lean leases, and keeps taking policy calls; a {@link Refusal#LEAN_UNAVAILABLE} short of that excludes
 *       its Lean until its next hello.</li>
 *   <li>An answer whose lease is no longer current (expired, re-leased) is ignored: each future completes once.</li>
 *   <li>When no worker takes leases for {@link Settings#noWorkerWait()}, the waiting futures fail with a message
 *       naming the cluster, the pinned Lean version and the workers seen.</li>
 * </ul>
 *
 * <p>Confined to one event-loop context: calls from other threads hop onto it, and each future completes on the
 * caller's context. Time comes from a {@link Ticker}, looked at by a periodic sweep, so tests drive it.
 */
public final class WorkerLeases implements LeanService, PolicyService {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerLeases.class);

    /** The window of {@link ClusterSnapshot.Worker#checksPerSecond()}. */
    public static final Duration RATE_WINDOW = Duration.ofSeconds(10);
    /** Added to a check's own limit for a lease's deadline: the hop to the worker, a slow start of its Lean. */
    public static final Duration LEASE_GRACE = Duration.ofSeconds(15);
    /** A worker whose Lean fails this many leases in a row is excluded from Lean: its hellos say nothing about it. */
    static final int UNAVAILABLE_BEFORE_EXCLUDED = 3;
    /** The default limit of one policy call on a worker: sampling many long completions may be slow. */
    public static final Duration DEFAULT_POLICY_TIMEOUT = Duration.ofMinutes(30);

    /**
     * @param clusterName       for messages and metrics
     * @param pinnedLeanVersion the Lean version every worker must run; empty: any
     * @param checkTimeout      the limit of one check, sent with each lease (goals: the worker's own limit)
     * @param recheckTimeout    the limit of one fresh-process recheck, sent with each lease
     * @param leaseGrace        a lease's deadline is its limit plus this: the hops, a slow start of Lean
     * @param workerTimeout     a worker not heard from for this long is lost
     * @param noWorkerWait      how long requests wait while no worker takes leases before they fail
     * @param sweepEvery        how often deadlines and heartbeats are looked at
     * @param policy            the campaign's policy, served by workers that advertise its identity; empty: the
     *                          service takes no policy calls
     * @param policyTimeout     the limit of one policy call (its lease's deadline is this plus grace)
     */
    public record Settings(String clusterName, Optional<String> pinnedLeanVersion, Duration checkTimeout,
                           Duration recheckTimeout, Duration leaseGrace, Duration workerTimeout,
                           Duration noWorkerWait, Duration sweepEvery, Optional<PolicyIdentity> policy,
                           Duration policyTimeout) {
        public Settings {
            Objects.requireNonNull(clusterName, "clusterName");
            Objects.requireNonNull(pinnedLeanVersion, "pinnedLeanVersion");
            Objects.requireNonNull(policy, "policy");
            for (Duration d : List.of(checkTimeout, recheckTimeout, leaseGrace, workerTimeout, noWorkerWait,
                    sweepEvery, policyTimeout)) {
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("durations must be positive, got " + d);
                }
            }
        }

        /** Lean only: no policy calls. */
        public Settings(String clusterName, Optional<String> pinnedLeanVersion, Duration checkTimeout,
                Duration recheckTimeout, Duration leaseGrace, Duration workerTimeout, Duration noWorkerWait,
                Duration sweepEvery) {
            this(clusterName, pinnedLeanVersion, checkTimeout, recheckTimeout, leaseGrace, workerTimeout,
                    noWorkerWait, sweepEvery, Optional.empty(), DEFAULT_POLICY_TIMEOUT);
        }

        /** These settings, with policy calls leased to workers offering the policy {@code policy}. */
        public Settings withPolicy(PolicyIdentity policy, Duration timeout) {
            return new Settings(clusterName, pinnedLeanVersion, checkTimeout, recheckTimeout, leaseGrace,
                    workerTimeout, noWorkerWait, sweepEvery, Optional.of(policy), timeout);
        }

        /** As {@link #withPolicy(PolicyIdentity, Duration)}, for a policy whose description says everything. */
        public Settings withPolicy(String description, Duration timeout) {
            return withPolicy(PolicyIdentity.of(description), timeout);
        }

        /** The description of the campaign's policy, if its calls are leased. */
        public Optional<String> policyDescription() {
            return policy.map(PolicyIdentity::description);
        }

        /** The settings for a campaign whose Lean is {@code lean}: its limits, plus {@link #LEASE_GRACE}. */
        public static Settings forLean(ClusterOptions cluster, CheckerVerticle.Settings lean,
                Optional<String> pinnedLeanVersion) {
            return new Settings(cluster.clusterName(), pinnedLeanVersion, lean.pool().checkTimeout(),
                    lean.recheckTimeout(), lean.pool().timeoutGrace().plus(LEASE_GRACE), cluster.workerTimeout(),
                    cluster.noWorkerWait(), Duration.ofMillis(250));
        }

        Duration limit(LeaseKind kind) {
            return switch (kind.capacity()) {
                case WARM -> checkTimeout;
                case FRESH -> recheckTimeout;
                case POLICY -> policyTimeout;
            };
        }
    }

    private final Vertx vertx;
    private final Context context;
    private final Settings settings;
    private final Ticker ticker;
    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private final Deque<Job> queue = new ArrayDeque<>();
    private final Map<String, Lease> leases = new HashMap<>();
    /** The worker of every lease whose reply has not come yet, current or not: to count late answers. */
    private final Map<String, Worker> sentTo = new HashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final String prefix = UUID.randomUUID().toString().substring(0, 8);
    private MessageConsumer<WorkerHello> hellos;
    private long sweepTimer = -1;
    private long noWorkerSince = -1;
    private boolean closed;
    private volatile ClusterSnapshot snapshot;
    private final List<Consumer<ClusterSnapshot>> listeners = new CopyOnWriteArrayList<>();

    private WorkerLeases(Vertx vertx, Context context, Settings settings, Ticker ticker) {
        this.vertx = vertx;
        this.context = context;
        this.settings = settings;
        this.ticker = ticker;
        this.snapshot = new ClusterSnapshot(settings.clusterName(), settings.pinnedLeanVersion().orElse("any"),
                List.of(), 0);
    }

    /** Starts listening to hellos; completes once the listener is registered across the cluster. */
    public static Future<WorkerLeases> start(Vertx vertx, Settings settings, Ticker ticker) {
        BusCodecs.register(vertx, WorkerHello.class);
        Context context = vertx.getOrCreateContext();
        WorkerLeases service = new WorkerLeases(vertx, context, settings, ticker);
        Promise<WorkerLeases> started = Promise.promise();
        context.runOnContext(v -> {
            service.hellos = vertx.eventBus().consumer(WorkerHello.ADDRESS, m -> service.hello(m.body()));
            service.sweepTimer = vertx.setPeriodic(settings.sweepEvery().toMillis(), t -> service.sweep());
            service.hellos.completion().map(service).onComplete(started);
        });
        return started.future();
    }

    @Override
    public Future<Verdict> check(CheckTask task) {
        return submit(LeaseKind.CHECK, task);
    }

    @Override
    public Future<Verdict> recheck(CheckTask task) {
        return submit(LeaseKind.RECHECK, task);
    }

    @Override
    public Future<GoalAnswer> goals(CheckTask prefix) {
        return submit(LeaseKind.GOALS, prefix);
    }

    /**
     * Leases the call to a worker offering the campaign's policy ({@link Settings#policy()}); the sampling
     * parameters, seed included, travel with it.
     */
    @Override
    public Future<PolicyReply> complete(PolicyRequest request) {
        if (settings.policyDescription().isEmpty()) {
            return Future.failedFuture(new IllegalStateException("this cluster service was started without a policy "
                    + "description: it takes no policy calls"));
        }
        return submit(LeaseKind.COMPLETE, request);
    }

    /** The workers as of the last change; any thread. */
    public ClusterSnapshot snapshot() {
        return snapshot;
    }

    /** Calls {@code listener} with each new snapshot (on this service's context). */
    public void onSnapshot(Consumer<ClusterSnapshot> listener) {
        listeners.add(listener);
        listener.accept(snapshot);
    }

    /** Looks at deadlines and heartbeats now (the timer does so every {@link Settings#sweepEvery()}). */
    public Future<Void> sweepNow() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            sweep();
            done.complete();
        });
        return done.future();
    }

    /** Stops listening; requests still waiting fail. */
    public Future<Void> close() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            closed = true;
            vertx.cancelTimer(sweepTimer);
            List<Job> waiting = new ArrayList<>(queue);
            queue.clear();
            leases.values().forEach(l -> waiting.add(l.job));
            leases.clear();
            waiting.forEach(j -> j.fail(new IllegalStateException("the cluster's Lean service was closed")));
            (hellos != null ? hellos.unregister() : Future.<Void>succeededFuture()).onComplete(r -> done.complete());
        });
        return done.future();
    }

    @SuppressWarnings("unchecked")
    private <T> Future<T> submit(LeaseKind kind, Object task) {
        Objects.requireNonNull(task, "task");
        Context caller = Vertx.currentContext();
        Promise<Object> promise = Promise.promise();
        Job job = new Job(kind, task, promise, caller);
        context.runOnContext(v -> {
            if (closed) {
                job.fail(new IllegalStateException("the cluster's Lean service was closed"));
                return;
            }
            queue.addLast(job);
            dispatch();
            checkNoWorker();
        });
        return (Future<T>) promise.future();
    }

    // ---- on the context from here on ----

    private void hello(WorkerHello hello) {
        Worker w = workers.computeIfAbsent(hello.workerId(), Worker::new);
        boolean fresh = w.state == null;
        w.address = hello.address();
        w.warm = hello.warmCapacity();
        w.fresh = hello.freshCapacity();
        w.capacity.put(LeaseKind.Capacity.WARM, hello.warmCapacity());
        w.capacity.put(LeaseKind.Capacity.FRESH, hello.freshCapacity());
        w.capacity.put(LeaseKind.Capacity.POLICY, hello.policyCapacity());
        w.policyDescription = hello.policyDescription();
        w.policyIdentity = hello.policyIdentity();
        if (hello.policyCapacity() > 0 && settings.policy().isPresent() && !w.policyMatches()
                && !w.policyMismatchSaid) {
            w.policyMismatchSaid = true;
            // Identities, not descriptions: the same description with another max-n, say, must show what differs.
            LOG.warn("worker {} serves the policy {}; the campaign's is {}: it takes no policy calls of this campaign",
                    w.id, hello.policyIdentity(), settings.policy().get().identity());
        }
        w.version = hello.leanVersion();
        w.remoteChecks = hello.checksDone();
        w.remoteFailures = hello.failures();
        w.lastHeard = ticker.read();
        w.hellos++;
        w.busy.clear();
        // Tried once more; an exclusion for the rest of the run stays: a hello cannot say its Lean works since.
        w.excluded.values().removeIf(e -> e.until() == ClusterSnapshot.Exclusion.Until.NEXT_HELLO);
        if (settings.pinnedLeanVersion().isPresent() && w.warm + w.fresh > 0
                && !LeanVersions.same(settings.pinnedLeanVersion().get(), hello.leanVersion())) {
            exclude(w, LeaseKind.Family.LEAN, ClusterSnapshot.Exclusion.Until.END_OF_RUN,
                    WorkerVerticle.mismatch(w.id, hello.leanVersion(), settings.pinnedLeanVersion().get()));
        }
        if (w.state != ClusterSnapshot.State.UP) {
            if (fresh) {
                LOG.info("worker {} joined: {} warm, {} fresh slots, Lean {}, {} policy slots{}", w.id, w.warm,
                        w.fresh, w.version, hello.policyCapacity(), hello.policyCapacity() > 0
                                ? " (" + hello.policyDescription() + ")" : "");
            } else {
                LOG.info("worker {} is back ({})", w.id, w.state);
            }
            w.state = ClusterSnapshot.State.UP;
        }
        dispatch();
        checkNoWorker();
    }

    /** Takes no more leases of {@code family} from {@code w} (its other family is not affected). */
    private void exclude(Worker w, LeaseKind.Family family, ClusterSnapshot.Exclusion.Until until, String why) {
        ClusterSnapshot.Exclusion before = w.excluded.get(family);
        if (before != null && before.until() == ClusterSnapshot.Exclusion.Until.END_OF_RUN) {
            return; // already for good (a lease in flight may still come back refused): the first reason stays
        }
        if (until == ClusterSnapshot.Exclusion.Until.END_OF_RUN) {
            LOG.warn("{}", why);
        } else {
            LOG.warn("worker {}: {}; no {} leases until its next hello", w.id, why, family.label());
        }
        w.excluded.put(family, new ClusterSnapshot.Exclusion(until, why));
    }

    private void sweep() {
        if (closed) {
            return;
        }
        long now = ticker.read();
        for (Worker w : workers.values()) {
            if ((w.state == ClusterSnapshot.State.UP || w.state == ClusterSnapshot.State.DOWN)
                    && now - w.lastHeard > settings.workerTimeout().toNanos()) {
                LOG.warn("worker {} is lost: not heard from for {} s; its leases go to other workers", w.id,
                        settings.workerTimeout().toSeconds());
                w.state = ClusterSnapshot.State.LOST;
                requeueLeasesOf(w);
            }
        }
        List<Lease> expired = leases.values().stream().filter(l -> now - l.deadline > 0).toList();
        for (Lease lease : expired) {
            LOG.warn("lease {} on worker {} passed its deadline: {} goes to another worker", lease.id,
                    lease.worker.id, lease.job.what());
            lease.worker.lost++;
            lease.worker.failures++;
            endLease(lease);
            queue.addFirst(lease.job);
        }
        dispatch();
        checkNoWorker();
    }

    private void requeueLeasesOf(Worker w) {
        List<Lease> ofWorker = leases.values().stream().filter(l -> l.worker == w)
                .sorted(Comparator.comparingLong((Lease l) -> l.job.seq).reversed()).toList();
        for (Lease lease : ofWorker) {
            w.lost++;
            w.failures++;
            endLease(lease);
            queue.addFirst(lease.job);
        }
    }

    private void endLease(Lease lease) {
        leases.remove(lease.id);
        lease.job.lease = null;
        lease.worker.inFlight.merge(lease.job.kind.capacity(), -1, Integer::sum);
    }

    /** Leases waiting requests to workers with free slots, oldest first; a request no worker can take waits. */
    private void dispatch() {
        if (closed) {
            return;
        }
        Iterator<Job> it = queue.iterator();
        while (it.hasNext()) {
            Job job = it.next();
            Worker w = pick(job.kind);
            if (w == null) {
                continue;
            }
            it.remove();
            lease(job, w);
        }
        publishSnapshot();
    }

    private Worker pick(LeaseKind kind) {
        Worker best = null;
        int bestFree = 0;
        for (Worker w : workers.values()) {
            if (!canTake(w, kind) || w.busy.contains(kind.capacity())) {
                continue;
            }
            int free = w.free(kind.capacity());
            if (free > bestFree) {
                best = w;
                bestFree = free;
            }
        }
        return best;
    }

    /** Whether {@code w} takes leases of {@code kind} at all now (its slots may all be taken). */
    private boolean canTake(Worker w, LeaseKind kind) {
        return w.state == ClusterSnapshot.State.UP && w.capacity.getOrDefault(kind.capacity(), 0) > 0
                && !w.excluded.containsKey(kind.capacity().family())
                && (kind != LeaseKind.COMPLETE || w.policyMatches());
    }

    /** The families {@code w} takes leases of now: those of which it takes some kind. */
    private Set<LeaseKind.Family> serving(Worker w) {
        Set<LeaseKind.Family> serving = EnumSet.noneOf(LeaseKind.Family.class);
        for (LeaseKind kind : LeaseKind.values()) {
            if (canTake(w, kind)) {
                serving.add(kind.capacity().family());
            }
        }
        return serving;
    }

    private void lease(Job job, Worker w) {
        long now = ticker.read();
        Duration limit = settings.limit(job.kind).plus(settings.leaseGrace());
        Lease lease = new Lease(prefix + "-" + ids.incrementAndGet(), job, w, now + limit.toNanos());
        leases.put(lease.id, lease);
        sentTo.put(lease.id, w);
        job.lease = lease;
        w.inFlight.merge(job.kind.capacity(), 1, Integer::sum);
        LeaseRequest<Object> request = new LeaseRequest<>(lease.id, job.kind, job.task, settings.pinnedLeanVersion(),
                settings.limit(job.kind));
        // The bus's own timeout only cleans up its reply handler: the deadline above ends the lease.
        long sendTimeout = limit.plus(settings.workerTimeout()).toMillis();
        String address = job.kind == LeaseKind.COMPLETE ? WorkerHello.policyAddressOf(w.id) : w.address;
        vertx.eventBus().request(address, job.task, request.options(sendTimeout))
                .onComplete(reply -> context.runOnContext(v -> replied(LeaseReply.of(lease.id, reply), reply.cause())));
    }

    private void replied(LeaseReply reply, Throwable cause) {
        Lease lease = leases.get(reply.leaseId());
        if (lease == null || lease.job.lease != lease) {
            LOG.debug("ignored the late reply of lease {} (expired or re-leased): {}", reply.leaseId(), reply);
            Worker from = sentTo.remove(reply.leaseId());
            if (from != null) {
                from.lateAnswers++;
                publishSnapshot();
            }
            return;
        }
        sentTo.remove(reply.leaseId());
        endLease(lease);
        Worker w = lease.worker;
        LeaseKind.Family family = lease.job.kind.capacity().family();
        if (reply instanceof LeaseReply.Answered answered) {
            w.done++;
            if (lease.job.kind == LeaseKind.COMPLETE) {
                w.policyDone++;
            }
            w.unavailableInARow.remove(family);
            w.answeredAt.addLast(ticker.read());
            lease.job.complete(answered.answer());
        } else if (reply instanceof LeaseReply.Failed failed) {
            // The policy threw: as in one process, the campaign is told; another worker would throw too.
            w.failures++;
            lease.job.fail(new PolicyFailedException(failed.message(), null));
        } else if (reply instanceof LeaseReply.Refused refused) {
            w.failures++;
            // A refusal speaks for the family of the lease refused: a worker's policy does not depend on its Lean.
            switch (refused.reason()) {
                case BUSY -> w.busy.add(lease.job.kind.capacity()); // until its next hello
                case VERSION_MISMATCH -> exclude(w, family, ClusterSnapshot.Exclusion.Until.END_OF_RUN,
                        refused.message());
                case LEAN_UNAVAILABLE -> {
                    int inARow = w.unavailableInARow.merge(family, 1, Integer::sum);
                    if (inARow >= UNAVAILABLE_BEFORE_EXCLUDED) {
                        exclude(w, family, ClusterSnapshot.Exclusion.Until.END_OF_RUN, "worker " + w.id
                                + " could not run Lean " + inARow + " times in a row (last: " + refused.message()
                                + "); it takes no more checks of this campaign");
                    } else {
                        exclude(w, family, ClusterSnapshot.Exclusion.Until.NEXT_HELLO, refused.message());
                    }
                }
            }
            queue.addFirst(lease.job);
        } else {
            w.failures++;
            w.lost++;
            boolean timedOut = cause instanceof ReplyException e && e.failureType() == ReplyFailure.TIMEOUT;
            if (!timedOut && w.state == ClusterSnapshot.State.UP) {
                LOG.warn("worker {} is down until its next hello: {}", w.id,
                        ((LeaseReply.Unanswered) reply).message());
                w.state = ClusterSnapshot.State.DOWN;
            }
            queue.addFirst(lease.job);
        }
        dispatch();
        checkNoWorker();
    }

    /** Fails every waiting request once no worker has taken leases for {@link Settings#noWorkerWait()}. */
    private void checkNoWorker() {
        List<Job> stuck = queue.stream().filter(j -> workers.values().stream().noneMatch(w -> canTake(w, j.kind)))
                .toList();
        if (stuck.isEmpty()) {
            noWorkerSince = -1;
            return;
        }
        boolean policy = stuck.stream().anyMatch(j -> j.kind == LeaseKind.COMPLETE);
        long now = ticker.read();
        if (noWorkerSince == -1) {
            noWorkerSince = now;
            LOG.warn("no worker of cluster {} takes {} now; waiting up to {} s for one", settings.clusterName(),
                    policy ? "calls of the policy " + policyIdentity() : "Lean checks",
                    settings.noWorkerWait().toSeconds());
            return;
        }
        if (now - noWorkerSince < settings.noWorkerWait().toNanos()) {
            return;
        }
        NoWorkerException failure = new NoWorkerException(policy ? noPolicyWorkerMessage() : noWorkerMessage());
        queue.removeAll(stuck);
        noWorkerSince = -1;
        stuck.forEach(j -> j.fail(failure));
        publishSnapshot();
    }

    String noPolicyWorkerMessage() {
        StringBuilder seen = new StringBuilder();
        for (Worker w : workers.values()) {
            seen.append(seen.isEmpty() ? "" : "; ").append(w.id).append(" (")
                    .append(w.capacity.getOrDefault(LeaseKind.Capacity.POLICY, 0) > 0
                            ? "policy " + w.policyIdentity : "no policy")
                    .append(", ").append(standing(w, LeaseKind.Family.POLICY)).append(')');
        }
        return "no worker of cluster \"" + settings.clusterName() + "\" took calls of the policy "
                + policyIdentity() + " for " + settings.noWorkerWait().toSeconds()
                + " s; workers seen: " + (seen.isEmpty() ? "none" : seen) + ". Start a worker with `leanforge worker "
                + "--cluster HOST:PORT,… --cluster-name " + settings.clusterName() + " --policy KIND:ARG` for that "
                + "policy, with the same settings that shape its completions (docs/cluster.md).";
    }

    /** The identity workers must advertise, for messages: what a worker's {@code --policy} and settings must give. */
    private String policyIdentity() {
        return settings.policy().map(PolicyIdentity::identity).orElse("(none)");
    }

    String noWorkerMessage() {
        StringBuilder seen = new StringBuilder();
        for (Worker w : workers.values()) {
            seen.append(seen.isEmpty() ? "" : "; ").append(w.id).append(" (Lean ").append(w.version).append(", ")
                    .append(standing(w, LeaseKind.Family.LEAN)).append(')');
        }
        return "no worker of cluster \"" + settings.clusterName() + "\" took Lean checks for "
                + settings.noWorkerWait().toSeconds() + " s; the campaign pins Lean "
                + settings.pinnedLeanVersion().map(LeanVersions::normalize).orElse("(any)") + "; workers seen: "
                + (seen.isEmpty() ? "none" : seen) + ". Start workers with `leanforge worker --cluster HOST:PORT,… "
                + "--cluster-name " + settings.clusterName() + "` running that Lean (docs/cluster.md).";
    }

    /** For messages: "up", "down", "lost", or why {@code w} is excluded from {@code family} (and whether it is lost). */
    private static String standing(Worker w, LeaseKind.Family family) {
        String state = w.state.name().toLowerCase(Locale.ROOT);
        ClusterSnapshot.Exclusion exclusion = w.excluded.get(family);
        if (exclusion == null) {
            return state;
        }
        return exclusion.describe() + (w.state == ClusterSnapshot.State.UP ? "" : "; now " + state);
    }

    private void publishSnapshot() {
        long now = ticker.read();
        List<ClusterSnapshot.Worker> list = new ArrayList<>();
        for (Worker w : workers.values()) {
            while (!w.answeredAt.isEmpty() && now - w.answeredAt.peekFirst() > RATE_WINDOW.toNanos()) {
                w.answeredAt.removeFirst();
            }
            ClusterSnapshot.PolicySlots policy = new ClusterSnapshot.PolicySlots(
                    w.capacity.getOrDefault(LeaseKind.Capacity.POLICY, 0),
                    w.inFlight.getOrDefault(LeaseKind.Capacity.POLICY, 0), w.policyDone, w.policyDescription,
                    w.policyMatches());
            list.add(new ClusterSnapshot.Worker(w.id, w.version, w.state, w.excluded, serving(w), w.warm, w.fresh,
                    w.inFlight.values().stream().mapToInt(Integer::intValue).sum(), policy, w.done,
                    w.answeredAt.size() / (double) RATE_WINDOW.toSeconds(), w.failures, w.lost, w.lateAnswers,
                    w.remoteChecks, w.remoteFailures, w.hellos));
        }
        snapshot = new ClusterSnapshot(settings.clusterName(), settings.pinnedLeanVersion().orElse("any"), list,
                queue.size());
        listeners.forEach(l -> l.accept(snapshot));
    }

    /** When no worker of the cluster takes Lean checks: Lean could not be asked at all. */
    public static final class NoWorkerException extends BusServiceException {
        NoWorkerException(String message) {
            super(message, null);
        }
    }

    private final class Job {
        final long seq = ids.incrementAndGet();
        final LeaseKind kind;
        final Object task;
        final Promise<Object> promise;
        final Context caller;
        Lease lease;
        boolean done;

        /** For the log: the theorem, or the policy call. */
        String what() {
            return task instanceof CheckTask t ? t.theoremName() : "a policy call";
        }

        Job(LeaseKind kind, Object task, Promise<Object> promise, Context caller) {
            this.kind = kind;
            this.task = task;
            this.promise = promise;
            this.caller = caller;
        }

        void complete(Object answer) {
            if (!done) {
                done = true;
                onCaller(() -> promise.complete(answer));
            }
        }

        void fail(Throwable cause) {
            if (!done) {
                done = true;
                onCaller(() -> promise.fail(cause));
            }
        }

        private void onCaller(Runnable r) {
            if (caller == null || caller == context) {
                r.run();
            } else {
                caller.runOnContext(v -> r.run());
            }
        }
    }

    private record Lease(String id, Job job, Worker worker, long deadline) {}

    private final class Worker {
        final String id;
        final ArrayDeque<Long> answeredAt = new ArrayDeque<>();
        final Map<LeaseKind.Capacity, Integer> capacity = new EnumMap<>(LeaseKind.Capacity.class);
        final Map<LeaseKind.Capacity, Integer> inFlight = new EnumMap<>(LeaseKind.Capacity.class);
        String policyDescription = "";
        String policyIdentity = "";
        boolean policyMismatchSaid;
        String address;
        String version;
        int warm;
        int fresh;
        long lastHeard;
        /** Liveness, for all its slots. */
        ClusterSnapshot.State state;
        /** Per family: a worker's policy does not depend on its Lean. */
        final Map<LeaseKind.Family, ClusterSnapshot.Exclusion> excluded = new EnumMap<>(LeaseKind.Family.class);
        /** The classes of slots it refused {@link Refusal#BUSY}, until its next hello. */
        final Set<LeaseKind.Capacity> busy = EnumSet.noneOf(LeaseKind.Capacity.class);
        long done;
        long policyDone;
        long failures;
        long lost;
        long remoteChecks;
        long remoteFailures;
        long hellos;
        final Map<LeaseKind.Family, Integer> unavailableInARow = new EnumMap<>(LeaseKind.Family.class);
        long lateAnswers;

        Worker(String id) {
            this.id = id;
        }

        int free(LeaseKind.Capacity c) {
            return capacity.getOrDefault(c, 0) - inFlight.getOrDefault(c, 0);
        }

        boolean policyMatches() {
            return settings.policy().isPresent() && settings.policy().get().identity().equals(policyIdentity);
        }
    }
}
