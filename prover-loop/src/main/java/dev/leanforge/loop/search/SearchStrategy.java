package dev.leanforge.loop.search;

import dev.leanforge.loop.proof.Attempt;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * How to look for a proof of one theorem with a policy and Lean. The campaign gives each theorem a
 * {@link TheoremSearch} (policy calls, checks, the attempts an earlier run already stored) and waits for
 * {@link #search} to finish; it bounds the work in flight over all theorems.
 *
 * <p>Implementations: {@link WholeProofSampling} ({@code sample}), {@link ErrorFeedbackRetry} ({@code feedback}),
 * {@link BestFirstSearch} ({@code best-first}: goal states and one-tactic completions through {@link TheoremSearch},
 * its frontier in {@link #search}'s own state).
 *
 * <p>Strategies are stateless between theorems; one {@link #search} call holds a theorem's state. Everything runs
 * on the campaign's Vert.x context: no locks, and nothing may block.
 */
public interface SearchStrategy {

    /** The word used by {@code --strategy}, the store and reports. */
    String name();

    /** What the strategy may spend per theorem, recorded with the campaign so results can be compared. */
    Map<String, Object> budget();

    /**
     * Searches {@code search.theorem()} until its budget is spent or it is proved. Resumes from
     * {@link TheoremSearch#finished()}: a theorem whose stored attempts already end the search completes at once,
     * without calling the policy.
     *
     * @return completes when the theorem is done; fails only when the campaign cannot go on (the policy, Lean or
     *         the store failed), never because a proof failed
     */
    Future<Void> search(TheoremSearch search);

    /** One theorem's pass@k samples, from its stored attempts in attempt-index order. */
    SampleOutcomes samples(List<Attempt> attempts);

    /** The values of k whose pass@k the campaign reports. */
    List<Integer> reportedK();
}
