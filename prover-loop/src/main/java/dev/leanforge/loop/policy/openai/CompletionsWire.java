package dev.leanforge.loop.policy.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * The JSON of {@code POST /v1/completions} as vLLM, SGLang and llama.cpp's server speak it (OpenAI's completions
 * API). Only the fields leanforge uses are read; the rest of an answer is ignored.
 */
final class CompletionsWire {

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private CompletionsWire() {}

    /**
     * A request; null fields are left out, so the server's default applies.
     *
     * @param topK     null for "no limit": left out, since servers disagree on the value that means it
     * @param stop     null when there are none
     * @param logprobs 1 (the sampled token's log-prob and one alternative, the least every server accepts) or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Request(String model, String prompt, int n, double temperature, @JsonProperty("top_p") double topP,
                   @JsonProperty("top_k") Integer topK, @JsonProperty("max_tokens") int maxTokens, List<String> stop,
                   long seed, Integer logprobs) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Response(List<Choice> choices) {}

    /** @param finishReason {@code stop} (end of text or a stop string) or {@code length} (max_tokens reached) */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Choice(int index, String text, Logprobs logprobs, @JsonProperty("finish_reason") String finishReason) {

        /** The sum of the tokens' log-probs, or NaN when the answer has none (or a token without one). */
        double logProb() {
            return logprobs == null ? Double.NaN : logprobs.sum();
        }

        boolean cutByLength() {
            return "length".equals(finishReason);
        }
    }

    /**
     * A choice's log-probs: {@code token_logprobs} in OpenAI's completions format (vLLM, SGLang), or a
     * {@code content} list of tokens with a {@code logprob} each, the chat format some llama.cpp versions answer
     * completions with.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Logprobs(@JsonProperty("token_logprobs") List<Double> tokenLogprobs, List<Token> content) {

        double sum() {
            List<Double> values = tokenLogprobs != null ? tokenLogprobs
                    : content != null ? content.stream().map(Token::logprob).toList() : null;
            if (values == null) {
                return Double.NaN;
            }
            double sum = 0;
            for (Double value : values) {
                if (value == null) {
                    return Double.NaN;
                }
                sum += value;
            }
            return sum;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Token(Double logprob) {}
}
