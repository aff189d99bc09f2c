package dev.leanforge.trainer.sampling;

import java.util.ArrayList;
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
        List<String> wrong = new ArrayList<>();
        if (maxNewTokens <= 0) {
            wrong.add("max tokens must be >= 1, got " + maxNewTokens);
        }
        if (!(temperature >= 0)) {
            wrong.add("temperature must be >= 0, got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            wrong.add("top-p must be in (0, 1], got " + topP);
        }
        if (topK < 0) {
            wrong.add("top-k must be >= 0, got " + topK);
        }
        if (!wrong.isEmpty()) {
            throw new IllegalArgumentException("bad sampling options: " + String.join("; ", wrong));
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
