package dev.leanforge.trainer.tokenizer;

/**
 * Lossy UTF-8 decoding as Rust's {@code String::from_utf8_lossy} does it, which the Rust tokenizers library's decoder
 * uses: each maximal subpart of an ill-formed sequence becomes one U+FFFD (Unicode's recommended practice). Java's
 * own decoder differs on some sequences (it turns {@code ED B5} into one U+FFFD, Rust into two), and a sampled token
 * sequence may end or break mid-character, so the two must agree for decoded proofs to match.
 */
final class Utf8 {

    private static final char REPLACEMENT = '\uFFFD';

    private Utf8() {}

    static String decodeLossy(byte[] bytes, int length) {
        StringBuilder text = new StringBuilder(length);
        int i = 0;
        while (i < length) {
            int lead = bytes[i] & 0xFF;
            if (lead < 0x80) {
                text.append((char) lead);
                i++;
                continue;
            }
            int needed;
            int low = 0x80;
            int high = 0xBF; // the range allowed for the first continuation byte (Unicode Table 3-7)
            int codePoint;
            if (lead >= 0xC2 && lead <= 0xDF) {
                needed = 1;
                codePoint = lead & 0x1F;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                needed = 2;
                codePoint = lead & 0x0F;
                if (lead == 0xE0) {
                    low = 0xA0;
                } else if (lead == 0xED) {
                    high = 0x9F;
                }
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                needed = 3;
                codePoint = lead & 0x07;
                if (lead == 0xF0) {
                    low = 0x90;
                } else if (lead == 0xF4) {
                    high = 0x8F;
                }
            } else {
                text.append(REPLACEMENT); // a byte that never starts a character
                i++;
                continue;
            }
            int j = i + 1;
            while (needed > 0 && j < length) {
                int b = bytes[j] & 0xFF;
                if (b < low || b > high) {
                    break;
                }
                codePoint = codePoint << 6 | (b & 0x3F);
                low = 0x80;
                high = 0xBF;
                needed--;
                j++;
            }
            if (needed == 0) {
                text.appendCodePoint(codePoint);
            } else {
                text.append(REPLACEMENT); // the lead and the continuation bytes that fitted: one maximal subpart
            }
            i = j;
        }
        return text.toString();
    }
}
