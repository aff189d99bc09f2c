/**
 * Training data as text: the JSONL records ({@link dev.leanforge.trainer.data.SftRecord},
 * {@link dev.leanforge.trainer.data.DpoRecord}) read strictly by {@link dev.leanforge.trainer.data.JsonlReader}, with
 * every bad line reported ({@link dev.leanforge.trainer.data.BadLine}) and skipped or refused as the
 * {@link dev.leanforge.trainer.data.BadLinePolicy} says, and the policy's sequence format
 * ({@link dev.leanforge.trainer.data.PolicyFormat}) that turns a record into token ids.
 *
 * <p>No tensors and no model here: records become ids, and batching them is {@code batch}'s job.
 */
package dev.leanforge.trainer.data;
