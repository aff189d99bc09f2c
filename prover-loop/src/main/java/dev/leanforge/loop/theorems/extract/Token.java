package dev.leanforge.loop.theorems.extract;

/**
 * One lexical unit of Lean source.
 *
 * @param kind  what it is
 * @param start offset of its first char in the source ({@link String} index)
 * @param end   offset just after its last char
 * @param text  the exact source text, {@code source.substring(start, end)}
 */
public record Token(Kind kind, int start, int end, String text) {

    public enum Kind {
        /** An identifier, possibly dotted and with {@code «»} parts; keywords such as {@code theorem} too. */
        IDENT,
        NUMBER,
        STRING,
        CHAR,
        /** {@code -- …} up to the end of the line. */
        LINE_COMMENT,
        /** {@code /- … -/} (nested) and module docs {@code /-! … -/}. */
        BLOCK_COMMENT,
        /** A docstring {@code /-- … -/}: part of the declaration it precedes. */
        DOC_COMMENT,
        /** {@code ( [ { ⟨ ⦃ ⟦ ‹}. */
        OPEN,
        /** {@code @[}, which opens an attribute list. */
        ATTRIBUTE_OPEN,
        /** {@code ) ] } ⟩ ⦄ ⟧ ›}. */
        CLOSE,
        /** {@code :=}. */
        ASSIGN,
        /** {@code #eval}, {@code #check}, … */
        HASH_COMMAND,
        /** Any other character. */
        SYMBOL
    }

    /** Comments other than docstrings say nothing to Lean. */
    public boolean isComment() {
        return kind == Kind.LINE_COMMENT || kind == Kind.BLOCK_COMMENT;
    }

    public boolean is(String word) {
        return kind == Kind.IDENT && text.equals(word);
    }
}
