/**
 * How one theorem is searched: a {@link dev.leanforge.loop.search.SearchStrategy} —
 * {@link dev.leanforge.loop.search.WholeProofSampling} ({@code sample}),
 * {@link dev.leanforge.loop.search.ErrorFeedbackRetry} ({@code feedback}, with
 * {@link dev.leanforge.loop.search.LeanFeedback}) or {@link dev.leanforge.loop.search.BestFirstSearch}
 * ({@code best-first} over goal states) — acting through the {@link dev.leanforge.loop.search.TheoremSearch} the
 * campaign hands it. {@link dev.leanforge.loop.search.Outcomes} and {@link dev.leanforge.loop.search.SampleOutcomes}
 * say what the attempts mean for pass@k.
 *
 * <p>Strategies never call Lean, the policy or the store themselves: every check, policy call and stored attempt goes
 * through {@code TheoremSearch}, whose futures complete on the campaign's context.
 */
package dev.leanforge.loop.search;
