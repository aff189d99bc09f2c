/**
 * Direct Preference Optimisation as a training objective: {@link dev.leanforge.trainer.dpo.DpoObjective} over
 * {@link dev.leanforge.trainer.dpo.DpoExample}s, whose reference log-probabilities
 * {@link dev.leanforge.trainer.dpo.ReferenceLogProbs} computes once and caches on disk, so training never holds the
 * reference model in memory.
 *
 * <p>Only the loss and its reference values: the loop, the optimiser and checkpoints are {@code training}'s.
 */
package dev.leanforge.trainer.dpo;
