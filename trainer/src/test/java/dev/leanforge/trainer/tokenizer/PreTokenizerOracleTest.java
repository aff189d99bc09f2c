package dev.leanforge.trainer.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ibm.icu.text.Normalizer2;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our split against Hugging Face's Rust library (through DJL, offline: its native library ships in the jar) on
 * random text full of characters newer than the JDK's Unicode: a tokenizer with only the byte tokens makes one token
 * per byte, and the library's word ids tell where it split. Also the real Qwen3 {@code tokenizer.json}, when the
 * shared fixtures are present.
 */
class PreTokenizerOracleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A {@code tokenizer.json} with the special and byte tokens, no merges, and {@code preTokenizer}'s layout. */
    static String byteFile(PreTokenizer preTokenizer) throws IOException {
        BpeVocabulary bytes = new BpeTrainer(BpeTrainer.MIN_VOCAB_SIZE, 1).train(new WordCounts(), (r, t) -> {});
        ObjectNode root = (ObjectNode) JSON.readTree(TokenizerJson.toJson(bytes));
        if (preTokenizer != PreTokenizer.GPT2) {
            // As Qwen's files have it: the regex in a Split, then ByteLevel without its own regex.
            ObjectNode sequence = JSON.createObjectNode().put("type", "Sequence");
            ObjectNode split = sequence.putArray("pretokenizers").addObject().put("type", "Split");
            split.putObject("pattern").put("Regex", preTokenizer.regex());
            split.put("behavior", "Isolated").put("invert", false);
            ((com.fasterxml.jackson.databind.node.ArrayNode) sequence.get("pretokenizers")).addObject()
                    .put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", false)
                    .put("use_regex", false);
            root.set("pre_tokenizer", sequence);
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    private static HuggingFaceTokenizer rust(Path file) throws IOException {
        try {
            return HuggingFaceTokenizer.builder().optTokenizerPath(file).optAddSpecialTokens(false)
                    .optTruncation(false).optPadding(false).optMaxLength(Integer.MAX_VALUE).build();
        } catch (UnsatisfiedLinkError | ExceptionInInitializerError e) {
            Assumptions.abort("DJL's Hugging Face tokenizers native library does not load here: " + e);
            throw e;
        }
    }

    /** The library's words: its tokens grouped by word id, each token's byte-level symbols read back as text. */
    private static List<String> rustWords(HuggingFaceTokenizer rust, String text) {
        Encoding encoding = rust.encode(text, false, false);
        String[] tokens = encoding.getTokens();
        long[] wordIds = encoding.getWordIds();
        List<String> words = new ArrayList<>();
        StringBuilder symbols = new StringBuilder();
        for (int i = 0; i < tokens.length; i++) {
            symbols.append(tokens[i]);
            if (i + 1 == tokens.length || wordIds[i + 1] != wordIds[i]) {
                words.add(new String(ByteLevel.bytes(symbols.toString()), StandardCharsets.UTF_8));
                symbols.setLength(0);
            }
        }
        return words;
    }

    @ParameterizedTest
    @EnumSource(PreTokenizer.class)
    void splitsAsTheRustLibraryDoes(PreTokenizer preTokenizer) throws IOException {
        Path file = Files.writeString(dir.resolve("tokenizer.json"), byteFile(preTokenizer));
        try (HuggingFaceTokenizer rust = rust(file)) {
            for (String letter : PreTokenizerTest.NEW_LETTERS) {
                assertThat(rustWords(rust, "a" + letter + "b")).containsExactly("a" + letter + "b");
            }
            Random random = new Random(21);
            RandomText text = new RandomText(22);
            for (int i = 0; i < 2000; i++) {
                String input = PreTokenizerTest.mixed(random, text);
                assertThat(PreTokenizerTest.words(preTokenizer, input)).as(PreTokenizerTest.codePoints(input))
                        .containsExactlyElementsOf(rustWords(rust, input));
            }
        }
    }

    @Test
    void encodesAsTheRustLibraryWithQwen3sTokenizer() throws IOException {
        Path qwen = qwen3Fixture();
        TokenizerJson.Contents contents = TokenizerJson.load(qwen);
        assertThat(contents.preTokenizer()).isEqualTo(PreTokenizer.QWEN2);
        BpeEncoder encoder = new BpeEncoder(contents.vocabulary(), contents.preTokenizer());
        // Qwen's file also declares an NFC normalizer, which TokenizerJson does not apply: compare on NFC text only.
        Normalizer2 nfc = Normalizer2.getNFCInstance();
        try (HuggingFaceTokenizer rust = rust(qwen)) {
            Random random = new Random(31);
            RandomText text = new RandomText(32);
            List<String> inputs = new ArrayList<>(List.of(
                    "theorem foo (n : ℕ) : n + 0 = n := by\n  simp\r\n\n", "It's x'ſ y'RE 12345 a\tb  \n  c!!"));
            while (inputs.size() < 1500) {
                String input = PreTokenizerTest.mixed(random, text);
                if (nfc.isNormalized(input) && !input.contains("<|")) {
                    inputs.add(input);
                }
            }
            for (String input : inputs) {
                long[] expected = rust.encode(input, false, false).getIds();
                assertThat(Arrays.stream(encoder.encode(input)).asLongStream().toArray())
                        .as(PreTokenizerTest.codePoints(input)).containsExactly(expected);
            }
        }
    }

    /** {@code ../shared/fixtures/tokenizers/qwen3/tokenizer.json} beside the repository; the test skips without it. */
    static Path qwen3Fixture() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        Path file = dir == null ? null : dir.resolveSibling("shared/fixtures/tokenizers/qwen3/tokenizer.json");
        Assumptions.assumeTrue(file != null && Files.isRegularFile(file),
                "no Qwen3 fixture at ../shared/fixtures/tokenizers/qwen3/tokenizer.json beside the repository");
        return file;
    }
}
