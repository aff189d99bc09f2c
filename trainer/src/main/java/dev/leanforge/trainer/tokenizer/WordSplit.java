package dev.leanforge.trainer.tokenizer;

import static dev.leanforge.trainer.tokenizer.UnicodeClasses.LETTER;
import static dev.leanforge.trainer.tokenizer.UnicodeClasses.NUMBER;
import static dev.leanforge.trainer.tokenizer.UnicodeClasses.OTHER;
import static dev.leanforge.trainer.tokenizer.UnicodeClasses.SPACE;

/**
 * The {@link PreTokenizer} regexes as scanners: each method returns where the regex's match at {@code start} ends,
 * trying the alternatives in the regex's order. Positions are UTF-16 indices moving by whole code points, as the
 * Rust library's regexes move over UTF-8 characters. The regexes match at every position, so there are no gaps.
 */
final class WordSplit {

    /** The contractions of both regex families, after the apostrophe, in the regexes' order. */
    private static final String[] CONTRACTIONS = {"s", "t", "re", "ve", "m", "ll", "d"};

    private WordSplit() {}

    /** {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+} */
    static int gpt2(CharSequence text, int start) {
        int c = Character.codePointAt(text, start);
        if (c == '\'') {
            int end = contraction(text, start, false);
            if (end > 0) {
                return end;
            }
        }
        int next = start + Character.charCount(c);
        byte type = UnicodeClasses.of(c);
        if (c == ' ' && next < text.length()) {
            byte after = classAt(text, next);
            if (after != SPACE) {
                return run(text, next, after); // ' ?\p{L}+', ' ?\p{N}+' or ' ?[^\s\p{L}\p{N}]+' with the space
            }
        }
        if (type != SPACE) {
            return run(text, start, type);
        }
        return spaces(text, start);
    }

    /**
     * {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,maxDigits}| ?[^\s\p{L}\p{N}]+[\r\n]*
     * |\s*[\r\n]+|\s+(?!\S)|\s+}
     */
    static int cl100k(CharSequence text, int start, int maxDigits) {
        int c = Character.codePointAt(text, start);
        if (c == '\'') {
            int end = contraction(text, start, true);
            if (end > 0) {
                return end;
            }
        }
        int next = start + Character.charCount(c);
        byte type = UnicodeClasses.of(c);
        if (type == LETTER) {
            return run(text, start, LETTER);
        }
        boolean hasNext = next < text.length();
        if (type != NUMBER && c != '\r' && c != '\n' && hasNext && classAt(text, next) == LETTER) {
            return run(text, next, LETTER); // one non-letter, non-digit, non-newline prefix, then letters
        }
        if (type == NUMBER) {
            int end = start;
            for (int digits = 0; digits < maxDigits && end < text.length() && classAt(text, end) == NUMBER; digits++) {
                end += Character.charCount(Character.codePointAt(text, end));
            }
            return end;
        }
        int punctuation = type == OTHER ? start : c == ' ' && hasNext && classAt(text, next) == OTHER ? next : -1;
        if (punctuation >= 0) {
            int end = run(text, punctuation, OTHER);
            while (end < text.length() && isNewline(text.charAt(end))) {
                end++;
            }
            return end;
        }
        // Whitespace. '\s*[\r\n]+' backtracks to the run's last newline; failing that, as in GPT-2's regex.
        int end = run(text, start, SPACE);
        for (int i = end - 1; i >= start; i--) {
            if (isNewline(text.charAt(i))) {
                return i + 1;
            }
        }
        return spaces(text, start);
    }

    /** {@code \s+(?!\S)|\s+} at a whitespace character: a run keeps its last character for the next word. */
    private static int spaces(CharSequence text, int start) {
        int end = run(text, start, SPACE);
        if (end == text.length()) {
            return end;
        }
        int last = end - Character.charCount(Character.codePointBefore(text, end));
        return last > start ? last : end;
    }

    /** The end of the contraction at the apostrophe at {@code start}, or -1. */
    private static int contraction(CharSequence text, int start, boolean ignoreCase) {
        for (String contraction : CONTRACTIONS) {
            int i = start + 1;
            int k = 0;
            while (k < contraction.length() && i < text.length()) {
                int c = Character.codePointAt(text, i);
                char wanted = contraction.charAt(k);
                if (ignoreCase ? !UnicodeClasses.equalsIgnoreCase(c, wanted) : c != wanted) {
                    break;
                }
                i += Character.charCount(c);
                k++;
            }
            if (k == contraction.length()) {
                return i;
            }
        }
        return -1;
    }

    /** The end of the run of {@code type} characters from {@code start}. */
    private static int run(CharSequence text, int start, byte type) {
        int i = start;
        while (i < text.length()) {
            int c = Character.codePointAt(text, i);
            if (UnicodeClasses.of(c) != type) {
                break;
            }
            i += Character.charCount(c);
        }
        return i;
    }

    private static byte classAt(CharSequence text, int index) {
        return UnicodeClasses.of(Character.codePointAt(text, index));
    }

    private static boolean isNewline(char c) {
        return c == '\r' || c == '\n';
    }
}
