package dev.leanforge.bridge.source;

import java.util.List;

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
        /** {@code /- … -/}, nested. */
        BLOCK_COMMENT,
        /** A docstring {@code /-- … -/}: part of the declaration it precedes. */
        DOC_COMMENT,
        /** A module doc {@code /-! … -/}: a command of its own to Lean, though it says nothing to elaboration. */
        MODULE_DOC,
        /** {@code ( [ { ⟨ ⦃ ⟦ ‹}. */
        OPEN,
        /** {@code @[}, which opens an attribute list. */
        ATTRIBUTE_OPEN,
        /** {@code ) ] } ⟩ ⦄ ⟧ ›}. */
        CLOSE,
        /** {@code :=}. */
        ASSIGN,
        /** {@code #eval}, {@code #check}, …: {@code #} and the word after it. */
        HASH_COMMAND,
        /** Any other character. */
        SYMBOL
    }

    /**
     * Comments and module docs say nothing to elaboration; docstrings do (they belong to a declaration). A module
     * doc still ends the declaration before it, which a proof scan must refuse on its own.
     */
    public boolean isComment() {
        return kind == Kind.LINE_COMMENT || kind == Kind.BLOCK_COMMENT || kind == Kind.MODULE_DOC;
    }

    /**
     * An identifier spelled exactly {@code word}; for a plain word such as {@code theorem}, an unquoted, undotted
     * identifier, which is how Lean keywords look ({@code «theorem»} is an ordinary name).
     */
    public boolean is(String word) {
        return kind == Kind.IDENT && text.equals(word);
    }

    /** For an identifier, its dot-separated components without {@code «»}; for any other token, none. */
    public List<String> components() {
        return kind == Kind.IDENT ? LeanNames.components(text) : List.of();
    }

    /** An identifier with a {@code «»}-quoted component. */
    public boolean isQuoted() {
        return kind == Kind.IDENT && text.indexOf('«') >= 0;
    }

    /** The same token {@code delta} chars further on, for tokens lexed from a piece of a larger text. */
    public Token shifted(int delta) {
        return new Token(kind, start + delta, end + delta, text);
    }
}
