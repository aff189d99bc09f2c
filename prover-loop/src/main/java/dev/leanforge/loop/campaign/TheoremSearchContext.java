package dev.leanforge.loop.campaign;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.loop.bus.LeanService;
import dev.leanforge.loop.bus.PolicyRequest;
import dev.leanforge.loop.bus.PolicyService;
import dev.leanforge.loop.policy.Policy;
import dev.leanforge.loop.policy.Policy.Completion;
import dev.leanforge.loop.proof.Attempt;
import dev.leanforge.loop.proof.TacticStep;
import dev.leanforge.loop.search.Outcomes;
import dev.leanforge.loop.search.TheoremSearch;
import dev.leanforge.loop.theorems.Theorem;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a search strategy sees of one theorem of a campaign ({@link TheoremSearch}). Owns the theorem's state in this
 * run: the attempts and steps earlier runs stored, the attempt indexes taken (stored ones are skipped, none is given
 * twice), and whether it is solved. Asks the policy under the campaign's policy slots; asks for goal states and takes
 * attempts under its check slots, which bound the attempts and goal-state requests in flight over all theorems; hands
 * each attempt to the {@link AttemptPipeline}. Once the campaign is stopping ({@link Shared#failure()}) it starts
 * nothing new.
 *
 * <p>Touched on the campaign's context only.
 */
final class TheoremSearchContext implements TheoremSearch {

    /** What the theorems of one campaign share. */
    record Shared(SamplingSettings sampling, PolicyService policy, LeanService lean, Slots policySlots,
                    Slots checkSlots, AttemptPipeline pipeline, Context context, Supplier<Throwable> stopping,
                    Runnable attemptFinished) {
        Shared {
            Objects.requireNonNull(sampling, "sampling");
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(lean, "lean");
            Objects.requireNonNull(policySlots, "policySlots");
            Objects.requireNonNull(checkSlots, "checkSlots");
            Objects.requireNonNull(pipeline, "pipeline");
            Objects.requireNonNull(context, "context");
            Objects.requireNonNull(stopping, "stopping");
            Objects.requireNonNull(attemptFinished, "attemptFinished");
        }

        /** Why the campaign is stopping; null while it runs. */
        Throwable failure() {
            return stopping.get();
        }
    }

    private final Shared campaign;
    private final Theorem theorem;
    private final List<Attempt> finished;
    private final List<TacticStep> finishedSteps;
    private final Set<Integer> usedIndexes = new HashSet<>();
    private int lowestFree;
    private boolean solved;

    TheoremSearchContext(Shared campaign, Theorem theorem, List<Attempt> finished, List<TacticStep> finishedSteps) {
        this.campaign = Objects.requireNonNull(campaign, "campaign");
        this.theorem = Objects.requireNonNull(theorem, "theorem");
        this.finished = List.copyOf(finished);
        this.finishedSteps = List.copyOf(finishedSteps);
        finished.forEach(a -> usedIndexes.add(a.attemptIndex()));
        solved = finished.stream().anyMatch(Outcomes::verified);
    }

    /** Whether an attempt of the theorem verified, in this run or an earlier one. */
    boolean solved() {
        return solved;
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
        SamplingSettings sampling = campaign.sampling();
        return ask(prompt, sampling.params(samples, sampling.seedFor(theorem.name(), peekIndex())));
    }

    @Override
    public List<TacticStep> finishedSteps() {
        return finishedSteps;
    }

    @Override
    public Future<List<Completion>> completeTactic(String prompt, int samples) {
        SamplingSettings sampling = campaign.sampling();
        return ask(prompt, sampling.oneLineParams(samples, sampling.seedFor(theorem.name(), prompt)));
    }

    private Future<List<Completion>> ask(String prompt, Policy.SamplingParams params) {
        if (campaign.failure() != null) {
            return Future.failedFuture(campaign.failure());
        }
        PolicyRequest request = new PolicyRequest(prompt, params);
        Slots slots = campaign.policySlots();
        return slots.acquire()
                .compose(granted -> campaign.policy().complete(request))
                .andThen(replied -> slots.release())
                .map(reply -> {
                    campaign.pipeline().addPolicyTime(reply.elapsed());
                    return reply.completions();
                });
    }

    @Override
    public Future<GoalAnswer> goalsAfter(String tacticPrefix) {
        if (campaign.failure() != null) {
            return Future.failedFuture(campaign.failure());
        }
        CheckTask prefix = theorem.checkTask(tacticPrefix);
        Slots slots = campaign.checkSlots();
        return slots.acquire().compose(granted -> {
            if (campaign.failure() != null) {
                slots.release();
                return Future.failedFuture(campaign.failure());
            }
            return campaign.lean().goals(prefix)
                    .andThen(answered -> {
                        if (answered.succeeded()) {
                            campaign.pipeline().addGoalStateTime(answered.result().elapsed());
                        }
                        // As for an attempt: free the slot once the strategy has seen the answer.
                        campaign.context().runOnContext(ignored -> slots.release());
                    });
        });
    }

    @Override
    public Future<Void> recordSteps(List<TacticStep> steps) {
        return campaign.pipeline().recordSteps(steps);
    }

    @Override
    public Future<Optional<Attempt>> attemptWhenFree(Supplier<Optional<Completion>> next) {
        if (campaign.failure() != null) {
            return Future.failedFuture(campaign.failure());
        }
        Slots slots = campaign.checkSlots();
        return slots.acquire().compose(granted -> {
            Optional<Completion> completion;
            try {
                completion = campaign.failure() != null ? Optional.empty() : next.get();
            } catch (RuntimeException e) {
                slots.release();
                return Future.failedFuture(e);
            }
            if (completion.isEmpty()) {
                slots.release();
                Throwable failure = campaign.failure();
                return failure != null ? Future.failedFuture(failure) : Future.succeededFuture(Optional.empty());
            }
            return campaign.pipeline().attempt(theorem, takeIndex(), completion.get()).andThen(done -> {
                // Free the slot after the strategy has seen this attempt (it may no longer want the next one).
                campaign.context().runOnContext(ignored -> slots.release());
                if (done.succeeded() && Outcomes.verified(done.result())) {
                    solved = true;
                }
                campaign.attemptFinished().run();
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
