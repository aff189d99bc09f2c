package dev.leanforge.loop.campaign;

import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.bus.LeanService;
import dev.leanforge.loop.bus.PolicyService;
import dev.leanforge.loop.progress.CampaignProgress;
import dev.leanforge.loop.proof.Attempt;
import dev.leanforge.loop.store.Campaign;
import dev.leanforge.loop.store.CampaignClaim;
import dev.leanforge.loop.store.CampaignStatus;
import dev.leanforge.loop.store.LeaseTerms;
import dev.leanforge.loop.store.Store;
import dev.leanforge.loop.store.StoredAttempt;
import dev.leanforge.loop.theorems.Theorem;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import java.util.EnumMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules one campaign: opens it (reading back what an earlier run stored), starts a search
 * ({@link TheoremSearchContext}) for each theorem while fewer than {@code inFlight} are active, heartbeats the lease,
 * publishes {@link CampaignProgress} after each finished theorem and at the end, then marks the campaign finished and
 * completes its promise with the summary. Each attempt goes through the {@link AttemptPipeline}, which also keeps the
 * counts and times.
 *
 * <p>An event-loop verticle: all its state is touched on its context only. The policy and Lean are reached through
 * their services ({@link LeanService}, {@link PolicyService}: this JVM's verticles or a cluster's workers); the
 * store is written on a one-thread worker pool ({@link StoreWriter}), so writes happen in order and never on the loop.
 *
 * <p>Resuming: the campaign {@link CampaignRunner} claimed (the one with the plan's spec still {@code RUNNING}, if
 * any) is continued; each theorem's search gets that campaign's stored attempts and draws only new attempt indexes,
 * so no finished attempt is redone (the store's unique key on campaign, theorem and attempt index would refuse it).
 * While it runs, the coordinator renews the campaign's lease every {@link LeaseTerms#heartbeatEvery()}, so another
 * run of the same command sees it alive; a lease another run took over stops it like a failure.
 *
 * <p>If the policy, Lean or the store fails, no new attempt starts; once the attempts in flight are stored the
 * promise fails. The campaign stays {@code RUNNING}, so running the same command again resumes it.
 */
final class CampaignCoordinator extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignCoordinator.class);

    private final CampaignPlan plan;
    private final Store store;
    private final CampaignClaim claim;
    private final LeaseTerms lease;
    private final LeanService lean;
    private final PolicyService policy;
    private final Promise<CampaignSummary> result;
    private final Ticker ticker;

    private WorkerExecutor storeExecutor;
    private StoreWriter storeWriter;
    private AttemptPipeline pipeline;
    private TheoremSearchContext.Shared shared;
    private long heartbeatTimer = -1;
    private EarlierRuns earlier;
    private int nextTheorem;
    private int activeTheorems;
    private int theoremsDone;
    private int solved;
    private boolean finishing;
    private Throwable failure;

    CampaignCoordinator(CampaignPlan plan, Store store, CampaignClaim claim, LeaseTerms lease,
                        LeanService lean, PolicyService policy, Promise<CampaignSummary> result) {
        this(plan, store, claim, lease, lean, policy, result, Ticker.system());
    }

    /** As the other constructor, with the time source for wall and store times ({@link Ticker#system()} there). */
    CampaignCoordinator(CampaignPlan plan, Store store, CampaignClaim claim, LeaseTerms lease,
                        LeanService lean, PolicyService policy, Promise<CampaignSummary> result, Ticker ticker) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.store = Objects.requireNonNull(store, "store");
        this.claim = Objects.requireNonNull(claim, "claim");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.lean = Objects.requireNonNull(lean, "lean");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.result = Objects.requireNonNull(result, "result");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /**
     * Reads what the claimed campaign already holds, then starts searching and heartbeating its lease; completes once
     * the campaign is open.
     */
    @Override
    public Future<?> start() {
        storeExecutor = vertx.createSharedWorkerExecutor("leanforge-store", 1, 5, TimeUnit.MINUTES);
        storeWriter = StoreWriter.of(storeExecutor, store);
        Campaign opened = claim.campaign();
        pipeline = new AttemptPipeline(opened.id(), plan.provenance(), lean, storeWriter, ticker);
        shared = new TheoremSearchContext.Shared(plan.sampling(), policy, lean, new Slots(plan.policyWorkers()),
                new Slots(plan.inFlight()), pipeline, context, () -> failure, this::failIfDrained);
        return storeWriter.onStoreThread(() -> EarlierRuns.read(store, opened.id()))
                .onSuccess(this::begin)
                .onSuccess(ignored -> heartbeatTimer = vertx.setPeriodic(lease.heartbeatEvery().toMillis(),
                        timer -> heartbeat()));
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(heartbeatTimer);
        return storeExecutor.close();
    }

    private long campaignId() {
        return claim.campaign().id();
    }

    /** Renews the lease; lost to another run (this one was not seen for the TTL), the campaign stops here. */
    private void heartbeat() {
        if (failure != null || finishing) {
            return;
        }
        long id = campaignId();
        storeWriter.onStoreThread(() -> {
            store.renewLease(id, lease);
            return null;
        }).onFailure(this::giveUp);
    }

    private void begin(EarlierRuns stored) {
        earlier = stored;
        stored.all().forEach(pipeline::countEarlier);
        if (claim.resumed()) {
            LOG.info("resuming campaign {}: {} attempts already stored", campaignId(), pipeline.attempts());
        }
        pipeline.startClock();
        fill();
    }

    /** Starts searches while there is room and theorems are left; finishes once none is left or active. */
    private void fill() {
        List<Theorem> theorems = plan.theorems();
        while (failure == null && activeTheorems < plan.inFlight() && nextTheorem < theorems.size()) {
            startSearch(theorems.get(nextTheorem++));
        }
        if (failure == null && activeTheorems == 0 && nextTheorem == theorems.size()) {
            finish();
        }
    }

    private void startSearch(Theorem theorem) {
        activeTheorems++;
        TheoremSearchContext search = new TheoremSearchContext(shared, theorem, earlier.attemptsOf(theorem.name()),
                earlier.stepsOf(theorem.name()));
        Future<Void> searched;
        try {
            searched = plan.strategy().search(search);
        } catch (RuntimeException e) {
            searched = Future.failedFuture(e);
        }
        searched.onComplete(outcome -> {
            activeTheorems--;
            if (outcome.failed()) {
                giveUp(outcome.cause());
                return;
            }
            theoremsDone++;
            solved += search.solved() ? 1 : 0;
            publish(false);
            // Theorems resumed as done complete at once: start the next ones from a fresh stack.
            context.runOnContext(ignored -> fill());
        });
    }

    private void finish() {
        if (finishing) {
            return;
        }
        finishing = true;
        long id = campaignId();
        storeWriter.onStoreThread(() -> {
            List<Attempt> all = store.attempts(id).stream().map(StoredAttempt::attempt).toList();
            store.setCampaignStatus(id, CampaignStatus.FINISHED);
            return all;
        }).onSuccess(all -> {
            publish(true);
            result.tryComplete(CampaignSummary.of(plan, id, claim.resumed(), all, pipeline.attemptsThisRun(),
                    pipeline.recheckRejections(), pipeline.timeSpent()));
        }).onFailure(result::tryFail);
    }

    /** Stops for good after a failure: no new attempt; the promise fails once the attempts in flight are stored. */
    private void giveUp(Throwable cause) {
        if (failure == null) {
            failure = cause;
            LOG.debug("campaign {} stopping: {}", campaignId(), cause.toString());
        }
        failIfDrained();
    }

    private void failIfDrained() {
        if (failure != null && pipeline.inFlight() == 0) {
            result.tryFail(failure);
        }
    }

    private void publish(boolean finished) {
        EnumMap<Verdict.Status, Integer> counts = new EnumMap<>(Verdict.Status.class);
        pipeline.verdicts().forEach((status, n) -> counts.put(status, Math.toIntExact(n)));
        CampaignProgress progress = new CampaignProgress(campaignId(), plan.spec().set(), plan.spec().split(),
                plan.spec().strategy(), theoremsDone, plan.theorems().size(), solved,
                Math.toIntExact(pipeline.attempts()), pipeline.checksPerSecond(), counts, finished);
        vertx.eventBus().publish(CampaignProgress.ADDRESS, progress.toJson());
    }
}
