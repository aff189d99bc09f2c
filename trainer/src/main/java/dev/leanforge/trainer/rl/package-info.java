/**
 * GRPO, the policy-gradient objective with Lean as the reward: group-relative
 * {@link dev.leanforge.trainer.rl.Advantages}, samples with their old and reference log-probabilities
 * ({@link dev.leanforge.trainer.rl.RlSample}, built by {@link dev.leanforge.trainer.rl.RlSamples} from
 * {@link dev.leanforge.trainer.rl.TokenLogProbs}), and the clipped, token-normalised surrogate
 * ({@link dev.leanforge.trainer.rl.GrpoLoss}) as a {@link dev.leanforge.trainer.rl.GrpoObjective} for the training
 * loop, with its constants in {@link dev.leanforge.trainer.rl.GrpoOptions}.
 *
 * <p>Rewards arrive as numbers: nothing here samples, talks to Lean or decides what a reward is. Old log-probabilities
 * are always recomputed here from a model on disk, never taken from the server that sampled.
 */
package dev.leanforge.trainer.rl;
