/**
 * Token ids on their way into the model: one example as a {@link dev.leanforge.trainer.batch.TokenSequence} (context,
 * then the completion it is trained on or scored for), a preference as a
 * {@link dev.leanforge.trainer.batch.TokenPair}, a file's records encoded at once as
 * {@link dev.leanforge.trainer.batch.EncodedRecords}, and a step's sequences right-padded and shifted for next-token
 * prediction as a {@link dev.leanforge.trainer.batch.PaddedBatch}.
 *
 * <p>Values and their encoding only: no loss and no optimiser.
 */
package dev.leanforge.trainer.batch;
