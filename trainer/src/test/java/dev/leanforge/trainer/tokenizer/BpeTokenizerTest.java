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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains a small tokenizer on Lean text, saves it, and checks the Rust library's reading of it. */
class BpeTokenizerTest {

    private static final List<String> LEAN_SAMPLES = List.of(
            "theorem forall_le (n : ℕ) : ∀ m, m ≤ n → m ≤ n + 1 := by\n  intro m h\n  exact Nat.le_succ_of_le h",
            "example : ∃ x : ℕ, x > 0 := ⟨1, Nat.one_pos⟩",
            "theorem t (a b : ℤ) (h₁ : a ≤ b) : a - b ≤ 0 := by omega",
            "  · simp only [Finset.sum_range_succ] at *\n\n    linarith [sq_nonneg (x - 1)]  ",
            "fun ⟨hp, hq⟩ => ⟨hq, hp⟩ -- swap\r\n\t∑ i ∈ s, f i ≠ ∏ i ∈ s, g i",
            "");

    @TempDir
    static Path dir;
    static Path file;
    static BpeVocabulary vocabulary;
    static BpeTokenizer tokenizer;
    static ReferenceBpeEncoder reference;

    @BeforeAll
    static void trainAndLoad() throws IOException {
        WordCounts corpus = new WordCounts();
        corpus.addText(leanCorpus());
        vocabulary = new BpeTrainer(400, 2).train(corpus, (reached, target) -> {});
        file = dir.resolve(TokenizerJson.FILE_NAME);
        TokenizerJson.write(vocabulary, file);
        tokenizer = BpeTokenizer.load(dir);
        reference = new ReferenceBpeEncoder(vocabulary);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    static String leanCorpus() throws IOException {
        try (InputStream in = BpeTokenizerTest.class.getResourceAsStream("/tokenizer/lean-corpus.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void learnsLeanWords() {
        assertThat(vocabulary.merges()).isNotEmpty();
        assertThat(vocabulary.tokens()).contains("Ġ:=", "theorem", "ĠâĦķ"); // " ℕ" in byte-level symbols
        int[] ids = tokenizer.encode("theorem");
        assertThat(ids).hasSize(1);
    }

    @Test
    void agreesWithTheReferenceEncoderOnLeanText() {
        for (String text : LEAN_SAMPLES) {
            assertThat(tokenizer.encode(text)).as(text).containsExactly(reference.encode(text));
        }
    }

    @Test
    void agreesWithTheReferenceEncoderOnRandomText() {
        RandomText random = new RandomText(4);
        for (int i = 0; i < 800; i++) {
            String text = random.next(30);
            assertThat(tokenizer.encode(text)).as(codePoints(text)).containsExactly(reference.encode(text));
        }
    }

    @Test
    void roundTripsArbitraryText() {
        RandomText random = new RandomText(7);
        for (int i = 0; i < 800; i++) {
            String text = random.next(40);
            assertThat(tokenizer.decode(tokenizer.encode(text))).as(codePoints(text)).isEqualTo(text);
        }
        for (String text : LEAN_SAMPLES) {
            assertThat(tokenizer.decode(tokenizer.encode(text))).isEqualTo(text);
        }
    }

    @Test
    void plainDjlLoadsTheFileAndEncodesAlike() throws IOException {
        try (HuggingFaceTokenizer plain = HuggingFaceTokenizer.newInstance(file)) {
            for (String text : LEAN_SAMPLES.subList(0, LEAN_SAMPLES.size() - 1)) {
                long[] ids = plain.encode(text).getIds();
                assertThat(Arrays.stream(ids).mapToInt(Math::toIntExact).toArray()).containsExactly(tokenizer.encode(text));
                assertThat(plain.decode(ids)).isEqualTo(text);
            }
        }
    }

    @Test
    void specialTokensHaveTheirIdsAndAreSingleTokensInTheFile() throws IOException {
        assertThat(List.of(tokenizer.padId(), tokenizer.promptId(), tokenizer.proofId(), tokenizer.endId()))
                .containsExactly(0, 1, 2, 3);
        assertThat(tokenizer.vocabSize()).isEqualTo(vocabulary.size()).isEqualTo(400);
        try (HuggingFaceTokenizer plain = HuggingFaceTokenizer.newInstance(file)) {
            assertThat(plain.encode("<|prompt|>a<|proof|>b<|end|>").getIds()).containsExactly(
                    1, reference.encode("a")[0], 2, reference.encode("b")[0], 3);
        }
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
    void encodesLongTextWhole() throws IOException {
        String text = leanCorpus().repeat(20); // tens of thousands of tokens: far past DJL's default of 512

        assertThat(tokenizer.encode(text)).containsExactly(reference.encode(text));
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

    private static String codePoints(String text) {
        return text.codePoints().mapToObj(c -> "U+%04X".formatted(c)).toList().toString();
    }
}
