package dev.leanforge.trainer.tokenizer;

import java.util.Random;

/** Seeded random Unicode text that stresses a byte-level tokenizer: Lean symbols, odd spaces, surrogate pairs. */
final class RandomText {

    private static final String LEAN = "∀∃ℕℤℝ≤≥≠→←↔⟨⟩¬∧∨∈∉⊆∪∩∘∑∏λ·₁₂ᵢ⁻¹√∞⊢⦃⦄‹›";
    private static final String SPACES = " \t\n\r\u000B\f\u0085\u00A0\u1680\u2000\u2007\u200A\u2028\u2029\u202F\u205F\u3000";
    private static final String ASCII_PUNCTUATION = "'-_.:;,()[]{}<>|!?+*/\\^%$#@&~`\"=";

    private final Random random;

    RandomText(long seed) {
        random = new Random(seed);
    }

    String next(int maxCodePoints) {
        int length = random.nextInt(maxCodePoints + 1);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(codePoint());
        }
        return text.toString();
    }

    private int codePoint() {
        return switch (random.nextInt(8)) {
            case 0 -> pick(LEAN);
            case 1 -> pick(SPACES);
            case 2 -> pick(ASCII_PUNCTUATION);
            case 3 -> 'a' + random.nextInt(26);
            case 4 -> '0' + random.nextInt(10);
            case 5 -> 0x1F600 + random.nextInt(0x50); // emoji: surrogate pairs in Java
            case 6 -> 0x1D400 + random.nextInt(0x300); // mathematical alphanumerics: letters beyond the BMP
            default -> anyScalarValue();
        };
    }

    private int anyScalarValue() {
        while (true) {
            int c = random.nextInt(0x110000);
            if (c < 0xD800 || c > 0xDFFF) {
                return c;
            }
        }
    }

    private int pick(String characters) {
        return characters.codePointAt(characters.offsetByCodePoints(0, random.nextInt(characters.codePointCount(0, characters.length()))));
    }
}
