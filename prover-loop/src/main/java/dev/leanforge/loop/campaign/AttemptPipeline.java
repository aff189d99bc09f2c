package dev.leanforge.loop.campaign;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.bus.LeanService;
import dev.leanforge.loop.policy.Policy.Completion;
import dev.leanforge.loop.proof.Attempt;
import dev.leanforge.loop.proof.TacticStep;
import dev.leanforge.loop.proof.VerifiedProof;
import dev.leanforge.loop.theorems.Theorem;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt's way through a campaign: the warm check, the fresh-process recheck of a {@code PROVED} verdict (a
 * crashed recheck tried once more), the {@link Recheck} decision, and the store write on the store thread. Owns what
 * that way counts: attempts and verdicts (the campaign's, earlier runs' included), this run's attempts and recheck
 * rejections, the attempts in flight, and where this run's time went ({@link #timeSpent()}): policy, warm check,
 * goal-state, recheck and store time, and the wall time since {@link #startClock()}.
 *
 * <p>Touched on the campaign's context only, but for the store writes, which run on the store thread.
 */
final class AttemptPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(AttemptPipeline.class);
    /** A fresh recheck that crashed is tried once more before the attempt is stored undecided. */
    static final int RECHECK_CRASH_RETRIES = 1;

    private final long campaignId;
    private final Provenance provenance;
    private final LeanService lean;
    private final StoreWriter store;
    private final Ticker ticker;

    private final EnumMap<Verdict.Status, Long> verdicts = new EnumMap<>(Verdict.Status.class);
    private long attempts;
    private long attemptsThisRun;
    private int recheckRejections;
    private int inFlight;
    private long startNanos;
    private long policyNanos;
    private long checkNanos;
    private long goalStateNanos;
    private long recheckNanos;
    private long storeNanos;
    private long checks;

    AttemptPipeline(long campaignId, Provenance provenance, LeanService lean, StoreWriter store, Ticker ticker) {
        this.campaignId = campaignId;
        this.provenance = Objects.requireNonNull(provenance, "provenance");
        this.lean = Objects.requireNonNull(lean, "lean");
        this.store = Objects.requireNonNull(store, "store");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        for (Verdict.Status status : Verdict.Status.values()) {
            verdicts.put(status, 0L);
        }
    }

    /** Counts an attempt an earlier run stored. */
    void countEarlier(Attempt attempt) {
        count(attempt);
    }

    /** Starts this run's wall time. */
    void startClock() {
        startNanos = ticker.read();
    }

    /**
     * Checks {@code completion} as {@code theorem}'s attempt {@code index}: warm, then fresh for a {@code PROVED}
     * verdict, and stores it.
     *
     * @return the stored attempt; fails when Lean could not be asked or the store refused the write
     */
    Future<Attempt> attempt(Theorem theorem, int index, Completion completion) {
        CheckTask task;
        try {
            task = theorem.checkTask(completion.text());
        } catch (RuntimeException e) {
            return Future.failedFuture(e); // counted nowhere: a campaign that stops must still drain to zero
        }
        inFlight++;
        return Future.<Verdict>future(started -> lean.check(task).onComplete(started)).compose(warm -> {
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
            Attempt attempt = new Attempt(campaignId, theorem.name(), index, completion.text(), recheck.stored(),
                    logProb);
            Optional<VerifiedProof> proof = recheck.proof().map(fresh -> VerifiedProof.freshlyChecked(
                    theorem.set(), task, fresh, provenance.leanVersion(), provenance.mathlibRevision()));
            return timedWrite(() -> store.addAttempt(attempt, proof)).map(written -> {
                attemptsThisRun++;
                count(attempt);
                return attempt;
            });
        }).andThen(done -> inFlight--);
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

    /** Stores the steps of one tactic-search expansion, timed like an attempt's write. */
    Future<Void> recordSteps(List<TacticStep> steps) {
        return timedWrite(() -> store.addTacticSteps(campaignId, steps));
    }

    /** Runs {@code write} on the store thread and adds the time it took there (not the wait for it) to the store time. */
    private Future<Void> timedWrite(Runnable write) {
        return store.onStoreThread(() -> {
            long start = ticker.read();
            write.run();
            return ticker.read() - start;
        }).map(nanos -> {
            storeNanos += nanos;
            return null;
        });
    }

    private void count(Attempt attempt) {
        attempts++;
        verdicts.merge(attempt.verdict().status(), 1L, Long::sum);
    }

    void addPolicyTime(Duration elapsed) {
        policyNanos += elapsed.toNanos();
    }

    void addGoalStateTime(Duration elapsed) {
        goalStateNanos += elapsed.toNanos();
    }

    /** Attempts taken in and not yet stored (or failed). */
    int inFlight() {
        return inFlight;
    }

    /** The campaign's attempts so far, earlier runs' included. */
    long attempts() {
        return attempts;
    }

    long attemptsThisRun() {
        return attemptsThisRun;
    }

    int recheckRejections() {
        return recheckRejections;
    }

    /** The campaign's attempts so far by stored verdict, every status present. */
    Map<Verdict.Status, Long> verdicts() {
        return new EnumMap<>(verdicts);
    }

    /** Warm checks per second of wall time so far. */
    double checksPerSecond() {
        return perSecond(checks, seconds(ticker.read() - startNanos));
    }

    CampaignSummary.TimeSpent timeSpent() {
        double wall = seconds(ticker.read() - startNanos);
        return new CampaignSummary.TimeSpent(wall, seconds(policyNanos), seconds(checkNanos), seconds(goalStateNanos),
                seconds(recheckNanos), seconds(storeNanos), checks, perSecond(checks, wall));
    }

    private static double perSecond(long count, double wall) {
        return wall > 0 ? count / wall : 0;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
