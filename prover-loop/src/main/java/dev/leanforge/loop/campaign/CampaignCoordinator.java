package dev.leanforge.loop.campaign;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.bus.LeanService;
import dev.leanforge.loop.bus.PolicyRequest;
import dev.leanforge.loop.bus.PolicyService;
import dev.leanforge.loop.policy.Policy;
import dev.leanforge.loop.policy.Policy.Completion;
import dev.leanforge.loop.progress.CampaignProgress;
import dev.leanforge.loop.search.Outcomes;
import dev.leanforge.loop.search.TheoremSearch;
import dev.leanforge.loop.proof.Attempt;
import dev.leanforge.loop.store.Campaign;
import dev.leanforge.loop.store.CampaignClaim;
import dev.leanforge.loop.store.CampaignStatus;
import dev.leanforge.loop.store.LeaseTerms;
import dev.leanforge.loop.store.StoredAttempt;
import dev.leanforge.loop.store.StoredTacticStep;
import dev.leanforge.loop.proof.TacticStep;
import dev.leanforge.loop.store.Store;
import dev.leanforge.loop.proof.VerifiedProof;
import dev.leanforge.loop.theorems.Theorem;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one campaign: starts a search for each theorem while fewer than {@code inFlight} are active, keeps at most
 * {@code inFlight} attempts and goal-state requests in flight over all of them, and takes each attempt through the
 * warm check, the fresh-process recheck of a {@code PROVED} verdict, and the store. Publishes {@link CampaignProgress} after each
 * finished theorem and at the end, then marks the campaign finished and completes its promise with the summary.
 *
 * <p>An event-loop verticle: all its state is touched on its context only. The policy and Lean are reached through
 * their services ({@link LeanService}, {@link PolicyService}: this JVM's verticles or a cluster's workers); the
 * store is written on a one-thread worker pool, so writes happen in order and never on the loop.
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
    /** A fresh recheck that crashed is tried once more before the attempt is stored undecided. */
    private static final int RECHECK_CRASH_RETRIES = 1;

    private final CampaignPlan plan;
    private final Store store;
    private final CampaignClaim claim;
    private final LeaseTerms lease;
    private final LeanService lean;
    private final PolicyService policy;
    private final Promise<CampaignSummary> result;

    private WorkerExecutor storeThread;
    private long heartbeatTimer = -1;
    private Slots checkSlots;
    private Slots policySlots;
    private Campaign campaign;
    private boolean resumed;
    private Map<String, List<Attempt>> earlier;
    private Map<String, List<TacticStep>> earlierSteps;
    private final EnumMap<Verdict.Status, Long> verdicts = new EnumMap<>(Verdict.Status.class);
    private long attempts;
    private long attemptsThisRun;
    private int recheckRejections;
    private int nextTheorem;
    private int activeTheorems;
    private int theoremsDone;
    private int solved;
    private int attemptsInFlight;
    private boolean finishing;
    private Throwable failure;
    private long startNanos;
    private long policyNanos;
    private long checkNanos;
    private long goalStateNanos;
    private long recheckNanos;
    private long storeNanos;
    private long checks;

    CampaignCoordinator(CampaignPlan plan, Store store, CampaignClaim claim, LeaseTerms lease,
                        LeanService lean, PolicyService policy, Promise<CampaignSummary> result) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.store = Objects.requireNonNull(store, "store");
        this.claim = Objects.requireNonNull(claim, "claim");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.lean = Objects.requireNonNull(lean, "lean");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.result = Objects.requireNonNull(result, "result");
        for (Verdict.Status status : Verdict.Status.values()) {
            verdicts.put(status, 0L);
        }
    }

    /**
     * Reads what the claimed campaign already holds, then starts searching and heartbeating its lease; completes once
     * the campaign is open.
     */
    @Override
    public Future<?> start() {
        storeThread = vertx.createSharedWorkerExecutor("leanforge-store", 1, 5, TimeUnit.MINUTES);
        checkSlots = new Slots(plan.inFlight());
        policySlots = new Slots(plan.policyWorkers());
        Campaign opened = claim.campaign();
        return storeThread.executeBlocking(() -> new Opened(opened, claim.resumed(),
                store.attempts(opened.id()).stream().map(StoredAttempt::attempt).toList(),
                store.tacticSteps(opened.id()).stream().map(StoredTacticStep::step).toList()), true)
                .onSuccess(this::begin)
                .onSuccess(ignored -> heartbeatTimer = vertx.setPeriodic(lease.heartbeatEvery().toMillis(),
                        timer -> heartbeat()));
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(heartbeatTimer);
        return storeThread.close();
    }

    /** Renews the lease; lost to another run (this one was not seen for the TTL), the campaign stops here. */
    private void heartbeat() {
        if (failure != null || finishing) {
            return;
        }
        long id = campaign.id();
        storeThread.executeBlocking(() -> {
            store.renewLease(id, lease);
            return null;
        }, true).onFailure(this::giveUp);
    }

    private record Opened(Campaign campaign, boolean resumed, List<Attempt> attempts, List<TacticStep> steps) {}

    private void begin(Opened opened) {
        campaign = opened.campaign();
        resumed = opened.resumed();
        earlier = new LinkedHashMap<>();
        for (Attempt attempt : opened.attempts()) {
            earlier.computeIfAbsent(attempt.theorem(), t -> new ArrayList<>()).add(attempt);
            count(attempt);
        }
        earlier.values().forEach(list -> list.sort(Comparator.comparingInt(Attempt::attemptIndex)));
        earlierSteps = new HashMap<>();
        for (TacticStep step : opened.steps()) {
            earlierSteps.computeIfAbsent(step.theorem(), t -> new ArrayList<>()).add(step);
        }
        if (resumed) {
            LOG.info("resuming campaign {}: {} attempts already stored", campaign.id(), attempts);
        }
        startNanos = System.nanoTime();
        fill();
    }

    private void count(Attempt attempt) {
        attempts++;
        verdicts.merge(attempt.verdict().status(), 1L, Long::sum);
    }

    // ---- theorems ----

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
        Search search = new Search(theorem, earlier.getOrDefault(theorem.name(), List.of()),
                earlierSteps.getOrDefault(theorem.name(), List.of()));
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
            solved += search.solved ? 1 : 0;
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
        long id = campaign.id();
        storeThread.executeBlocking(() -> {
            List<Attempt> all = store.attempts(id).stream().map(StoredAttempt::attempt).toList();
            store.setCampaignStatus(id, CampaignStatus.FINISHED);
            return all;
        }, true).onSuccess(all -> {
            publish(true);
            result.tryComplete(CampaignSummary.of(plan, id, resumed, all, attemptsThisRun, recheckRejections,
                    timeSpent()));
        }).onFailure(result::tryFail);
    }

    /** Stops for good after a failure: no new attempt; the promise fails once the attempts in flight are stored. */
    private void giveUp(Throwable cause) {
        if (failure == null) {
            failure = cause;
            LOG.debug("campaign {} stopping: {}", campaign.id(), cause.toString());
        }
        failIfDrained();
    }

    private void failIfDrained() {
        if (failure != null && attemptsInFlight == 0) {
            result.tryFail(failure);
        }
    }

    private CampaignSummary.TimeSpent timeSpent() {
        double wall = seconds(System.nanoTime() - startNanos);
        return new CampaignSummary.TimeSpent(wall, seconds(policyNanos), seconds(checkNanos), seconds(goalStateNanos),
                seconds(recheckNanos), seconds(storeNanos), checks, wall > 0 ? checks / wall : 0);
    }

    private void publish(boolean finished) {
        double wall = seconds(System.nanoTime() - startNanos);
        EnumMap<Verdict.Status, Integer> counts = new EnumMap<>(Verdict.Status.class);
        verdicts.forEach((status, n) -> counts.put(status, Math.toIntExact(n)));
        CampaignProgress progress = new CampaignProgress(campaign.id(), plan.spec().set(), plan.spec().split(),
                plan.spec().strategy(), theoremsDone, plan.theorems().size(), solved, Math.toIntExact(attempts),
                wall > 0 ? checks / wall : 0, counts, finished);
        vertx.eventBus().publish(CampaignProgress.ADDRESS, progress.toJson());
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    // ---- one attempt: warm check, fresh recheck, store ----

    private Future<Attempt> attempt(Theorem theorem, int index, Completion completion) {
        CheckTask task = theorem.checkTask(completion.text());
        return lean.check(task).compose(warm -> {
            checks++;
            checkNanos += warm.elapsed().toNanos();
            if (warm instanceof Verdict.Proved proved) {
                return recheck(task, RECHECK_CRASH_RETRIES).map(fresh -> Recheck.of(proved, fresh));
            }
            return Future.succeededFuture(Recheck.notNeeded(warm));
        }).compose(recheck -> {
            if (recheck.disagreement()) {
                recheckRejections++;
                LOG.warn("{} attempt {}: a warm server accepted the proof, the fresh-process recheck did not: {}",
                        theorem.name(), index, recheck.stored());
            }
            OptionalDouble logProb = Double.isNaN(completion.logProb())
                    ? OptionalDouble.empty() : OptionalDouble.of(completion.logProb());
            Attempt attempt = new Attempt(campaign.id(), theorem.name(), index, completion.text(), recheck.stored(),
                    logProb);
            Optional<VerifiedProof> proof = recheck.proof().map(fresh -> VerifiedProof.freshlyChecked(
                    theorem.set(), task, fresh, plan.provenance().leanVersion(),
                    plan.provenance().mathlibRevision()));
            return storeThread.executeBlocking(() -> {
                long start = System.nanoTime();
                if (proof.isPresent()) {
                    store.addAttempt(attempt, proof.get());
                } else {
                    store.addAttempt(attempt);
                }
                return System.nanoTime() - start;
            }, true).map(nanos -> {
                storeNanos += nanos;
                attemptsThisRun++;
                count(attempt);
                return attempt;
            });
        });
    }

    private Future<Verdict> recheck(CheckTask task, int crashRetries) {
        return lean.recheck(task).compose(fresh -> {
            recheckNanos += fresh.elapsed().toNanos();
            if (fresh instanceof Verdict.Crashed && crashRetries > 0) {
                return recheck(task, crashRetries - 1);
            }
            return Future.succeededFuture(fresh);
        });
    }

    // ---- what a strategy sees of one theorem ----

    private final class Search implements TheoremSearch {
        private final Theorem theorem;
        private final List<Attempt> finished;
        private final List<TacticStep> finishedSteps;
        private final Set<Integer> usedIndexes = new HashSet<>();
        private int lowestFree;
        private boolean solved;

        Search(Theorem theorem, List<Attempt> finished, List<TacticStep> finishedSteps) {
            this.theorem = theorem;
            this.finished = List.copyOf(finished);
            this.finishedSteps = List.copyOf(finishedSteps);
            finished.forEach(a -> usedIndexes.add(a.attemptIndex()));
            solved = finished.stream().anyMatch(Outcomes::verified);
        }

        @Override
        public Theorem theorem() {
            return theorem;
        }

        @Override
        public List<Attempt> finished() {
            return finished;
        }

        @Override
        public Future<List<Completion>> complete(String prompt, int samples) {
            return ask(prompt, plan.sampling().params(samples, plan.sampling().seedFor(theorem.name(), peekIndex())));
        }

        @Override
        public List<TacticStep> finishedSteps() {
            return finishedSteps;
        }

        @Override
        public Future<List<Completion>> completeTactic(String prompt, int samples) {
            return ask(prompt, plan.sampling().oneLineParams(samples,
                    plan.sampling().seedFor(theorem.name(), prompt)));
        }

        private Future<List<Completion>> ask(String prompt, Policy.SamplingParams params) {
            if (failure != null) {
                return Future.failedFuture(failure);
            }
            PolicyRequest request = new PolicyRequest(prompt, params);
            return policySlots.acquire()
                    .compose(granted -> policy.complete(request))
                    .andThen(replied -> policySlots.release())
                    .map(reply -> {
                        policyNanos += reply.elapsed().toNanos();
                        return reply.completions();
                    });
        }

        @Override
        public Future<GoalAnswer> goalsAfter(String tacticPrefix) {
            if (failure != null) {
                return Future.failedFuture(failure);
            }
            CheckTask prefix = theorem.checkTask(tacticPrefix);
            return checkSlots.acquire().compose(granted -> {
                if (failure != null) {
                    checkSlots.release();
                    return Future.failedFuture(failure);
                }
                return lean.goals(prefix)
                        .andThen(answered -> {
                            if (answered.succeeded()) {
                                goalStateNanos += answered.result().elapsed().toNanos();
                            }
                            // As for an attempt: free the slot once the strategy has seen the answer.
                            context.runOnContext(ignored -> checkSlots.release());
                        });
            });
        }

        @Override
        public Future<Void> recordSteps(List<TacticStep> steps) {
            long id = campaign.id();
            return storeThread.executeBlocking(() -> {
                long start = System.nanoTime();
                store.addTacticSteps(id, steps);
                return System.nanoTime() - start;
            }, true).map(nanos -> {
                storeNanos += nanos;
                return null;
            });
        }

        @Override
        public Future<Optional<Attempt>> attemptWhenFree(Supplier<Optional<Completion>> next) {
            if (failure != null) {
                return Future.failedFuture(failure);
            }
            return checkSlots.acquire().compose(granted -> {
                Optional<Completion> completion;
                try {
                    completion = failure != null ? Optional.empty() : next.get();
                } catch (RuntimeException e) {
                    checkSlots.release();
                    return Future.failedFuture(e);
                }
                if (completion.isEmpty()) {
                    checkSlots.release();
                    return failure != null ? Future.failedFuture(failure) : Future.succeededFuture(Optional.empty());
                }
                attemptsInFlight++;
                return attempt(theorem, takeIndex(), completion.get()).andThen(done -> {
                    attemptsInFlight--;
                    // Free the slot after the strategy has seen this attempt (it may no longer want the next one).
                    context.runOnContext(ignored -> checkSlots.release());
                    if (done.succeeded() && Outcomes.verified(done.result())) {
                        solved = true;
                    }
                    failIfDrained();
                }).map(Optional::of);
            });
        }

        /** The lowest attempt index not stored yet and not taken by this run. */
        private int peekIndex() {
            while (usedIndexes.contains(lowestFree)) {
                lowestFree++;
            }
            return lowestFree;
        }

        private int takeIndex() {
            int index = peekIndex();
            usedIndexes.add(index);
            return index;
        }
    }
}
