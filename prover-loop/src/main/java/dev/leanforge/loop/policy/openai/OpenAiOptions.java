package dev.leanforge.loop.policy.openai;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How {@code openai:URL} talks to a completions server (config keys {@code openai-*}, see docs/policies.md).
 * Sampling settings (temperature, top-p, stop, …) are not here: they come with each call.
 *
 * @param model     the {@code model} field of requests; required to open the policy (vLLM checks it against the
 *                  served model; llama.cpp ignores it)
 * @param template  wraps each prompt
 * @param stop      stop strings sent in addition to the campaign's, e.g. the closing fence of a template that
 *                  opens a code block
 * @param apiKeyEnv the environment variable holding the API key, sent as a bearer token; empty: none is sent.
 *                  Only the variable's name is kept in settings, never the key.
 * @param timeout   how long one HTTP request may take, the whole answer included
 * @param retries   further tries of a request after 429, 5xx or a connection failure, with a growing pause
 * @param logprobs  ask for token log-probabilities (their sum becomes the completion's log-prob); turn off for
 *                  servers that refuse the {@code logprobs} field
 * @param maxN      most completions asked in one request ({@code n}); a call for more sends several requests.
 *                  0: no limit. llama.cpp's server answers one per request, so it needs 1.
 */
public record OpenAiOptions(Optional<String> model, PromptTemplate template, List<String> stop,
                            Optional<String> apiKeyEnv, Duration timeout, int retries, boolean logprobs, int maxN) {

    /**
     * The defaults of the settings table ({@code CampaignSettings}); no model, so a policy needs at least
     * {@link #withModel}.
     */
    public static final OpenAiOptions DEFAULTS = new OpenAiOptions(Optional.empty(), PromptTemplate.PLAIN, List.of(),
            Optional.empty(), Duration.ofMinutes(5), 4, true, 0);

    /** What a POSIX shell accepts as a variable name. */
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public OpenAiOptions {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(template, "template");
        stop = List.copyOf(stop);
        Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
        apiKeyEnv.ifPresent(OpenAiOptions::checkEnvName);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        if (retries < 0 || maxN < 0) {
            throw new IllegalArgumentException("retries and maxN must not be negative");
        }
    }

    public OpenAiOptions withModel(String name) {
        return new OpenAiOptions(Optional.of(name), template, stop, apiKeyEnv, timeout, retries, logprobs, maxN);
    }

    /**
     * {@code name} if it can name an environment variable.
     *
     * @throws IllegalArgumentException otherwise, saying what is allowed
     */
    public static String checkEnvName(String name) {
        if (!ENV_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("must name an environment variable (letters, digits, _; e.g. "
                    + "OPENAI_API_KEY), not hold the key; got \"" + name + "\"");
        }
        return name;
    }
}
