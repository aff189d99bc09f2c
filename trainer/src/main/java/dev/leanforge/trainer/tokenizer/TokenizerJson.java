package dev.leanforge.trainer.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes a byte-level BPE vocabulary as a Hugging Face {@code tokenizer.json}, laid out as GPT-2's: a
 * {@code ByteLevel} pre-tokenizer (GPT-2's regex, no prefix space) and decoder, a {@code BPE} model with
 * {@code vocab} and {@code merges}, and the {@link SpecialToken}s as special added tokens. Merges are written in the
 * {@code "left right"} string form that every version of the {@code tokenizers} library reads (byte-level tokens
 * never contain a space); both that form and the newer {@code ["left", "right"]} pairs are read.
 *
 * <p>Files made elsewhere may declare another split regex, as Qwen's do with a {@code Split} pre-tokenizer before a
 * {@code ByteLevel} one; those are read when the regex is one of the {@link PreTokenizer}s and refused otherwise.
 */
public final class TokenizerJson {

    /** The file name Hugging Face tools look for in a model directory. */
    public static final String FILE_NAME = "tokenizer.json";

    /** What a file holds that encoding needs: the vocabulary and how text is split into words before BPE. */
    public record Contents(BpeVocabulary vocabulary, PreTokenizer preTokenizer) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TokenizerJson() {}

    /** Writes {@code vocabulary} to {@code file}; the special tokens must be among its tokens. */
    public static void write(BpeVocabulary vocabulary, Path file) throws IOException {
        Files.writeString(file, toJson(vocabulary));
    }

    static String toJson(BpeVocabulary vocabulary) {
        Map<String, Integer> ids = vocabulary.ids();
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (SpecialToken special : SpecialToken.values()) {
            Integer id = ids.get(special.content());
            if (id == null) {
                throw new IllegalArgumentException("the vocabulary lacks the special token " + special.content());
            }
            added.addObject()
                    .put("id", id)
                    .put("content", special.content())
                    .put("single_word", false)
                    .put("lstrip", false)
                    .put("rstrip", false)
                    .put("normalized", false)
                    .put("special", true);
        }
        root.putNull("normalizer");
        byteLevel(root.putObject("pre_tokenizer"));
        root.putNull("post_processor");
        byteLevel(root.putObject("decoder"));
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        List<String> tokens = vocabulary.tokens();
        for (int id = 0; id < tokens.size(); id++) {
            vocab.put(tokens.get(id), id);
        }
        ArrayNode merges = model.putArray("merges");
        for (BpeVocabulary.Merge merge : vocabulary.merges()) {
            merges.add(merge.left() + " " + merge.right());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private static void byteLevel(ObjectNode node) {
        node.put("type", "ByteLevel");
        node.put("add_prefix_space", false);
        node.put("trim_offsets", true);
        node.put("use_regex", true);
    }

    /**
     * Reads the vocabulary of a byte-level BPE {@code tokenizer.json}: the model's {@code vocab} and {@code merges}
     * and the {@code added_tokens}. Fails with the file's name and what is wrong when it is not such a file.
     */
    public static BpeVocabulary read(Path file) throws IOException {
        return load(file).vocabulary();
    }

    /** Reads a byte-level BPE {@code tokenizer.json}'s vocabulary and pre-tokenizer, failing as {@link #read} does. */
    public static Contents load(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        try {
            BpeVocabulary vocabulary = fromJson(root);
            return new Contents(vocabulary, preTokenizer(root.path("pre_tokenizer")));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static BpeVocabulary fromJson(JsonNode root) {
        JsonNode model = root.path("model");
        if (!"BPE".equals(model.path("type").asText())) {
            throw new IllegalArgumentException("model.type is not \"BPE\"");
        }
        JsonNode vocab = model.path("vocab");
        if (!vocab.isObject()) {
            throw new IllegalArgumentException("model.vocab is missing");
        }
        // Ids are dense, so none can exceed the number of entries; this also bounds what a bad id can allocate.
        int entries = vocab.size() + root.path("added_tokens").size();
        List<String> tokens = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            place(tokens, entries, entry.getValue().asInt(-1), entry.getKey());
        }
        for (JsonNode added : root.path("added_tokens")) {
            place(tokens, entries, added.path("id").asInt(-1), added.path("content").asText());
        }
        int gap = tokens.indexOf(null);
        if (gap >= 0) {
            throw new IllegalArgumentException("no token has id " + gap);
        }
        List<BpeVocabulary.Merge> merges = new ArrayList<>();
        for (JsonNode merge : model.path("merges")) {
            List<String> parts = merge.isArray()
                    ? List.of(merge.path(0).asText(), merge.path(1).asText())
                    : Arrays.asList(merge.asText().split(" ", -1));
            if (parts.size() != 2 || (merge.isArray() && merge.size() != 2)) {
                throw new IllegalArgumentException("merge " + merge + " is not two tokens");
            }
            merges.add(new BpeVocabulary.Merge(parts.get(0), parts.get(1)));
        }
        return new BpeVocabulary(tokens, merges);
    }

    /**
     * The two layouts of a byte-level pre-tokenizer: {@code ByteLevel} with its own (GPT-2's) regex, or a
     * {@code Sequence} of a {@code Split} by a regex, keeping each match as a word, and a {@code ByteLevel} without one.
     */
    private static PreTokenizer preTokenizer(JsonNode node) {
        String type = node.path("type").asText();
        if (type.equals("ByteLevel")) {
            byteLevel(node, true);
            return PreTokenizer.GPT2;
        }
        JsonNode steps = node.path("pretokenizers");
        if (!type.equals("Sequence") || steps.size() != 2 || !steps.get(0).path("type").asText().equals("Split")) {
            throw new IllegalArgumentException("pre_tokenizer " + node + " is not a ByteLevel pre-tokenizer,"
                    + " nor a Sequence of a Split and a ByteLevel one");
        }
        JsonNode split = steps.get(0);
        byteLevel(steps.get(1), false);
        if (!split.path("behavior").asText().equals("Isolated") || split.path("invert").asBoolean(false)) {
            throw new IllegalArgumentException("pre_tokenizer Split with behavior " + split.path("behavior")
                    + " and invert " + split.path("invert") + " is not supported (only Isolated, not inverted)");
        }
        String regex = split.path("pattern").path("Regex").asText(null);
        if (regex == null) {
            throw new IllegalArgumentException("pre_tokenizer Split pattern " + split.path("pattern") + " is not a Regex");
        }
        return PreTokenizer.ofRegex(regex).orElseThrow(() -> new IllegalArgumentException(
                "pre_tokenizer Split regex " + regex + " is not supported; supported are those of "
                        + Arrays.toString(PreTokenizer.values())));
    }

    /** Checks a ByteLevel step; a missing use_regex means true, as in the Rust library. */
    private static void byteLevel(JsonNode node, boolean usesRegex) {
        if (!node.path("type").asText().equals("ByteLevel")) {
            throw new IllegalArgumentException("pre_tokenizer step " + node + " is not ByteLevel");
        }
        if (node.path("use_regex").asBoolean(true) != usesRegex) {
            throw new IllegalArgumentException("pre_tokenizer ByteLevel has use_regex " + !usesRegex
                    + (usesRegex ? " and no Split before it" : " after a Split, which would split twice"));
        }
        if (node.path("add_prefix_space").asBoolean(false)) {
            throw new IllegalArgumentException("pre_tokenizer ByteLevel with add_prefix_space true is not supported");
        }
    }

    private static void place(List<String> tokens, int entries, int id, String token) {
        if (id < 0 || id >= entries) {
            throw new IllegalArgumentException("token " + token + " has no valid id (ids run from 0 to " + (entries - 1) + ")");
        }
        while (tokens.size() <= id) {
            tokens.add(null);
        }
        String present = tokens.get(id);
        if (present != null && !present.equals(token)) {
            throw new IllegalArgumentException("id " + id + " is both " + present + " and " + token);
        }
        tokens.set(id, token);
    }
}
