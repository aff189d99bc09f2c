package dev.leanforge.loop.campaign;

import dev.leanforge.loop.policy.Policy.SamplingParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a campaign asks its policy to sample; {@link #params} adds the sample count and seed of one call.
 *
 * @param seed the campaign's base seed; each call gets {@link #seedFor} of it
 */
public record SamplingSettings(double temperature, double topP, int topK, int maxTokens, List<String> stop,
                               long seed) {

    public SamplingSettings {
        stop = List.copyOf(stop);
        // Validates the settings once, with the policy interface's own rules (fields are not yet assigned here).
        new SamplingParams(1, temperature, topP, topK, maxTokens, stop, seed);
    }

    public SamplingParams params(int samples, long callSeed) {
        return new SamplingParams(samples, temperature, topP, topK, maxTokens, stop, callSeed);
    }

    /**
     * The seed of the policy call that draws attempts from {@code firstIndex} on for {@code theorem}: different for
     * every theorem and every call, and the same when a campaign is run again, so a resumed campaign does not
     * redraw the samples of attempts it already has.
     */
    public long seedFor(String theorem, int firstIndex) {
        long h = seed * 0x9E3779B97F4A7C15L + theorem.hashCode(); // String.hashCode is fixed by the JLS
        return h * 1_000_003L + firstIndex;
    }

    /** As {@link #params}, with a newline added to the stop strings: one line, e.g. one tactic, per completion. */
    public SamplingParams oneLineParams(int samples, long callSeed) {
        List<String> oneLine = new ArrayList<>(stop);
        oneLine.add("\n");
        return new SamplingParams(samples, temperature, topP, topK, maxTokens, oneLine, callSeed);
    }

    /**
     * The seed of a call for one node of a tactic search: from the theorem and the prompt (the node's goals), so the
     * same node asked again in another run gets the same seed.
     */
    public long seedFor(String theorem, String prompt) {
        return seedFor(theorem, prompt.hashCode()); // String.hashCode is fixed by the JLS
    }

    /** The settings as recorded with the campaign. */
    public Map<String, Object> recorded() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("temperature", temperature);
        map.put("top-p", topP);
        map.put("top-k", topK);
        map.put("max-tokens", maxTokens);
        map.put("stop", stop);
        map.put("seed", seed);
        return map;
    }
}
