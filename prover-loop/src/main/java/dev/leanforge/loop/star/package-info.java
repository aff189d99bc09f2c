/**
 * STaR and GRPO runs, {@code leanforge star run}: {@link dev.leanforge.loop.star.StarRun} drives the rounds of a
 * {@link dev.leanforge.loop.star.StarPlan} (search campaigns, a {@link dev.leanforge.loop.star.StarDataset}, SFT and
 * optional DPO or a GRPO update, evaluation, {@link dev.leanforge.loop.star.Promotion}) and records each round as a
 * {@link dev.leanforge.loop.star.RoundReport}; its caller follows along through a
 * {@link dev.leanforge.loop.star.StarListener}. A killed run continues where it stopped, from the store and the run
 * directory ({@link dev.leanforge.loop.star.RunFiles}, {@link dev.leanforge.loop.star.RunSettings}).
 *
 * <p>It searches by running ordinary campaigns and trains through the trainer on worker threads (the
 * package-private {@code StarTraining}); it never talks to Lean itself.
 */
package dev.leanforge.loop.star;
