package dev.leanforge.trainer.hf;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.trainer.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Hugging Face checkpoint's own {@code tokenizer.json}, run by Hugging Face's Rust library through DJL's binding
 * (so normalisers, pre-tokenizers, added tokens and post-processors behave exactly as in Python), with the special
 * ids read from the checkpoint's files:
 *
 * <ul>
 *   <li>end ids: {@code eos_token_id} of {@code generation_config.json} (one id or a list), then of
 *       {@code config.json}, then {@code eos_token} of {@code tokenizer_config.json}, all kept, in that order;
 *   <li>pad id: {@code pad_token} of {@code tokenizer_config.json}, else {@code pad_token_id} of {@code config.json},
 *       else the first end id (padding is masked out, so any id serves).
 * </ul>
 *
 * <p>Unlike our own {@code BpeTokenizer}, {@link #encode} turns the text of an added token (e.g.
 * {@code <|im_start|>}) into that token, which is what a prompt template needs.
 * {@link #encodePrompt} also applies the file's post-processor (Llama's {@code <|begin_of_text|>} BOS).
 * {@link #promptId} and {@link #proofId} belong to our own policy format and are refused.
 */
public final class HfTokenizer implements Tokenizer, AutoCloseable {

    public static final String FILE_NAME = "tokenizer.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HuggingFaceTokenizer tokenizer;
    private final int vocabSize;
    private final int[] endIds;
    private final int padId;
    private final Map<String, Integer> specialIds;

    private HfTokenizer(HuggingFaceTokenizer tokenizer, int vocabSize, int[] endIds, int padId,
            Map<String, Integer> specialIds) {
        this.tokenizer = tokenizer;
        this.vocabSize = vocabSize;
        this.endIds = endIds;
        this.padId = padId;
        this.specialIds = specialIds;
    }

    /** The tokenizer of model directory {@code dir}. */
    public static HfTokenizer load(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no tokenizer.json in the model directory");
        }
        JsonNode json = JSON.readTree(file.toFile());
        Map<String, Integer> ids = new HashMap<>();
        Map<String, Integer> special = new HashMap<>();
        int maxId = -1;
        for (Iterator<Map.Entry<String, JsonNode>> it = json.path("model").path("vocab").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            ids.put(e.getKey(), e.getValue().asInt());
            maxId = Math.max(maxId, e.getValue().asInt());
        }
        for (JsonNode added : json.path("added_tokens")) {
            int id = added.path("id").asInt();
            ids.put(added.path("content").asText(), id);
            if (added.path("special").asBoolean(false)) {
                special.put(added.path("content").asText(), id);
            }
            maxId = Math.max(maxId, id);
        }
        if (maxId < 0) {
            throw new IOException(file + ": no vocabulary (model.vocab and added_tokens are empty)");
        }

        JsonNode generation = readIfPresent(dir.resolve("generation_config.json"));
        // An adapter directory holds the tokenizer files but no config.json: its model's is read.
        JsonNode config = readIfPresent((PeftAdapter.isAdapterDirectory(dir) && !Files.isRegularFile(
                dir.resolve(HfConfig.FILE_NAME)) ? PeftAdapter.root(dir) : dir).resolve(HfConfig.FILE_NAME));
        JsonNode tokenizerConfig = readIfPresent(dir.resolve("tokenizer_config.json"));
        Set<Integer> ends = new LinkedHashSet<>();
        if (generation != null) {
            ends.addAll(HfConfig.ids(generation.get("eos_token_id")));
        }
        if (config != null) {
            ends.addAll(HfConfig.ids(config.get("eos_token_id")));
        }
        Integer eosToken = tokenId(tokenizerConfig, "eos_token", ids);
        if (eosToken != null) {
            ends.add(eosToken);
        }
        if (ends.isEmpty()) {
            throw new IOException(dir + ": no end token (eos_token_id in generation_config.json or config.json, "
                    + "eos_token in tokenizer_config.json)");
        }
        for (int id : ends) {
            if (id < 0 || id > maxId) {
                throw new IOException(dir + ": end token id " + id + " is not in tokenizer.json");
            }
        }
        int[] endIds = ends.stream().mapToInt(Integer::intValue).toArray();
        Integer pad = tokenId(tokenizerConfig, "pad_token", ids);
        if (pad == null && config != null && config.path("pad_token_id").canConvertToInt()) {
            pad = config.get("pad_token_id").asInt();
        }
        int padId = pad != null ? pad : endIds[0];

        HuggingFaceTokenizer rust = HuggingFaceTokenizer.builder()
                .optTokenizerPath(file)
                .optAddSpecialTokens(false)
                .optTruncation(false)
                .optPadding(false)
                .build();
        return new HfTokenizer(rust, maxId + 1, endIds, padId, special);
    }

    private static JsonNode readIfPresent(Path file) throws IOException {
        return Files.isRegularFile(file) ? JSON.readTree(file.toFile()) : null;
    }

    /** A token named in {@code tokenizer_config.json} (a string or {@code {"content": …}}), as an id. */
    private static Integer tokenId(JsonNode tokenizerConfig, String key, Map<String, Integer> ids) {
        if (tokenizerConfig == null) {
            return null;
        }
        JsonNode node = tokenizerConfig.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        String content = node.isTextual() ? node.asText() : node.path("content").asText(null);
        return content == null ? null : ids.get(content);
    }

    /** Ids of {@code text} with no special token added (added-token text in it becomes that token). */
    @Override
    public int[] encode(String text) {
        return toInts(tokenizer.encode(text, false, false).getIds());
    }

    /** Ids of a rendered prompt, with the tokenizer's post-processor applied (e.g. a BOS token). */
    public int[] encodePrompt(String text) {
        return toInts(tokenizer.encode(text, true, false).getIds());
    }

    private static int[] toInts(long[] ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    /** The text of {@code ids}, special tokens dropped. */
    @Override
    public String decode(int[] ids) {
        long[] longs = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            longs[i] = ids[i];
        }
        return tokenizer.decode(longs, true);
    }

    /** One more than the largest id of the file (vocabulary and added tokens). */
    @Override
    public int vocabSize() {
        return vocabSize;
    }

    /** Every id that ends generation, the first being the one appended to a scored completion. */
    public int[] endIds() {
        return endIds.clone();
    }

    @Override
    public int endId() {
        return endIds[0];
    }

    @Override
    public int padId() {
        return padId;
    }

    /** The id of a special (added) token, e.g. {@code <|im_end|>}, or null. */
    public Integer specialId(String content) {
        return specialIds.get(content);
    }

    @Override
    public int promptId() {
        throw new UnsupportedOperationException("a Hugging Face model has no <|prompt|> token; prompts go through its "
                + "prompt template");
    }

    @Override
    public int proofId() {
        throw new UnsupportedOperationException("a Hugging Face model has no <|proof|> token; prompts go through its "
                + "prompt template");
    }

    /** The end ids as a list, for messages. */
    public List<Integer> endIdList() {
        return java.util.Arrays.stream(endIds).boxed().toList();
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
