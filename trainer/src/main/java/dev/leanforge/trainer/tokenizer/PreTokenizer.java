package dev.leanforge.trainer.tokenizer;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The split of text into words before BPE, one per regex that Hugging Face byte-level tokenizers declare. Each is
 * written out by hand over {@link UnicodeClasses} rather than run with {@code java.util.regex}, whose {@code \p{L}}
 * follows the JDK's Unicode version; each gives exactly the regex's matches (leftmost alternative first, greedy),
 * and the words always partition the text. A {@code tokenizer.json} declaring any other regex is refused.
 */
public enum PreTokenizer {

    /** GPT-2's, the {@code ByteLevel} pre-tokenizer's built-in regex; what {@link BpeTrainer}'s files use. */
    GPT2("'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+") {
        @Override
        int wordEnd(CharSequence text, int start) {
            return WordSplit.gpt2(text, start);
        }
    },

    /** Qwen2, Qwen2.5 and Qwen3's: cl100k's with one digit per word. */
    QWEN2("(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
            + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+") {
        @Override
        int wordEnd(CharSequence text, int start) {
            return WordSplit.cl100k(text, start, 1);
        }
    },

    /** Llama 3's, which is OpenAI's cl100k: up to three digits per word. */
    LLAMA3("(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
            + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+") {
        @Override
        int wordEnd(CharSequence text, int start) {
            return WordSplit.cl100k(text, start, 3);
        }
    };

    private final String regex;

    PreTokenizer(String regex) {
        this.regex = regex;
    }

    /** The regex as {@code tokenizer.json} writes it. */
    public String regex() {
        return regex;
    }

    /** The pre-tokenizer whose regex is exactly {@code regex}, if one is. */
    public static Optional<PreTokenizer> ofRegex(String regex) {
        return Arrays.stream(values()).filter(p -> p.regex.equals(regex)).findFirst();
    }

    /** Calls {@code word} with each word of {@code text} in order; together they are {@code text}. */
    public void forEachWord(CharSequence text, Consumer<String> word) {
        for (int start = 0; start < text.length(); ) {
            int end = wordEnd(text, start);
            word.accept(text.subSequence(start, end).toString());
            start = end;
        }
    }

    /** The end of the word that starts at {@code start} (after it); every position starts a word. */
    abstract int wordEnd(CharSequence text, int start);
}
