package dev.leanforge.loop.policy;

import java.util.List;

/**
 * Proposes text for a prompt: whole proofs, next tactics, or a retry after Lean's feedback — the prompt says which
 * (see {@link PromptFormat}). Implementations: the DJL model from the trainer, an OpenAI-compatible completions
 * endpoint, and a scripted policy for tests.
 *
 * <p>Calls block (model compute or HTTP): on Vert.x, call them from a worker verticle or
 * {@code executeBlocking}, never from an event-loop thread.
 */
public interface Policy extends AutoCloseable {

    /** {@code params.samples()} completions of {@code prompt}, each with its log-probability when known. */
    List<Completion> complete(String prompt, SamplingParams params);

    /** A short description for logs and reports, e.g. {@code djl:runs/round-2} or {@code openai:http://…}. */
    String describe();

    @Override
    default void close() {}

    /**
     * One proposed text.
     *
     * @param text    the completion, stop strings removed
     * @param logProb the summed log-probability of {@code text} given the prompt; {@code NaN} when the policy
     *                cannot tell (search then orders by other means)
     */
    record Completion(String text, double logProb) {}

    /**
     * How to sample.
     *
     * @param samples     how many completions
     * @param temperature 0 means greedy
     * @param topP        nucleus mass, 1 for none
     * @param topK        0 for none
     * @param maxTokens   most new tokens per completion
     * @param stop        strings that end a completion (not included in it)
     * @param seed        makes sampling repeatable where the policy supports it
     */
    record SamplingParams(int samples, double temperature, double topP, int topK, int maxTokens, List<String> stop,
                          long seed) {
        public SamplingParams {
            if (samples < 1) {
                throw new IllegalArgumentException("samples must be at least 1, was " + samples);
            }
            if (temperature < 0) {
                throw new IllegalArgumentException("temperature must not be negative, was " + temperature);
            }
            if (!(topP > 0 && topP <= 1)) {
                throw new IllegalArgumentException("topP must be in (0, 1], was " + topP);
            }
            if (topK < 0 || maxTokens < 1) {
                throw new IllegalArgumentException("topK must be >= 0 and maxTokens >= 1");
            }
            stop = List.copyOf(stop);
        }
    }
}
