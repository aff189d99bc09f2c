package dev.leanforge.loop.policy.openai;

import dev.leanforge.loop.policy.PolicyKind;
import dev.leanforge.loop.policy.PolicySettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@code openai:URL}: an {@link OpenAiPolicy} on the completions endpoint of an OpenAI-compatible server (vLLM,
 * SGLang, llama.cpp's server). The URL is the server's, with or without {@code /v1}.
 */
public final class OpenAiPolicyKind implements PolicyKind {

    private final UnaryOperator<String> environment;

    public OpenAiPolicyKind() {
        this(System::getenv);
    }

    /** Reading environment variables (the API key) through {@code environment}. */
    OpenAiPolicyKind(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    @Override
    public String kind() {
        return "openai";
    }

    @Override
    public String usage() {
        return "openai:URL (an OpenAI-compatible completions server: vLLM, SGLang, llama.cpp; needs openai-model)";
    }

    @Override
    public Opening prepare(String argument) {
        return prepare(argument, PolicySettings.DEFAULTS);
    }

    /** Checks the URL, the model name and the API key's variable; opening connects to nothing yet. */
    @Override
    public Opening prepare(String argument, PolicySettings settings) {
        URI completions = completionsUri(argument);
        OpenAiOptions options = settings.openai();
        if (options.model().isEmpty()) {
            throw new IllegalArgumentException("openai:" + argument + " needs the name of the model the server "
                    + "serves: give --openai-model NAME or \"openai-model:\" in the config file (vLLM: its "
                    + "--served-model-name, else the model path it was started with; llama.cpp: any name)");
        }
        Optional<String> apiKey = options.apiKeyEnv().map(this::apiKey);
        return new Opening(OpenAiPolicy.identify(completions, options),
                () -> new OpenAiPolicy(completions, options, apiKey));
    }

    private String apiKey(String variable) {
        String value = environment.apply(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("openai-api-key-env names " + variable + ", but that environment "
                    + "variable is not set (or is empty): export " + variable + "=… with the key");
        }
        return value.strip();
    }

    /**
     * The completions endpoint of the server at {@code url}: {@code http://host:8000}, {@code …/v1} and
     * {@code …/v1/completions} (each with or without a final slash) all give {@code http://host:8000/v1/completions},
     * so they describe the same policy.
     *
     * @throws IllegalArgumentException for anything but an absolute http or https URL without user info, query or
     *                                  fragment
     */
    static URI completionsUri(String url) {
        String usage = "openai:URL needs the server's http(s) URL, e.g. openai:http://127.0.0.1:8000 or "
                + "openai:http://127.0.0.1:8000/v1";
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(usage + "; \"" + url + "\" is not a URL: " + e.getReason(), e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(usage + " (no query or fragment); got \"" + url + "\"");
        }
        if (uri.getRawUserInfo() != null) {
            // The URL is part of the policy's description, which the store keeps: no secrets in it.
            throw new IllegalArgumentException("openai:URL must not carry credentials (they would be stored with "
                    + "the campaign); put the key in an environment variable and name it with openai-api-key-env");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        if (!path.endsWith("/v1/completions")) {
            path += path.endsWith("/v1") ? "/completions" : "/v1/completions";
        }
        return uri.resolve(path);
    }
}
