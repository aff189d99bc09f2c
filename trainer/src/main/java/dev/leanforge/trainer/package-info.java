/**
 * The trainer's entry point: {@link dev.leanforge.trainer.Training} learns a tokenizer, runs SFT or DPO (full or
 * LoRA, fresh or resumed), merges an adapter and opens a model directory to sample and score
 * ({@link dev.leanforge.trainer.Training.Policy}). It tells one of our own checkpoints from a Hugging Face one by
 * looking at the directory, so callers never choose between {@code model} and {@code hf} themselves.
 *
 * <p>The whole module knows nothing of Lean, theorems, proofs or the store: it turns text records into trained
 * model directories and prompts into completions. The sub-packages hold the machinery the facade wires together;
 * {@code docs/modules.md} lists which of them callers use directly.
 */
package dev.leanforge.trainer;
