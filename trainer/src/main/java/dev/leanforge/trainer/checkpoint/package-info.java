/**
 * Our own model directories on disk: {@link dev.leanforge.trainer.checkpoint.Checkpoint} reads and writes
 * {@code config.json}, {@code model.safetensors} and {@code tokenizer.json} in the Hugging Face layout, through
 * {@link dev.leanforge.trainer.checkpoint.Safetensors} for the float32 {@link dev.leanforge.trainer.checkpoint.Tensor}s.
 *
 * <p>Files only: it does not train, sample or know Hugging Face's architectures (those are in {@code hf}).
 */
package dev.leanforge.trainer.checkpoint;
