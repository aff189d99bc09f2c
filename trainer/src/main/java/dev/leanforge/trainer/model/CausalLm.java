package dev.leanforge.trainer.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A decoder-only language model as sampling and scoring see it: our own {@link GptModel} and the Hugging Face
 * architectures of {@code dev.leanforge.trainer.hf} both serve {@code Generator}, {@code SequenceScorer} and
 * {@code PromptSampler} through it.
 *
 * <p>Every result is attached to the manager of the input ids, so a caller frees a step by closing its own scope.
 */
public interface CausalLm extends AutoCloseable {

    /** Token ids {@code 0 … vocabSize-1} the model has embeddings and logits for. */
    int vocabSize();

    /** The longest sequence the model takes (positions {@code 0 … context-1}). */
    int context();

    Device device();

    /** A manager for one step's temporaries on this model's device; close it to free them. */
    NDManager newScope();

    /** An empty KV cache whose tensors live in a sub-manager of {@code scope}. */
    KvCache newCache(NDManager scope);

    /**
     * Logits of the last of the new positions only, {@code (batch, vocab)}: the general forward pass used by
     * generation.
     *
     * @param ids new token ids {@code (batch, queries)}, int64
     * @param positions position ids of the new tokens, {@code (queries)} or {@code (batch, queries)}, int64
     * @param bias additive attention bias {@code (1 or batch, 1, queries, keys)} ({@link AttentionBias}); {@code keys}
     *     counts the cached positions plus the new ones
     * @param cache keys and values of earlier positions, extended in place with the new ones; null for none
     */
    NDArray lastLogits(NDArray ids, NDArray positions, NDArray bias, KvCache cache);

    /**
     * {@code log p(next token | prefix)} at chosen positions only of a causal pass over {@code inputs} (positions
     * {@code 0 … time-1} in every row).
     *
     * @param inputs token ids {@code (batch, time)}
     * @param positions flat indices {@code b · time + t} of the positions to score, int64 {@code (n)}
     * @param targets the next token at each chosen position, int64 {@code (n)}
     * @return {@code (n)} log-probabilities attached to the manager of {@code inputs}
     */
    NDArray targetLogProbs(NDArray inputs, NDArray positions, NDArray targets);

    /**
     * The whole next-token distribution, as log-softmax over the vocabulary, at chosen positions only of a causal
     * pass over {@code inputs}: what GRPO needs besides the targets' log-probabilities (the entropy). Differentiable
     * when gradients are recorded.
     *
     * @param inputs token ids {@code (batch, time)}
     * @param positions flat indices {@code b · time + t} of the positions to score, int64 {@code (n)}
     * @return {@code (n, vocab)} attached to the manager of {@code inputs}
     */
    NDArray logSoftmaxAt(NDArray inputs, NDArray positions);

    @Override
    void close();
}
