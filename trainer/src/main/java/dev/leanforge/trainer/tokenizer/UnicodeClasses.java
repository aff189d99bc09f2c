package dev.leanforge.trainer.tokenizer;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.util.VersionInfo;

/**
 * The character classes the pre-tokenizer regexes use ({@code \p{L}}, {@code \p{N}}, {@code \s}), from ICU4J's
 * tables rather than the JDK's, so a {@code tokenizer.json} splits text the same on every JDK. The version is the
 * one the Hugging Face library we must agree with uses: DJL 0.36's {@code tokenizers} 0.21.4 runs its regexes in
 * Oniguruma 6.9.10, whose tables are Unicode 16.0 (JDK 17 knows Unicode 13, JDK 21 Unicode 15).
 */
final class UnicodeClasses {

    /** The Unicode version of the classes; ICU4J 76 and 77 have it. */
    static final VersionInfo UNICODE_VERSION = VersionInfo.getInstance(16, 0);

    static final byte OTHER = 0;
    static final byte LETTER = 1;
    static final byte NUMBER = 2;
    static final byte SPACE = 3;

    /** The class of each BMP code point, looked up once: most text never leaves the BMP. */
    private static final byte[] BMP = new byte[0x10000];

    static {
        VersionInfo icu = UCharacter.getUnicodeVersion();
        if (icu.getMajor() != UNICODE_VERSION.getMajor() || icu.getMinor() != UNICODE_VERSION.getMinor()) {
            // Another ICU4J on the class path would silently change token ids; refuse instead.
            throw new IllegalStateException("the tokenizer needs ICU4J with Unicode " + UNICODE_VERSION
                    + " (icu4j 76.1, as the pom pins), but the class path has Unicode " + icu);
        }
        for (int c = 0; c < BMP.length; c++) {
            BMP[c] = lookUp(c);
        }
    }

    private UnicodeClasses() {}

    /** {@link #LETTER}, {@link #NUMBER}, {@link #SPACE} or {@link #OTHER}. */
    static byte of(int codePoint) {
        return codePoint < BMP.length ? BMP[codePoint] : lookUp(codePoint);
    }

    /**
     * Oniguruma's {@code \s} for Unicode text: TAB to CR, NEL, and the separators Zs, Zl, Zp (the same set as
     * Unicode's White_Space). {@code \p{L}} and {@code \p{N}} are the general categories L* and N*.
     */
    private static byte lookUp(int codePoint) {
        if ((codePoint >= '\t' && codePoint <= '\r') || codePoint == 0x85) {
            return SPACE;
        }
        return switch (UCharacter.getType(codePoint)) {
            case UCharacterCategory.UPPERCASE_LETTER, UCharacterCategory.LOWERCASE_LETTER,
                    UCharacterCategory.TITLECASE_LETTER, UCharacterCategory.MODIFIER_LETTER,
                    UCharacterCategory.OTHER_LETTER -> LETTER;
            case UCharacterCategory.DECIMAL_DIGIT_NUMBER, UCharacterCategory.LETTER_NUMBER,
                    UCharacterCategory.OTHER_NUMBER -> NUMBER;
            case UCharacterCategory.SPACE_SEPARATOR, UCharacterCategory.LINE_SEPARATOR,
                    UCharacterCategory.PARAGRAPH_SEPARATOR -> SPACE;
            default -> OTHER;
        };
    }

    /** Whether {@code codePoint} matches the ASCII letter {@code lower} ignoring case, as Unicode simple case folding does. */
    static boolean equalsIgnoreCase(int codePoint, char lower) {
        return codePoint == lower || UCharacter.foldCase(codePoint, true) == lower;
    }
}
