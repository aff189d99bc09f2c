package dev.leanforge.trainer.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The split into words with the fixed (Unicode 16.0) classes. Characters newer than the JDK's Unicode must split as
 * Hugging Face's library splits them; {@link PreTokenizerOracleTest} checks the same against that library itself.
 */
class PreTokenizerTest {

    // Letters: Arabic U+0870 and Toto U+1E290 (Unicode 14), Kawi U+11F04 (15), Todhri U+105C0 (16).
    static final List<String> NEW_LETTERS = List.of("\u0870", "\uD878\uDE90", "\uD807\uDF04", "\uD801\uDDC0");
    // Digits: Kawi zero U+11F50 (15), Nag Mundari zero U+1E4F0 (15), Kirat Rai zero U+16D70 and outlined zero
    // U+1CCF0 (16).
    static final List<String> NEW_DIGITS = List.of("\uD807\uDF50", "\uD839\uDCF0", "\uD81B\uDD70", "\uD833\uDCF0");

    @TempDir
    Path dir;

    static List<String> words(PreTokenizer preTokenizer, String text) {
        List<String> words = new ArrayList<>();
        preTokenizer.forEachWord(text, words::add);
        return words;
    }

    @Test
    void unicodeVersionIsSixteenWhateverTheJdk() {
        assertThat(UnicodeClasses.UNICODE_VERSION.getMajor()).isEqualTo(16);
        assertThat(UnicodeClasses.of(0x0870)).isEqualTo(UnicodeClasses.LETTER);
        assertThat(UnicodeClasses.of(0x1CCF0)).isEqualTo(UnicodeClasses.NUMBER);
    }

    @ParameterizedTest
    @EnumSource(PreTokenizer.class)
    void lettersNewerThanTheJdkAreLettersAndJoinTheirNeighbours(PreTokenizer preTokenizer) {
        for (String letter : NEW_LETTERS) {
            String word = "a" + letter + "b";
            assertThat(words(preTokenizer, word)).as(codePoints(word)).containsExactly(word);
            assertThat(words(preTokenizer, "x " + letter + letter)).as(codePoints(letter))
                    .containsExactly("x", " " + letter + letter);
        }
    }

    @Test
    void digitsNewerThanTheJdkAreNumbers() {
        for (String digit : NEW_DIGITS) {
            String number = "1" + digit + "2" + digit;
            assertThat(words(PreTokenizer.GPT2, "x " + number)).as(codePoints(digit)).containsExactly("x", " " + number);
            assertThat(words(PreTokenizer.QWEN2, number)).as(codePoints(digit)).containsExactly("1", digit, "2", digit);
            assertThat(words(PreTokenizer.LLAMA3, number)).as(codePoints(digit)).containsExactly("1" + digit + "2", digit);
        }
    }

    @Test
    void charactersNewerThanUnicodeSixteenAreNotLetters() {
        // Sidetic U+10940 is a letter from Unicode 17; Hugging Face's 0.21 library does not know it either.
        assertThat(words(PreTokenizer.GPT2, "a\uD802\uDD40b")).containsExactly("a", "\uD802\uDD40", "b");
        assertThat(words(PreTokenizer.QWEN2, "a\uD802\uDD40b")).containsExactly("a", "\uD802\uDD40b");
    }

    @Test
    void qwenSplitsAsItsRegexDoes() {
        // Contractions ignore case as Unicode folds it (ſ is s); one non-letter leads letters; newlines end words.
        assertThat(words(PreTokenizer.QWEN2, "It's x'ſ y'RE 12 a\tb  \n  c!!\r\n\n"))
                .containsExactly("It", "'s", " x", "'ſ", " y", "'RE", " ", "1", "2", " a", "\tb", "  \n", " ", " c",
                        "!!\r\n\n");
        assertThat(words(PreTokenizer.LLAMA3, "12345 ")).containsExactly("123", "45", " ");
        assertThat(words(PreTokenizer.GPT2, "It's 'S")).containsExactly("It", "'s", " '", "S");
    }

    @ParameterizedTest
    @EnumSource(PreTokenizer.class)
    void wordsPartitionAnyText(PreTokenizer preTokenizer) {
        Random random = new Random(5);
        RandomText text = new RandomText(6);
        for (int i = 0; i < 3000; i++) {
            String input = mixed(random, text);
            List<String> words = words(preTokenizer, input);
            assertThat(String.join("", words)).as(codePoints(input)).isEqualTo(input);
            assertThat(words).as(codePoints(input)).noneMatch(String::isEmpty);
        }
    }

    @Test
    void readsTheSplitRegexATokenizerFileDeclares() throws IOException {
        for (PreTokenizer preTokenizer : PreTokenizer.values()) {
            Path file = Files.writeString(dir.resolve(preTokenizer + ".json"), PreTokenizerOracleTest.byteFile(preTokenizer));
            assertThat(TokenizerJson.load(file).preTokenizer()).isEqualTo(preTokenizer);
        }
    }

    @Test
    void refusesARegexItDoesNotKnowByName() throws IOException {
        String unknown = PreTokenizerOracleTest.byteFile(PreTokenizer.QWEN2)
                .replace("\\\\p{N}|", "\\\\p{N}{1,2}|");
        Path file = Files.writeString(dir.resolve("unknown.json"), unknown);

        assertThatThrownBy(() -> TokenizerJson.load(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("unknown.json: pre_tokenizer Split regex (?i:'s|")
                .hasMessageContaining("\\p{N}{1,2}| ?")
                .hasMessageContaining("is not supported; supported are those of [GPT2, QWEN2, LLAMA3]");
    }

    @Test
    void refusesAPrefixSpace() throws IOException {
        String prefixed = PreTokenizerOracleTest.byteFile(PreTokenizer.GPT2)
                .replaceFirst("\"add_prefix_space\" ?: ?false", "\"add_prefix_space\": true");
        Path file = Files.writeString(dir.resolve("prefixed.json"), prefixed);

        assertThatThrownBy(() -> TokenizerJson.load(file)).hasMessageContaining("add_prefix_space true is not supported");
    }

    /** Random text with characters newer than the JDK's Unicode, contractions and newlines mixed in. */
    static String mixed(Random random, RandomText text) {
        StringBuilder out = new StringBuilder();
        int pieces = random.nextInt(8);
        for (int k = 0; k < pieces; k++) {
            out.append(switch (random.nextInt(6)) {
                case 0 -> NEW_LETTERS.get(random.nextInt(NEW_LETTERS.size()));
                case 1 -> NEW_DIGITS.get(random.nextInt(NEW_DIGITS.size()));
                case 2 -> List.of("'s", "'S", "'ſ", "'ll", "'LL", "'re", "'x", "\r\n", " \n ", "  ").get(random.nextInt(10));
                default -> text.next(6);
            });
        }
        return out.toString();
    }

    static String codePoints(String text) {
        return text.codePoints().mapToObj(c -> "U+%04X".formatted(c)).toList().toString();
    }
}
