package dev.leanforge.trainer.sampling;

import dev.leanforge.trainer.data.PolicyFormat;
import dev.leanforge.trainer.model.CausalLm;
import dev.leanforge.trainer.model.GptModel;
import dev.leanforge.trainer.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * K completions of one text prompt in the policy's format ({@link PolicyFormat#encodePrompt}), generated in
 * batches: what {@code leanforge sample} prints and what the {@code model:DIR} policy answers a search with, so the
 * two cannot drift apart.
 *
 * <p>A long prompt loses tokens from its start to leave room for {@code maxNewTokens}, keeping at least half the
 * context. Batch {@code i} (rows {@code from … from+batchSize-1}) samples with seed {@code seed + from}, rows of a
 * batch drawing from their own streams of it, so the same seed, count and batch size give the same completions.
 */
public final class PromptSampler {

    /** A prompt's token ids, at most {@code maxLength} of them. */
    @FunctionalInterface
    public interface PromptEncoder {
        int[] encode(String prompt, int maxLength);
    }

    private final CausalLm model;
    private final PromptEncoder encoder;
    private final Generator generator;

    /** Our own model: prompts in the policy format, ending at {@code <|end|>}. */
    public PromptSampler(GptModel model, Tokenizer tokenizer) {
        this(model, (prompt, maxLength) -> PolicyFormat.encodePrompt(tokenizer, prompt, maxLength),
                new Generator(model, tokenizer));
    }

    /** Any model, with its own prompt encoding (e.g. a template) and generator (e.g. several end tokens). */
    public PromptSampler(CausalLm model, PromptEncoder encoder, Generator generator) {
        this.model = model;
        this.encoder = encoder;
        this.generator = generator;
    }

    /**
     * {@code count} completions of {@code prompt}.
     *
     * @param useCache whether to decode with the KV cache (the fast path; without it only for comparison)
     */
    public List<Completion> sample(String prompt, int count, int batchSize, SamplingOptions options,
            boolean useCache) {
        if (count < 1 || batchSize < 1) {
            throw new IllegalArgumentException("count and batch size must be at least 1, got " + count + " and "
                    + batchSize);
        }
        int context = model.context();
        int promptRoom = Math.max(PolicyFormat.MIN_LENGTH, Math.max(context / 2, context - options.maxNewTokens()));
        int[] ids = encoder.encode(prompt, promptRoom);
        List<Completion> out = new ArrayList<>(count);
        for (int from = 0; from < count; from += batchSize) {
            int rows = Math.min(batchSize, count - from);
            SamplingOptions batchOptions = new SamplingOptions(options.maxNewTokens(), options.temperature(),
                    options.topP(), options.topK(), options.stopStrings(), options.seed() + from);
            out.addAll(generator.generate(Collections.nCopies(rows, ids), batchOptions, useCache));
        }
        return out;
    }
}
