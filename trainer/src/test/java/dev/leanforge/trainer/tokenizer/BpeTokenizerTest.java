package dev.leanforge.trainer.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains a small tokenizer on Lean text, saves it, and checks our encoder against Hugging Face's Rust library (the
 * one Python's {@code tokenizers} is), loaded through DJL from the same file.
 */
class BpeTokenizerTest {

    private static final List<String> LEAN_SAMPLES = List.of(
            "theorem forall_le (n : ℕ) : ∀ m, m ≤ n → m ≤ n + 1 := by\n  intro m h\n  exact Nat.le_succ_of_le h",
            "example : ∃ x : ℕ, x > 0 := ⟨1, Nat.one_pos⟩",
            "theorem t (a b : ℤ) (h₁ : a ≤ b) : a - b ≤ 0 := by omega",
            "  · simp only [Finset.sum_range_succ] at *\n\n    linarith [sq_nonneg (x - 1)]  ",
            "fun ⟨hp, hq⟩ => ⟨hq, hp⟩ -- swap\r\n\t∑ i ∈ s, f i ≠ ∏ i ∈ s, g i");

    @TempDir
    static Path dir;
    static Path file;
    static BpeVocabulary vocabulary;
    static BpeTokenizer tokenizer;
    /** The Rust library with nothing added, truncated or padded: the oracle. */
    static HuggingFaceTokenizer rust;

    @BeforeAll
    static void trainAndLoad() throws IOException {
        WordCounts corpus = new WordCounts();
        corpus.addText(leanCorpus());
        vocabulary = new BpeTrainer(400, 2).train(corpus, (reached, target) -> {});
        file = dir.resolve(TokenizerJson.FILE_NAME);
        TokenizerJson.write(vocabulary, file);
        tokenizer = BpeTokenizer.load(dir);
        rust = HuggingFaceTokenizer.builder()
                .optTokenizerPath(file)
                .optAddSpecialTokens(false)
                .optTruncation(false)
                .optPadding(false)
                .optMaxLength(Integer.MAX_VALUE)
                .build();
    }

    @AfterAll
    static void close() {
        rust.close();
    }

    static String leanCorpus() throws IOException {
        try (InputStream in = BpeTokenizerTest.class.getResourceAsStream("/tokenizer/lean-corpus.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int[] rustIds(String text) {
        return Arrays.stream(rust.encode(text, false, false).getIds()).mapToInt(Math::toIntExact).toArray();
    }

    private static long[] longs(int[] ids) {
        return Arrays.stream(ids).asLongStream().toArray();
    }

    @Test
    void learnsLeanWords() {
        assertThat(vocabulary.tokens()).contains("Ġ:=", "theorem", "ĠâĦķ"); // " ℕ" in byte-level symbols
        assertThat(tokenizer.encode("theorem")).hasSize(1);
        assertThat(tokenizer.encode(" ℕ")).hasSize(1);
    }

    @Test
    void encodesLeanTextAsTheRustLibraryDoes() {
        for (String text : LEAN_SAMPLES) {
            assertThat(tokenizer.encode(text)).as(text).containsExactly(rustIds(text));
        }
    }

    @Test
    void encodesRandomTextAsTheRustLibraryDoes() {
        RandomText random = new RandomText(4);
        for (int i = 0; i < 500; i++) {
            String text = random.next(30);
            assertThat(tokenizer.encode(text)).as(codePoints(text)).containsExactly(rustIds(text));
        }
    }

    @Test
    void encodesLongTextWhole() throws IOException {
        String text = leanCorpus().repeat(20); // tens of thousands of tokens, far past DJL's default limit of 512

        int[] ids = tokenizer.encode(text);

        assertThat(ids.length).isGreaterThan(10_000);
        assertThat(ids).containsExactly(rustIds(text));
    }

    @Test
    void decodesAnyIdsAsTheRustLibraryDoes() {
        // Random ids cut UTF-8 sequences anywhere; both sides must put U+FFFD in the same places.
        Random random = new Random(11);
        for (int i = 0; i < 1000; i++) {
            int[] ids = random.ints(random.nextInt(12), 0, tokenizer.vocabSize()).toArray();
            assertThat(tokenizer.decode(ids)).as(Arrays.toString(ids)).isEqualTo(rust.decode(longs(ids), true));
        }
    }

    @Test
    void decodesAnyBytesAsTheRustLibraryDoes() {
        // Byte b is token 4 + b. Bytes drawn mostly from lead and continuation ranges make every kind of ill-formed
        // sequence: overlong, surrogate, above U+10FFFF, truncated, stray continuation.
        Random random = new Random(12);
        int[] interesting = {0x41, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEF,
            0xF0, 0xF3, 0xF4, 0xF5, 0xFF};
        for (int i = 0; i < 3000; i++) {
            int[] ids = new int[random.nextInt(7)];
            for (int k = 0; k < ids.length; k++) {
                ids[k] = 4 + (random.nextBoolean() ? interesting[random.nextInt(interesting.length)] : random.nextInt(256));
            }
            assertThat(tokenizer.decode(ids)).as(Arrays.toString(ids)).isEqualTo(rust.decode(longs(ids), true));
        }
    }

    @Test
    void roundTripsArbitraryText() {
        RandomText random = new RandomText(7);
        for (int i = 0; i < 1000; i++) {
            String text = random.next(40);
            assertThat(tokenizer.decode(tokenizer.encode(text))).as(codePoints(text)).isEqualTo(text);
        }
        for (String text : LEAN_SAMPLES) {
            assertThat(tokenizer.decode(tokenizer.encode(text))).isEqualTo(text);
        }
    }

    @Test
    void djlLoadsTheFileWithItsDefaults() throws IOException {
        try (HuggingFaceTokenizer plain = HuggingFaceTokenizer.newInstance(file)) {
            for (String text : LEAN_SAMPLES) {
                long[] ids = plain.encode(text).getIds();
                assertThat(ids).containsExactly(longs(tokenizer.encode(text)));
                assertThat(plain.decode(ids)).isEqualTo(text);
            }
        }
    }

    @Test
    void specialTokensHaveIdsZeroToThreeAndAreSingleTokensInTheFile() {
        assertThat(List.of(tokenizer.padId(), tokenizer.promptId(), tokenizer.proofId(), tokenizer.endId()))
                .containsExactly(0, 1, 2, 3);
        assertThat(tokenizer.vocabSize()).isEqualTo(vocabulary.size()).isEqualTo(400);
        // The Rust library reads the specials' text as the special tokens.
        assertThat(rustIds("<|prompt|>a<|proof|>b<|end|><|pad|>")).containsExactly(
                1, tokenizer.encode("a")[0], 2, tokenizer.encode("b")[0], 3, 0);
        assertThat(rust.decode(new long[] {1, 2, 3, 0}, false)).isEqualTo("<|prompt|><|proof|><|end|><|pad|>");
    }

    @Test
    void decodeDropsSpecialTokens() {
        int[] proof = tokenizer.encode(" simp");
        int[] ids = new int[proof.length + 3];
        ids[0] = tokenizer.promptId();
        ids[1] = tokenizer.proofId();
        System.arraycopy(proof, 0, ids, 2, proof.length);
        ids[ids.length - 1] = tokenizer.endId();

        assertThat(tokenizer.decode(ids)).isEqualTo(" simp");
    }

    @Test
    void specialTokenTextInTheInputStaysText() {
        String text = "by simp <|end|> <|prompt|><|proof|>x<|pad|>";
        int[] ids = tokenizer.encode(text);

        assertThat(ids).doesNotContain(0, 1, 2, 3);
        assertThat(tokenizer.decode(ids)).isEqualTo(text);
    }

    @Test
    void encodesAHugeWordWithoutQuadraticCost() {
        int[] ids = tokenizer.encode("a".repeat(200_000));

        assertThat(tokenizer.decode(ids)).hasSize(200_000);
    }

    @Test
    void rejectsTextWithAnUnpairedSurrogate() {
        assertThatThrownBy(() -> tokenizer.encode("ok\uD835 then"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate U+D835 at index 2");
    }

    @Test
    void rejectsIdsOutsideTheVocabulary() {
        assertThatThrownBy(() -> tokenizer.decode(new int[] {400}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the vocabulary");
    }

    @Test
    void tellsWhichFileIsMissing() {
        assertThatThrownBy(() -> BpeTokenizer.load(dir.resolve("nowhere")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("nowhere");
    }

    @Test
    void rejectsAFileThatIsNotAByteLevelBpeTokenizer() throws IOException {
        Path wordLevel = Files.writeString(dir.resolve("wordlevel.json"),
                "{\"model\": {\"type\": \"WordLevel\", \"vocab\": {}}, \"pre_tokenizer\": null}");

        assertThatThrownBy(() -> BpeTokenizer.load(wordLevel))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("wordlevel.json")
                .hasMessageContaining("model.type is not \"BPE\"");
    }

    @Test
    void rejectsAVocabularyWithoutTheSpecialTokens() throws IOException {
        Path plain = Files.writeString(dir.resolve("plain.json"), TokenizerJson.toJson(vocabulary)
                .replace("\"<|end|>\"", "\"<|stop|>\""));

        assertThatThrownBy(() -> BpeTokenizer.load(plain))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("plain.json: the vocabulary lacks the special token <|end|>");
    }

    private static String codePoints(String text) {
        return text.codePoints().mapToObj(c -> "U+%04X".formatted(c)).toList().toString();
    }
}
