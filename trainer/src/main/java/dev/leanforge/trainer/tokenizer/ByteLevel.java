package dev.leanforge.trainer.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * GPT-2's byte-level scheme as Hugging Face's {@code ByteLevel} pre-tokenizer (with {@code use_regex}) and decoder
 * apply it: text is split into words by GPT-2's regex, each word's UTF-8 bytes are written as one printable
 * character per byte, and BPE merges work on those characters. Every byte has a symbol, so no text is unknown.
 */
public final class ByteLevel {

    private static final char[] BYTE_TO_SYMBOL = new char[256];
    private static final int[] SYMBOL_TO_BYTE = new int[512];

    static {
        // GPT-2's bytes_to_unicode: printable Latin-1 bytes stand for themselves, the others map to U+0100 onwards.
        Arrays.fill(SYMBOL_TO_BYTE, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            BYTE_TO_SYMBOL[b] = (char) (printable ? b : next++);
            SYMBOL_TO_BYTE[BYTE_TO_SYMBOL[b]] = b;
        }
    }

    private ByteLevel() {}

    /** Calls {@code word} with each piece of {@code text} in order, as GPT-2's regex splits it ({@link PreTokenizer#GPT2}). */
    public static void forEachWord(CharSequence text, Consumer<String> word) {
        PreTokenizer.GPT2.forEachWord(text, word);
    }

    /** The symbol standing for byte {@code b} (0–255). */
    public static char symbol(int b) {
        return BYTE_TO_SYMBOL[b];
    }

    /** The byte-level symbols of {@code text}'s UTF-8 encoding, one per byte. */
    public static String symbols(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            chars[i] = BYTE_TO_SYMBOL[bytes[i] & 0xFF];
        }
        return new String(chars);
    }

    /** The bytes that {@code symbols} stand for; fails on a character that is not a byte-level symbol. */
    public static byte[] bytes(String symbols) {
        byte[] bytes = new byte[symbols.length()];
        for (int i = 0; i < bytes.length; i++) {
            char c = symbols.charAt(i);
            int b = c < SYMBOL_TO_BYTE.length ? SYMBOL_TO_BYTE[c] : -1;
            if (b < 0) {
                throw new IllegalArgumentException("%s holds U+%04X, which is not a byte-level symbol".formatted(symbols, (int) c));
            }
            bytes[i] = (byte) b;
        }
        return bytes;
    }

    /** The index of the first unpaired surrogate in {@code text}, or -1 if it is well-formed Unicode. */
    public static int unpairedSurrogate(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
