package dev.leanforge.loop.search;

import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.loop.policy.Policy.Completion;
import dev.leanforge.loop.policy.PromptFormat;
import dev.leanforge.loop.proof.Attempt;
import dev.leanforge.loop.proof.TacticStep;
import dev.leanforge.loop.theorems.Theorem;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a {@link SearchStrategy} may do for one theorem of a campaign. Futures complete on the campaign's context.
 */
public interface TheoremSearch {

    Theorem theorem();

    /** The theorem's attempts that an earlier run of the campaign stored, in attempt-index order. */
    List<Attempt> finished();

    /** {@code samples} completions of {@code prompt}, sampled as the campaign is configured. */
    Future<List<Completion>> complete(String prompt, int samples);

    /** The theorem's tactic steps that an earlier run of the campaign stored, in the order they were stored. */
    List<TacticStep> finishedSteps();

    /**
     * {@code samples} one-tactic completions of a goal-state prompt ({@link PromptFormat#tactic}): sampled as the
     * campaign is configured, with a newline added to the stop strings, and seeded by the theorem and the prompt, so
     * a seeded policy asked the same node again (a resumed search) proposes the same tactics.
     */
    Future<List<Completion>> completeTactic(String prompt, int samples);

    /**
     * The goals after {@code tacticPrefix} (a tactic proof so far, e.g. {@code by\n  intro n}) on a warm Lean server.
     * Waits, like {@link #attemptWhenFree}, until the campaign has room for one more request in flight: goal states
     * and attempts share that bound. A prefix the source policy refuses is answered
     * {@link GoalAnswer.Rejected} without reaching Lean. Nothing is stored.
     */
    Future<GoalAnswer> goalsAfter(String tacticPrefix);

    /** Stores the steps of one expansion of a tactic search in one transaction: all of them or none. */
    Future<Void> recordSteps(List<TacticStep> steps);

    /**
     * Waits until the campaign has room for one more attempt in flight, then asks {@code next} what to check: empty
     * gives the room back (the strategy no longer needs it, e.g. the theorem was proved meanwhile). A completion is
     * checked as the theorem's next attempt: on a warm Lean server, a {@code PROVED} verdict rechecked in a fresh
     * process, and stored.
     *
     * @return the stored attempt, whose verdict is {@code PROVED} only when the fresh-process recheck accepted the
     *         proof (and the proof is recorded); empty when {@code next} gave nothing
     */
    Future<Optional<Attempt>> attemptWhenFree(Supplier<Optional<Completion>> next);
}
