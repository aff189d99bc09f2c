package dev.leanforge.loop.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A request body of kimina-lean-server's API, read: {@code POST /api/check}
 * ({@code {"snippets": [{"id", "code"}], "timeout", "debug", "reuse", "infotree"}}) or the legacy
 * {@code POST /verify} ({@code {"codes": [{"custom_id", "proof" | "code"}], "timeout", "infotree_type",
 * "disable_cache"}}). {@code debug}, {@code reuse}, {@code infotree}, {@code infotree_type} and
 * {@code disable_cache} are accepted and ignored (leanforge always reuses warm headers and returns no info trees);
 * other fields are ignored as kimina's models ignore them.
 *
 * @param timeout the requested wall-clock limit per snippet, if any
 */
public record VerifyRequest(List<Snippet> snippets, Optional<Duration> timeout) {

    /** kimina's defaults when a request names no timeout. */
    public static final Duration CHECK_DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration VERIFY_DEFAULT_TIMEOUT = Duration.ofSeconds(300);

    /** The body cannot be read as such a request; the message says what is wrong, for a 400 answer. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        public Invalid(String message) {
            super(message);
        }
    }

    public static VerifyRequest check(String body) throws Invalid {
        JsonNode root = object(body);
        JsonNode snippets = root.get("snippets");
        if (snippets == null || !snippets.isArray() || snippets.isEmpty()) {
            throw new Invalid("`snippets` must be a non-empty array of {\"id\", \"code\"}");
        }
        List<Snippet> list = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < snippets.size(); i++) {
            JsonNode s = snippets.get(i);
            if (!s.isObject()) {
                throw new Invalid("`snippets[" + i + "]` must be an object {\"id\", \"code\"}");
            }
            String id = id(s.get("id"), "snippets[" + i + "].id");
            String code = text(s.get("code"), "snippets[" + i + "].code");
            if (!ids.add(id)) {
                throw new Invalid("`snippets` must have unique ids; \"" + id + "\" repeats");
            }
            list.add(new Snippet(id, code));
        }
        return new VerifyRequest(list, timeout(root));
    }

    public static VerifyRequest verify(String body) throws Invalid {
        JsonNode root = object(body);
        JsonNode codes = root.get("codes");
        if (codes == null || !codes.isArray() || codes.isEmpty()) {
            throw new Invalid("`codes` must be a non-empty array of {\"custom_id\", \"proof\"}");
        }
        List<Snippet> list = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            JsonNode c = codes.get(i);
            if (!c.isObject()) {
                throw new Invalid("`codes[" + i + "]` must be an object {\"custom_id\", \"proof\"}");
            }
            String id = id(c.get("custom_id"), "codes[" + i + "].custom_id");
            // As kimina: `proof`, else `code` (the autoformalizer client's name).
            JsonNode proof = c.get("proof");
            JsonNode content = proof != null && !proof.isNull() ? proof : c.get("code");
            list.add(new Snippet(id, text(content, "codes[" + i + "].proof (or .code)")));
        }
        return new VerifyRequest(list, timeout(root));
    }

    private static JsonNode object(String body) throws Invalid {
        JsonNode root;
        try {
            root = KiminaJson.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new Invalid("the body is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new Invalid("the body must be a JSON object");
        }
        return root;
    }

    /** A string or a whole number, as text (kimina's {@code custom_id: str | int}). */
    private static String id(JsonNode node, String field) throws Invalid {
        if (node != null && node.isTextual()) {
            return node.asText();
        }
        if (node != null && node.isIntegralNumber()) {
            return node.asText();
        }
        throw new Invalid("`" + field + "` is required: a string (or a whole number)");
    }

    private static String text(JsonNode node, String field) throws Invalid {
        if (node == null || !node.isTextual()) {
            throw new Invalid("`" + field + "` is required: the Lean file as a string");
        }
        return node.asText();
    }

    private static Optional<Duration> timeout(JsonNode root) throws Invalid {
        JsonNode t = root.get("timeout");
        if (t == null || t.isNull()) {
            return Optional.empty();
        }
        if (!t.isNumber() || !(t.asDouble() > 0) || Double.isInfinite(t.asDouble())) {
            throw new Invalid("`timeout` must be a positive number of seconds, got " + t);
        }
        return Optional.of(Duration.ofMillis(Math.max(1, Math.round(t.asDouble() * 1000))));
    }
}
