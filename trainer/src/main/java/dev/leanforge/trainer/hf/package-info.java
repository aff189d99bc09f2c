/**
 * Hugging Face checkpoints, run as transformers runs them: the Llama family of decoders
 * ({@link dev.leanforge.trainer.hf.HfModel}: Llama, Mistral, Qwen2, Qwen3) read from and written to a model
 * directory ({@link dev.leanforge.trainer.hf.HfCheckpoint}, {@link dev.leanforge.trainer.hf.HfConfig}), with the
 * checkpoint's own tokenizer ({@link dev.leanforge.trainer.hf.HfTokenizer}) and prompt template
 * ({@link dev.leanforge.trainer.hf.PromptTemplate}), ready to sample and score as an
 * {@link dev.leanforge.trainer.hf.HfPolicy}. LoRA lives here too: {@link dev.leanforge.trainer.hf.LoraConfig},
 * {@link dev.leanforge.trainer.hf.LoraTrainable} and PEFT's adapter layout ({@link dev.leanforge.trainer.hf.PeftAdapter}).
 *
 * <p>What it cannot run exactly (an unknown {@code model_type}, another activation, sliding-window attention, DoRA) it
 * refuses by name rather than approximates. It never downloads anything: a checkpoint is a local directory.
 */
package dev.leanforge.trainer.hf;
