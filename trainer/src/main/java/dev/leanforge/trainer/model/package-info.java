/**
 * The decoder-only language model we train from scratch: {@link dev.leanforge.trainer.model.GptModel} with its sizes
 * ({@link dev.leanforge.trainer.model.ModelConfig}), and what every architecture shares with it — the
 * {@link dev.leanforge.trainer.model.CausalLm} interface sampling and scoring see, the decoding cache
 * {@link dev.leanforge.trainer.model.KvCache} and the causal and padding masks of
 * {@link dev.leanforge.trainer.model.AttentionBias}.
 *
 * <p>Forward passes, written with DJL's functional operators: no optimiser and no data. Of files it knows only
 * {@code config.json} ({@link dev.leanforge.trainer.model.ModelConfig#read}); weights are read and written by
 * {@code checkpoint}, and the Hugging Face architectures are in {@code hf}.
 */
package dev.leanforge.trainer.model;
