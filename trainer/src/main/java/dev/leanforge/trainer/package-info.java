/**
 * The trainer's entry point: {@link dev.leanforge.trainer.Training} learns a tokenizer, runs SFT, DPO or a GRPO
 * update (full or LoRA, fresh or resumed; GRPO with an optional KL reference, scored with the policy itself when it
 * is the policy's directory), merges an adapter and opens a model directory to sample and score
 * ({@link dev.leanforge.trainer.Training.Policy}). It tells one of our own checkpoints from a Hugging Face one by
 * looking at the directory, so callers never choose between {@code model} and {@code hf} themselves. It reads the
 * data files too: SFT's {@code prompt}/{@code completion}, DPO's {@code prompt}/{@code chosen}/{@code rejected} and
 * GRPO's {@code prompt}/{@code completion}/{@code advantage} records.
 *
 * <p>The whole module knows nothing of Lean, theorems, proofs or the store: it turns text records into trained
 * model directories and prompts into completions. The sub-packages hold the machinery the facade wires together;
 * {@code docs/modules.md} lists which of them callers use directly.
 */
package dev.leanforge.trainer;
