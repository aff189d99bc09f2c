package dev.leanforge.bridge.source;

import dev.leanforge.bridge.source.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits Lean 4 source into tokens: just enough of Lean's lexer to find declarations and to scan proofs for
 * forbidden constructs reliably. Comments (nested {@code /- -/}), strings, raw strings and character literals are
 * recognised so that nothing inside them is mistaken for code; identifiers follow Lean's rules
 * ({@code isIdFirst}/{@code isIdRest}, Greek and letter-like symbols, subscripts, {@code «»} quoting); {@code #word}
 * is one token. Whitespace is skipped; every other character becomes a token, so the tokens and the whitespace
 * between them cover the source exactly.
 *
 * <p>It never fails: text Lean itself could not lex (a comment, string or {@code «} that is never closed) becomes
 * a token running to the end of the source, with a {@link LexError} at the place it was opened.
 */
public final class LeanLexer {

    /**
     * What lexing a source produced. An error's token runs to the end of the source, so there is at most one
     * error and it belongs to the last token.
     */
    public record Result(List<Token> tokens, List<LexError> errors) {
        public Result {
            tokens = List.copyOf(tokens);
            errors = List.copyOf(errors);
        }
    }

    private static final String OPENERS = "([{⟨⦃⟦‹";
    private static final String CLOSERS = ")]}⟩⦄⟧›";

    private final String src;
    private final List<Token> tokens = new ArrayList<>();
    private final List<LexError> errors = new ArrayList<>();
    private int pos;

    private LeanLexer(String src) {
        this.src = src;
    }

    public static Result lex(String source) {
        LeanLexer lexer = new LeanLexer(source);
        lexer.run();
        return new Result(lexer.tokens, lexer.errors);
    }

    private void run() {
        while (pos < src.length()) {
            int c = src.codePointAt(pos);
            if (Character.isWhitespace(c) || c == 0xA0) {
                pos += Character.charCount(c);
                continue;
            }
            int start = pos;
            Kind kind = scan(c);
            tokens.add(new Token(kind, start, pos, src.substring(start, pos)));
        }
    }

    /** Consumes one token starting with {@code c} at {@link #pos} and says what it was. */
    private Kind scan(int c) {
        if (startsWith("--")) {
            int eol = src.indexOf('\n', pos);
            pos = eol < 0 ? src.length() : eol;
            return Kind.LINE_COMMENT;
        }
        if (startsWith("/-")) {
            boolean doc = startsWith("/--") && !startsWith("/--/");
            blockComment();
            return doc ? Kind.DOC_COMMENT : Kind.BLOCK_COMMENT;
        }
        if (c == '"') {
            string();
            return Kind.STRING;
        }
        if (c == 'r' && rawString()) {
            return Kind.STRING;
        }
        if (c == '\'' && charLiteral()) {
            return Kind.CHAR;
        }
        if (c == '«' || isIdFirst(c)) {
            identifier();
            return Kind.IDENT;
        }
        if (c >= '0' && c <= '9') {
            number();
            return Kind.NUMBER;
        }
        if (startsWith("@[")) {
            pos += 2;
            return Kind.ATTRIBUTE_OPEN;
        }
        if (startsWith(":=")) {
            pos += 2;
            return Kind.ASSIGN;
        }
        if (c == '#' && pos + 1 < src.length() && isIdFirst(src.codePointAt(pos + 1))) {
            // Lean reads `#check.foo` as the command token `#check` and then `.foo`: no dots, no «».
            pos++;
            while (pos < src.length() && isIdRest(src.codePointAt(pos))) {
                pos += Character.charCount(src.codePointAt(pos));
            }
            return Kind.HASH_COMMAND;
        }
        pos += Character.charCount(c);
        if (OPENERS.indexOf(c) >= 0) {
            return Kind.OPEN;
        }
        return CLOSERS.indexOf(c) >= 0 ? Kind.CLOSE : Kind.SYMBOL;
    }

    private boolean startsWith(String s) {
        return src.startsWith(s, pos);
    }

    private void blockComment() {
        int start = pos;
        int depth = 0;
        while (pos < src.length()) {
            if (startsWith("/-")) {
                depth++;
                pos += 2;
            } else if (startsWith("-/")) {
                depth--;
                pos += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                pos++;
            }
        }
        errors.add(new LexError(start, "comment is never closed (no matching -/)"));
    }

    private void string() {
        int start = pos;
        pos++;
        while (pos < src.length()) {
            char ch = src.charAt(pos);
            if (ch == '\\') {
                pos += 2;
            } else if (ch == '"') {
                pos++;
                return;
            } else {
                pos++;
            }
        }
        pos = src.length();
        errors.add(new LexError(start, "string is never closed (no matching \")"));
    }

    /** {@code r"…"} or {@code r#"…"#}: no escapes; closed by a quote and as many {@code #} as opened. */
    private boolean rawString() {
        int p = pos + 1;
        int hashes = 0;
        while (p < src.length() && src.charAt(p) == '#') {
            hashes++;
            p++;
        }
        if (p >= src.length() || src.charAt(p) != '"') {
            return false;
        }
        int start = pos;
        String close = "\"" + "#".repeat(hashes);
        int end = src.indexOf(close, p + 1);
        if (end < 0) {
            pos = src.length();
            errors.add(new LexError(start, "raw string is never closed (no matching " + close + ")"));
        } else {
            pos = end + close.length();
        }
        return true;
    }

    /**
     * {@code 'a'}, {@code '\n'}, {@code '\''}: a quote that does not close within a few characters is a symbol
     * (Mathlib's {@code f '' s}), since identifiers never start with a quote.
     */
    private boolean charLiteral() {
        int p = pos + 1;
        if (p >= src.length()) {
            return false;
        }
        int c = src.codePointAt(p);
        if (c == '\\') {
            int close = src.indexOf('\'', p + 2);
            int eol = src.indexOf('\n', p);
            if (close < 0 || close - p > 12 || (eol >= 0 && eol < close)) {
                return false;
            }
            pos = close + 1;
            return true;
        }
        if (c == '\'' || c == '\n') {
            return false;
        }
        int after = p + Character.charCount(c);
        if (after < src.length() && src.charAt(after) == '\'') {
            pos = after + 1;
            return true;
        }
        return false;
    }

    /** A dotted identifier; each part is {@code «…»} or an ordinary name. */
    private void identifier() {
        while (true) {
            if (src.startsWith("«", pos)) {
                int close = src.indexOf('»', pos + 1);
                if (close < 0) {
                    errors.add(new LexError(pos, "« is never closed (no matching »)"));
                    pos = src.length();
                    return;
                }
                pos = close + 1;
            } else {
                pos += Character.charCount(src.codePointAt(pos));
                while (pos < src.length() && isIdRest(src.codePointAt(pos))) {
                    pos += Character.charCount(src.codePointAt(pos));
                }
            }
            if (pos + 1 < src.length() && src.charAt(pos) == '.'
                    && (src.startsWith("«", pos + 1) || isIdFirst(src.codePointAt(pos + 1)))) {
                pos++;
            } else {
                return;
            }
        }
    }

    /**
     * Lean's numeric literals: {@code 0x1F}, {@code 0b101}, {@code 0o17}, {@code 42}, {@code 1.5}, {@code 2e-3}.
     * Letters after them start a new token ({@code 2x} is {@code 2} then {@code x}), so no word can hide in a
     * number.
     */
    private void number() {
        int start = pos;
        if (src.charAt(pos) == '0' && pos + 1 < src.length() && "xXbBoO".indexOf(src.charAt(pos + 1)) >= 0) {
            char base = Character.toLowerCase(src.charAt(pos + 1));
            pos += 2;
            int digits = pos;
            while (pos < src.length() && isDigitOf(base, src.charAt(pos))) {
                pos++;
            }
            if (pos == digits) {
                pos = start + 1;
            }
            return;
        }
        decimalDigits();
        if (pos + 1 < src.length() && src.charAt(pos) == '.' && isAsciiDigit(src.charAt(pos + 1))) {
            pos++;
            decimalDigits();
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int exponent = pos++;
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < src.length() && isAsciiDigit(src.charAt(pos))) {
                decimalDigits();
            } else {
                pos = exponent;
            }
        }
    }

    /** Digits, with {@code _} allowed between two of them ({@code 1_000}). */
    private void decimalDigits() {
        while (pos < src.length() && (isAsciiDigit(src.charAt(pos)) || (src.charAt(pos) == '_'
                && pos + 1 < src.length() && isAsciiDigit(src.charAt(pos + 1)) && pos > 0
                && isAsciiDigit(src.charAt(pos - 1))))) {
            pos++;
        }
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isDigitOf(char base, char c) {
        return switch (base) {
            case 'x' -> isAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            case 'b' -> c == '0' || c == '1';
            default -> c >= '0' && c <= '7';
        };
    }

    private static boolean isAsciiAlphanumeric(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** Lean's {@code isLetterLike}: Greek but λ Π Σ, Coptic, letter-like symbols (ℕ), mathematical alphanumerics. */
    static boolean isLetterLike(int c) {
        return (0x3b1 <= c && c <= 0x3c9 && c != 0x3bb)
                || (0x391 <= c && c <= 0x3a9 && c != 0x3a0 && c != 0x3a3)
                || (0x3ca <= c && c <= 0x3fb)
                || (0x1f00 <= c && c <= 0x1ffe)
                || (0x2100 <= c && c <= 0x214f)
                || (0x1d49c <= c && c <= 0x1d59f);
    }

    /** Lean's {@code isSubScriptAlnum}. */
    static boolean isSubscriptAlphanumeric(int c) {
        return (0x2080 <= c && c <= 0x2089) || (0x2090 <= c && c <= 0x209c) || (0x1d62 <= c && c <= 0x1d6a);
    }

    static boolean isIdFirst(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || isLetterLike(c);
    }

    static boolean isIdRest(int c) {
        return isAsciiAlphanumeric(c) || c == '_' || c == '\'' || c == '!' || c == '?' || isLetterLike(c)
                || isSubscriptAlphanumeric(c);
    }
}
