/**
 * Supervised fine-tuning as a training objective: {@link dev.leanforge.trainer.sft.SftObjective}, the mean
 * cross-entropy of the completion tokens, prompt and padding masked out.
 *
 * <p>Only the loss: the loop, the optimiser and checkpoints are {@code training}'s, reading data is {@code data}'s.
 */
package dev.leanforge.trainer.sft;
