/**
 * The optimisation loop every objective shares: {@link dev.leanforge.trainer.training.TrainingLoop} runs a
 * {@link dev.leanforge.trainer.training.TrainingLoop.Objective} over seeded batches
 * ({@link dev.leanforge.trainer.training.DataOrder}) with {@link dev.leanforge.trainer.training.AdamW}, warm-up and
 * cosine decay ({@link dev.leanforge.trainer.training.LearningRateSchedule}), periodic checkpoints and an exact
 * resume from {@link dev.leanforge.trainer.training.TrainingState}. What it trains is a
 * {@link dev.leanforge.trainer.training.Trainable}; how long and how is
 * {@link dev.leanforge.trainer.training.RunOptions}; progress goes to a
 * {@link dev.leanforge.trainer.training.TrainingListener} as {@link dev.leanforge.trainer.training.StepReport}s.
 *
 * <p>It knows no loss: SFT, DPO and GRPO are objectives plugged in from {@code sft}, {@code dpo} and {@code rl}.
 */
package dev.leanforge.trainer.training;
