package dev.leanforge.loop.policy.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.leanforge.loop.policy.Policy;
import dev.leanforge.loop.policy.PolicyIdentity;
import dev.leanforge.loop.policy.openai.CompletionsWire.Choice;
import dev.leanforge.loop.policy.openai.CompletionsWire.Request;
import dev.leanforge.loop.policy.openai.CompletionsWire.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A policy served by an OpenAI-compatible completions endpoint ({@code POST …/v1/completions}: vLLM, SGLang,
 * llama.cpp's server). Each call sends the templated prompt with the call's sampling settings and returns the
 * choices' texts, each with the sum of its token log-probs ({@code NaN} when the server gives none).
 *
 * <p>Blocking, as {@link Policy} requires: it uses the JDK's {@link HttpClient} synchronously on the caller's
 * (worker) thread. The JDK client needs no dependency and no event loop; Vert.x's WebClient would add one
 * (prover-loop has it for tests only) and, being asynchronous, a future to block on in every call.
 *
 * <p>A request that gets 429, a 5xx status or no connection is tried again up to {@code retries} times, after
 * {@code Retry-After} when the server says so, else after 0.5 s, 1 s, 2 s, … (at most 30 s). Any other failure
 * throws {@link OpenAiException} naming the URL, the status and the start of the server's answer.
 *
 * <p>Thread-safe: {@code policy-workers} instances may share one.
 */
public final class OpenAiPolicy implements Policy {

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiPolicy.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);
    private static final int EXCERPT_CHARS = 500;
    /** Seeds are sent as 0..2^31-1: every server takes those (llama.cpp's seed is 32 bits, vLLM's 64 signed). */
    private static final long SEED_MASK = 0x7FFF_FFFFL;

    private final URI completions;
    private final OpenAiOptions options;
    private final String model;
    private final Optional<String> apiKey;
    private final String description;
    private final HttpClient client;
    private final AtomicBoolean warnedLength = new AtomicBoolean();

    /**
     * @param completions the endpoint, e.g. {@code http://127.0.0.1:8000/v1/completions}
     * @param options     with a model name
     * @param apiKey      sent as {@code Authorization: Bearer KEY}; never logged or described
     */
    public OpenAiPolicy(URI completions, OpenAiOptions options, Optional<String> apiKey) {
        this.completions = Objects.requireNonNull(completions, "completions");
        this.options = Objects.requireNonNull(options, "options");
        this.description = describe(completions, options); // checks that there is a model
        this.model = options.model().orElseThrow();
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.client = HttpClient.newBuilder()
                // vLLM's and SGLang's servers (uvicorn) speak HTTP/1.1 only; asking for h2c would only add an
                // upgrade attempt to every connection.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.timeout())
                .build();
    }

    /**
     * What the store calls the policy: the endpoint, the model, and what changes the text sent (a template other
     * than the plain prompt, as the first 12 hex digits of its SHA-256; extra stop strings). Equal descriptions
     * resume the same campaign; the key, timeout, retries, {@code logprobs} and {@code maxN} change no proof and
     * are left out.
     *
     * @throws IllegalArgumentException when {@code options} name no model
     */
    public static String describe(URI completions, OpenAiOptions options) {
        StringBuilder text = new StringBuilder("openai:").append(completions)
                .append(" model=").append(options.model().orElseThrow(() ->
                        new IllegalArgumentException("an openai policy needs a model")));
        if (!options.template().equals(PromptTemplate.PLAIN)) {
            text.append(" template=").append(sha256(options.template().text()).substring(0, 12));
        }
        if (!options.stop().isEmpty()) {
            try {
                text.append(" stop=").append(CompletionsWire.JSON.writeValueAsString(options.stop()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a list of strings always serialises", e);
            }
        }
        return text.toString();
    }

    /**
     * The description and what else shapes the completions: {@code logprobs} (the log-probs best-first ranks by)
     * and {@code max-n} (how a call's samples are split into requests, each with its own seed). Both are always
     * written, so that defaults compare equal to defaults given. The key, timeout and retries are local to a
     * machine and left out: workers differing only there serve the same completions.
     *
     * @throws IllegalArgumentException when {@code options} name no model
     */
    public static PolicyIdentity identify(URI completions, OpenAiOptions options) {
        String description = describe(completions, options);
        return new PolicyIdentity(description, description + " logprobs=" + options.logprobs() + " max-n="
                + options.maxN());
    }

    @Override
    public String describe() {
        return description;
    }

    /**
     * Sends {@code ceil(samples / maxN)} requests (one when {@code maxN} is 0); the one whose first sample is the
     * call's {@code i}-th gets seed {@code params.seed() + i} (its low 31 bits), so requests of a call never share
     * a seed.
     *
     * @throws OpenAiException when the server cannot be reached or answers with an error, after the retries
     */
    @Override
    public List<Completion> complete(String prompt, SamplingParams params) {
        String text = options.template().apply(prompt);
        LinkedHashSet<String> stop = new LinkedHashSet<>(params.stop());
        stop.addAll(options.stop());
        List<Completion> out = new ArrayList<>(params.samples());
        while (out.size() < params.samples()) {
            int left = params.samples() - out.size();
            int n = options.maxN() == 0 ? left : Math.min(options.maxN(), left);
            Request request = new Request(model, text, n, params.temperature(), params.topP(),
                    params.topK() > 0 ? params.topK() : null, params.maxTokens(),
                    stop.isEmpty() ? null : List.copyOf(stop), (params.seed() + out.size()) & SEED_MASK,
                    options.logprobs() ? 1 : null);
            out.addAll(choices(n, params.maxTokens(), post(request)));
        }
        return out;
    }

    private List<Completion> choices(int n, int maxTokens, Response response) {
        List<Choice> choices = response.choices() == null ? List.of() : response.choices();
        if (choices.size() != n) {
            throw new OpenAiException(where() + " answered " + choices.size() + " choices for n=" + n
                    + (choices.size() < n ? "; a server that answers one completion per request (llama.cpp's does) "
                    + "needs openai-max-n 1" : ""));
        }
        List<Completion> out = new ArrayList<>(n);
        for (Choice choice : choices.stream().sorted(Comparator.comparingInt(Choice::index)).toList()) {
            if (choice.text() == null) {
                throw new OpenAiException(where() + " answered a choice without text");
            }
            if (choice.cutByLength() && warnedLength.compareAndSet(false, true)) {
                LOG.warn("{}: a completion reached max-tokens ({}) and was cut off; raise max-tokens if proofs are "
                        + "longer (said once)", description, maxTokens);
            }
            out.add(new Completion(choice.text(), choice.logProb()));
        }
        return out;
    }

    /** Sends {@code request}, trying again after 429, 5xx and connection failures. */
    private Response post(Request request) {
        byte[] body;
        try {
            body = CompletionsWire.JSON.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a request record always serialises", e);
        }
        HttpRequest.Builder http = HttpRequest.newBuilder(completions)
                .timeout(options.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        apiKey.ifPresent(key -> http.header("Authorization", "Bearer " + key));
        HttpRequest httpRequest = http.build();
        for (int attempt = 0; ; attempt++) {
            String problem;
            Optional<Duration> retryAfter = Optional.empty();
            try {
                HttpResponse<String> response = client.send(httpRequest,
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status == 200) {
                    return parse(response.body());
                }
                problem = "answered " + status + ": " + excerpt(response.body());
                if (status != 429 && status < 500) {
                    throw new OpenAiException(where() + " " + problem + hint(status));
                }
                retryAfter = response.headers().firstValue("Retry-After").flatMap(OpenAiPolicy::seconds);
            } catch (IOException e) {
                if (e instanceof HttpTimeoutException && !(e instanceof HttpConnectTimeoutException)) {
                    // A generation that outlived the timeout would most likely do so again: no retry.
                    throw new OpenAiException(where() + " did not answer within "
                            + options.timeout().toMillis() / 1000.0 + " s (openai-timeout)", e);
                }
                problem = "could not be reached: " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OpenAiException(where() + ": interrupted", e);
            }
            if (attempt == options.retries()) {
                throw new OpenAiException(where() + " " + problem + " (" + (attempt + 1)
                        + (attempt == 0 ? " try" : " tries") + "; openai-retries " + options.retries() + ")");
            }
            Duration pause = retryAfter.orElse(backoff(attempt));
            LOG.warn("{} {}; trying again in {} s ({} of {})", where(), problem, pause.toMillis() / 1000.0,
                    attempt + 1, options.retries());
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OpenAiException(where() + ": interrupted while waiting to try again", e);
            }
        }
    }

    private Response parse(String body) {
        try {
            return CompletionsWire.JSON.readValue(body, Response.class);
        } catch (JsonProcessingException e) {
            throw new OpenAiException(where() + " answered 200 with something other than a completions response ("
                    + e.getOriginalMessage() + "): " + excerpt(body), e);
        }
    }

    private String where() {
        return "POST " + completions;
    }

    private String hint(int status) {
        if (status == 401 || status == 403) {
            return options.apiKeyEnv().isEmpty()
                    ? " (the server wants an API key: name the variable holding it with openai-api-key-env)"
                    : " (check the key in " + options.apiKeyEnv().get() + ")";
        }
        if (status == 404) {
            return " (is the model name right, and does the server serve /v1/completions at that URL?)";
        }
        return "";
    }

    private static Duration backoff(int attempt) {
        Duration pause = FIRST_PAUSE.multipliedBy(1L << Math.min(attempt, 16));
        return pause.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause;
    }

    /** A {@code Retry-After} in seconds; the HTTP-date form is ignored (the pause doubles instead). */
    private static Optional<Duration> seconds(String header) {
        try {
            long seconds = Long.parseLong(header.strip());
            return seconds < 0 ? Optional.empty()
                    : Optional.of(Duration.ofSeconds(Math.min(seconds, LONGEST_PAUSE.toSeconds())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String excerpt(String body) {
        String flat = body.strip().replaceAll("\\s+", " ");
        if (flat.isEmpty()) {
            return "(empty body)";
        }
        return flat.length() <= EXCERPT_CHARS ? flat : flat.substring(0, EXCERPT_CHARS) + "…";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
