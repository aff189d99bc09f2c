package dev.leanforge.loop.bus;

import dev.leanforge.loop.policy.Policy.SamplingParams;
import java.util.Objects;

/** Ask for {@code params.samples()} completions of {@code prompt}. */
public record PolicyRequest(String prompt, SamplingParams params) {
    public PolicyRequest {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(params, "params");
    }
}
