package dev.leanforge.trainer.sampling;

import java.util.List;

/**
 * How to draw completions.
 *
 * @param maxNewTokens stop after this many generated tokens
 * @param temperature divides the logits; 0 means greedy (always the most likely token)
 * @param topP nucleus sampling: keep the smallest set of most likely tokens whose probability reaches this (1 = all)
 * @param topK keep only the k most likely tokens (0 = all)
 * @param stopStrings stop when the decoded completion contains one of these; the text is cut before it
 * @param seed the same seed, prompts and options give the same completions
 */
public record SamplingOptions(
        int maxNewTokens, double temperature, double topP, int topK, List<String> stopStrings, long seed) {

    public SamplingOptions {
        if (maxNewTokens <= 0 || temperature < 0 || !(topP > 0) || topP > 1 || topK < 0) {
            throw new IllegalArgumentException("bad sampling options: max tokens " + maxNewTokens + ", temperature "
                    + temperature + ", top-p " + topP + ", top-k " + topK);
        }
        stopStrings = List.copyOf(stopStrings);
        if (stopStrings.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("empty stop string");
        }
    }

    public static SamplingOptions greedy(int maxNewTokens) {
        return new SamplingOptions(maxNewTokens, 0, 1, 0, List.of(), 0);
    }
}
