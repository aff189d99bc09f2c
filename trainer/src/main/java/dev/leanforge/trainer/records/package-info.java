/**
 * Training records read from JSONL and turned into token ids in the policy's prompt format.
 *
 * <p>Kept deliberately small: it is the one place that maps a record to {@link
 * dev.leanforge.trainer.batch.TokenSequence}s, so it can be re-pointed at the tokenizer work's data readers and
 * prompt format without touching the model, sampling, SFT or DPO code.
 */
package dev.leanforge.trainer.records;
