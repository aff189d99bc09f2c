package dev.leanforge.loop.policy;

import dev.leanforge.loop.policy.openai.OpenAiOptions;
import java.util.Objects;

/**
 * The settings of policy kinds that have settings of their own (config keys {@code openai-*}), handed to
 * {@link PolicyKind#prepare(String, PolicySettings)}. Sampling settings (temperature, stop, …) are not here: they
 * travel with every call as {@link Policy.SamplingParams}.
 *
 * @param openai what {@code openai:URL} sends and how it talks to the server
 */
public record PolicySettings(OpenAiOptions openai) {

    /** Every setting at its default. */
    public static final PolicySettings DEFAULTS = new PolicySettings(OpenAiOptions.DEFAULTS);

    public PolicySettings {
        Objects.requireNonNull(openai, "openai");
    }
}
