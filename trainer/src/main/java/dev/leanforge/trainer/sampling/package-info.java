/**
 * Drawing and scoring completions with any {@link dev.leanforge.trainer.model.CausalLm}:
 * {@link dev.leanforge.trainer.sampling.Generator} (batched, left-padded, with or without the KV cache),
 * {@link dev.leanforge.trainer.sampling.PromptSampler} (k completions of one prompt in the policy's format: what
 * {@code leanforge sample} prints and the {@code model:DIR} policy answers with),
 * {@link dev.leanforge.trainer.sampling.SequenceScorer} (log-probabilities of given completions), settings in
 * {@link dev.leanforge.trainer.sampling.SamplingOptions}, results as
 * {@link dev.leanforge.trainer.sampling.Completion}s.
 *
 * <p>Inference only: nothing here updates weights or knows what a completion will be used for.
 */
package dev.leanforge.trainer.sampling;
