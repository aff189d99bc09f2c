package dev.leanforge.bridge.source;

import dev.leanforge.bridge.source.LexError.Cause;
import dev.leanforge.bridge.source.Token.Kind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Splits Lean 4 source into tokens the way Lean's own parser does ({@code Lean.Parser.Basic}: {@code whitespace},
 * {@code tokenFn}; {@code Lean.Parser.StrInterpolation}), so that a scan of the tokens sees every piece of code
 * Lean will run and nothing inside a comment or string is mistaken for code.
 *
 * <p>What it follows exactly: nested {@code /- -/} comments (whose body, as in Lean, starts after the character
 * that follows {@code /-}), {@code --} line comments, doc comments {@code /--} and
 * module docs {@code /-!} (both tokens to Lean, not whitespace); string literals with Lean's escapes
 * ({@code \\ \" \' \n \r \t \xHH \\uHHHH} and line gaps); raw strings {@code r#"…"#}; character literals (a
 * {@code '} not followed by another {@code '} always starts one); numerals ({@code 1_000}, {@code 0x1F},
 * {@code 2.}, {@code 1e-3}); identifiers ({@code isIdFirst}/{@code isIdRest}, {@code «»} parts, dotted names).
 * Whitespace is a space or a line break; Lean refuses tabs and lone carriage returns, and so does this lexer.
 *
 * <p>Two things depend on syntax no lexer can see, and where they matter the result is {@link Cause#AMBIGUOUS}
 * instead of a guess:
 * <ul>
 *   <li><b>interpolation</b>: in {@code s!"…"}, {@code m!"…"}, {@code throwError "…"} and other syntax declared
 *       with {@code interpolatedStr}, a {@code {} opens a term with its own strings, comments and brackets, which
 *       may contain a {@code "}. Every string with a {@code {} is therefore read both ways; when the two readings
 *       end at the same place, the holes are emitted as code tokens between string pieces ({@code "a{},
 *       {@code }b"}), otherwise the string is ambiguous;</li>
 *   <li><b>symbol tokens</b>: Lean reads the longest symbol of its token table, which the imports decide
 *       ({@code <-} then {@code -}, {@code ⁻¹'}, {@code ∑'}). Right after a symbol, a comment opener or a
 *       {@code '} that would start a valid character literal may belong to a longer symbol, so it is ambiguous;
 *       a {@code '} that could not start a character literal there is taken as part of the symbol.</li>
 * </ul>
 * It assumes that no symbol of the token table contains a {@code "}, and that no keyword that starts like an
 * identifier continues with {@code -} or {@code /}: a token like that would break ordinary Lean code.
 *
 * <p>It never throws and runs in time linear in the source. The tokens and the whitespace between them are the
 * source, in order; problems come back as {@link LexError}s, and text that is never closed becomes a token running
 * to the end of the source. Only a text so nested that its readings would cost more than a fixed multiple of its
 * length stops early, with an {@link Cause#AMBIGUOUS} error where reading stopped.
 */
public final class LeanLexer {

    /** What lexing a source produced; errors in source order. */
    public record Result(List<Token> tokens, List<LexError> errors) {
        public Result {
            tokens = List.copyOf(tokens);
            errors = errors.stream().sorted(Comparator.comparingInt(LexError::offset)).toList();
        }

        /** Whether every character was read with certainty. */
        public boolean isClean() {
            return errors.isEmpty();
        }
    }

    private static final String OPENERS = "([{⟨⦃⟦‹";
    private static final String CLOSERS = ")]}⟩⦄⟧›";

    private final String src;
    private final List<Token> tokens = new ArrayList<>();
    private final List<LexError> errors = new ArrayList<>();
    /** Shared by a lexer and the lexers of its interpolation holes. */
    private final Budget budget;
    private int pos;

    /**
     * Characters of tokens all lexers together may read (a hole's lexer spends from its string's budget). Reading
     * every string twice, holes inside holes, costs a small multiple of the source; without a bound a hostile text
     * ({@code "{" "{" "{" …}, each hole running to the end) costs its length squared. Past the budget the rest is
     * refused as unreadable, so lexing stays linear.
     */
    private static final class Budget {
        /** Holes inside holes beyond this are refused: each level is a frame of Java's stack. */
        static final int MAX_DEPTH = 32;
        long left;

        Budget(String source) {
            left = 8L * source.length() + 4096;
        }
    }

    /** How many interpolation holes this lexer is inside. */
    private final int depth;

    private LeanLexer(String src, int pos, Budget budget, int depth) {
        this.src = src;
        this.pos = pos;
        this.budget = budget;
        this.depth = depth;
    }

    public static Result lex(String source) {
        LeanLexer lexer = new LeanLexer(source, 0, new Budget(source), 0);
        lexer.code(false);
        return new Result(lexer.tokens, lexer.errors);
    }

    /**
     * Lexes code from {@link #pos}. At top level it runs to the end of the source. In an interpolation hole it stops
     * at the {@code }} that closes the hole (brackets inside balanced) and answers true with {@link #pos} on it;
     * false when the source ends first or a closer does not match.
     */
    private boolean code(boolean hole) {
        Deque<Integer> open = new ArrayDeque<>();
        while (true) {
            whitespace();
            if (pos >= src.length()) {
                return false;
            }
            if (budget.left < 0) {
                error(pos, Cause.AMBIGUOUS, "too many nested readings of strings to read the rest with certainty");
                pos = src.length();
                return false;
            }
            int c = src.codePointAt(pos);
            if (hole) {
                int closer = CLOSERS.indexOf(c);
                if (closer >= 0 && open.isEmpty()) {
                    return c == '}';
                }
                if (closer >= 0 && open.pop() != closer) {
                    return false;
                }
                int opener = OPENERS.indexOf(c);
                if (opener >= 0) {
                    open.push(opener);
                }
            }
            token(c);
        }
    }

    /** Spaces and line breaks; Lean refuses tabs and carriage returns that do not end a line. */
    private void whitespace() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\n') {
                pos++;
            } else if (c == '\r' && src.startsWith("\n", pos + 1)) {
                // Lean reads files and documents with CRLF line ends as LF.
                pos += 2;
            } else if (c == '\t' || c == '\r') {
                error(pos, Cause.MALFORMED, c == '\t' ? "a tab: Lean does not allow tabs"
                        : "a carriage return not followed by a line feed: Lean does not allow it");
                pos++;
            } else {
                return;
            }
        }
    }

    /** Consumes the token(s) starting with {@code c} at {@link #pos}. */
    private void token(int c) {
        int start = pos;
        readToken(c);
        budget.left -= Math.max(1, pos - start);
    }

    private void readToken(int c) {
        int start = pos;
        if (startsWith("--") || startsWith("/-")) {
            if (gluedTo(Kind.SYMBOL, Kind.OPEN, Kind.CLOSE, Kind.ATTRIBUTE_OPEN, Kind.ASSIGN)) {
                ambiguous(start, "`" + src.substring(start, start + 2) + "` right after a symbol: with the syntax "
                        + "in scope Lean may read a longer symbol and the rest as code, not as a comment");
            }
            comment();
        } else if (c == '"') {
            string();
        } else if (c == '\'' && !startsWith("''")) {
            // No symbol of Lean or Mathlib starts with a bracket and goes on with a quote: `('a')` is a literal.
            characterOrSymbolQuote(gluedTo(Kind.SYMBOL, Kind.CLOSE, Kind.ASSIGN));
        } else if (c >= '0' && c <= '9') {
            number();
            add(Kind.NUMBER, start);
        } else if (c == 'r' && isRawStringStart(pos + 1)) {
            rawString();
        } else if (c == '«' || isIdFirst(c)) {
            identifier();
        } else if (startsWith("@[")) {
            pos += 2;
            add(Kind.ATTRIBUTE_OPEN, start);
        } else if (startsWith(":=")) {
            pos += 2;
            add(Kind.ASSIGN, start);
        } else if (startsWith("''")) {
            // Lean never starts a character literal at '' (it is Mathlib's image symbol, or an error).
            pos += 2;
            add(Kind.SYMBOL, start);
        } else if (c == '#' && pos + 1 < src.length() && isIdFirst(src.codePointAt(pos + 1))) {
            // Lean reads `#check.foo` as the command token `#check` and then `.foo`: no dots, no «».
            pos++;
            skipIdRest();
            add(Kind.HASH_COMMAND, start);
        } else {
            if (Character.isSurrogate((char) c)) {
                // Half of a surrogate pair is no Unicode text: what reaches Lean after UTF-8 encoding is a guess.
                error(start, Cause.MALFORMED, "a lone UTF-16 surrogate: not Unicode text");
            }
            pos += Character.charCount(c);
            add(OPENERS.indexOf(c) >= 0 ? Kind.OPEN : CLOSERS.indexOf(c) >= 0 ? Kind.CLOSE : Kind.SYMBOL, start);
        }
    }

    /** Whether the previous token is of one of {@code kinds} and ends right here, so a longer symbol may go on. */
    private boolean gluedTo(Kind... kinds) {
        if (tokens.isEmpty()) {
            return false;
        }
        Token last = tokens.get(tokens.size() - 1);
        return last.end() == pos && List.of(kinds).contains(last.kind());
    }

    private void comment() {
        int start = pos;
        if (startsWith("--")) {
            int eol = src.indexOf('\n', pos);
            pos = eol < 0 ? src.length() : eol;
            add(Kind.LINE_COMMENT, start);
            return;
        }
        // `/--` and `/-!` are tokens to Lean (a docstring, a module doc), and their bodies start after the third char.
        // So does a plain comment's: Lean's `whitespace` skips the character after `/-` unread (`s.next input i`),
        // so `/-/- -/` is one comment, closed, and not an opener nested in another.
        char third = pos + 2 < src.length() ? src.charAt(pos + 2) : 0;
        Kind kind = third == '-' ? Kind.DOC_COMMENT : third == '!' ? Kind.MODULE_DOC : Kind.BLOCK_COMMENT;
        pos += 3;
        int depth = 1;
        while (depth > 0) {
            if (pos + 1 >= src.length()) {
                pos = src.length();
                error(start, Cause.UNTERMINATED, "comment is never closed (no matching -/)");
                break;
            }
            if (startsWith("-/")) {
                depth--;
                pos += 2;
            } else if (startsWith("/-")) {
                depth++;
                pos += 2;
            } else {
                pos++;
            }
        }
        add(kind, start);
    }

    /** A quote that starts a character literal, or, glued to a symbol, may end that symbol ({@code ⁻¹'}). */
    private void characterOrSymbolQuote(boolean glued) {
        int start = pos;
        Scan literal = characterLiteral(start);
        if (glued && literal.error() != null) {
            pos = start + 1;
            add(Kind.SYMBOL, start);
            return;
        }
        if (glued) {
            ambiguous(start, "`'` right after a symbol: with the syntax in scope Lean may read it as part of the "
                    + "symbol or as a character literal");
        }
        if (literal.error() == null) {
            pos = literal.end();
            add(Kind.CHAR, start);
        } else {
            errors.add(literal.error());
            pos = start + 1;
            add(Kind.SYMBOL, start);
        }
    }

    /** Where a scan stopped, and the first problem it found (null when there was none). */
    private record Scan(int end, LexError error) {
        static Scan ok(int end) {
            return new Scan(end, null);
        }
    }

    private Scan characterLiteral(int start) {
        int p = start + 1;
        if (p >= src.length()) {
            return new Scan(p, new LexError(start, Cause.UNTERMINATED, "character literal is never closed"));
        }
        int c = src.codePointAt(p);
        p += Character.charCount(c);
        if (c == '\\') {
            Scan escape = escape(p, false, false);
            if (escape.error() != null) {
                return escape;
            }
            p = escape.end();
        }
        if (p < src.length() && src.charAt(p) == '\'') {
            return Scan.ok(p + 1);
        }
        return new Scan(p, new LexError(start, Cause.MALFORMED,
                "a character literal holds one character: no closing ' where it should be"));
    }

    /**
     * The escape after a backslash at {@code p - 1}, as Lean's {@code quotedCharCoreFn}: {@code \\ \" \' \r \n \t},
     * {@code \{} in interpolated strings, {@code \xHH}, {@code \\uHHHH}, and in strings a line gap.
     */
    private Scan escape(int p, boolean inString, boolean interpolated) {
        if (p >= src.length()) {
            return new Scan(p, new LexError(p - 1, Cause.UNTERMINATED, "escape at the end of the source"));
        }
        char c = src.charAt(p);
        if ("\\\"'rnt".indexOf(c) >= 0 || (interpolated && c == '{')) {
            return Scan.ok(p + 1);
        }
        int hexDigits = c == 'x' ? 2 : c == 'u' ? 4 : 0;
        if (hexDigits > 0) {
            for (int k = 1; k <= hexDigits; k++) {
                if (p + k >= src.length() || !isHexDigit(src.charAt(p + k))) {
                    return new Scan(p + k, new LexError(p - 1, Cause.MALFORMED,
                            "`\\" + c + "` needs " + hexDigits + " hexadecimal digits"));
                }
            }
            return Scan.ok(p + hexDigits + 1);
        }
        if (inString && c == '\n') {
            return gap(p + 1);
        }
        return new Scan(p + 1, new LexError(p - 1, Cause.MALFORMED, "invalid escape sequence `\\"
                + new String(Character.toChars(src.codePointAt(p))) + "`"));
    }

    /** A string gap after {@code \} and a line break: blanks up to the next text, and no second line break. */
    private Scan gap(int p) {
        while (p < src.length()) {
            char c = src.charAt(p);
            if (c == '\n') {
                return new Scan(p + 1, new LexError(p, Cause.MALFORMED, "a string gap may span one line break only"));
            }
            if (c != ' ' && c != '\t' && c != '\r') {
                break;
            }
            p++;
        }
        return Scan.ok(p);
    }

    /**
     * A string literal, read as a plain string and, when it holds a {@code {}, as an interpolated one too (see the
     * class comment).
     */
    private void string() {
        int start = pos;
        Scan plain = plainString(start);
        int brace = src.indexOf('{', start);
        if (brace < 0 || brace >= plain.end()) {
            emitPlain(start, plain);
            return;
        }
        Interpolated interpolated = interpolatedString(start);
        if (plain.error() == null && interpolated.error() == null && plain.end() == interpolated.end()) {
            tokens.addAll(interpolated.tokens());
            pos = interpolated.end();
            return;
        }
        if (plain.error() != null && interpolated.error() != null
                && interpolated.error().cause() != Cause.AMBIGUOUS) {
            emitPlain(start, plain);
            return;
        }
        ambiguous(start, "this string reads differently where Lean interpolates it (s!, m!, f!, throwError, …): "
                + "there `{…}` holds code");
        if (plain.error() == null) {
            emitPlain(start, plain);
        } else {
            tokens.addAll(interpolated.tokens());
            pos = interpolated.end();
        }
    }

    private void emitPlain(int start, Scan plain) {
        if (plain.error() != null) {
            errors.add(plain.error());
        }
        pos = plain.end();
        add(Kind.STRING, start);
    }

    /** To the closing quote; a bad escape is reported and skipped, so the string still ends where Lean's does. */
    private Scan plainString(int start) {
        LexError first = null;
        int p = start + 1;
        while (p < src.length()) {
            char c = src.charAt(p);
            if (c == '"') {
                return new Scan(p + 1, first);
            }
            if (c == '\\') {
                Scan escape = escape(p + 1, true, false);
                first = first == null ? escape.error() : first;
                p = escape.end();
            } else {
                p++;
            }
        }
        return new Scan(src.length(), first != null ? first
                : new LexError(start, Cause.UNTERMINATED, "string is never closed (no matching \")"));
    }

    /** An interpolated reading: string pieces and the code tokens of each hole, or the first problem. */
    private record Interpolated(int end, List<Token> tokens, LexError error) {
    }

    private Interpolated interpolatedString(int start) {
        List<Token> out = new ArrayList<>();
        int pieceStart = start;
        int p = start + 1;
        while (p < src.length()) {
            char c = src.charAt(p);
            if (c == '"') {
                out.add(piece(pieceStart, p + 1));
                return new Interpolated(p + 1, out, null);
            }
            if (c == '\\') {
                Scan escape = escape(p + 1, true, true);
                if (escape.error() != null) {
                    return new Interpolated(escape.end(), out, escape.error());
                }
                p = escape.end();
            } else if (c == '{') {
                out.add(piece(pieceStart, p + 1));
                if (depth >= Budget.MAX_DEPTH) {
                    return new Interpolated(p, out, new LexError(p, Cause.AMBIGUOUS,
                            "interpolation nested more than " + Budget.MAX_DEPTH + " deep"));
                }
                LeanLexer hole = new LeanLexer(src, p + 1, budget, depth + 1);
                boolean closed = hole.code(true);
                out.addAll(hole.tokens);
                Result lexed = new Result(List.of(), hole.errors);
                if (!lexed.isClean()) {
                    LexError first = lexed.errors().stream().filter(e -> e.cause() == Cause.AMBIGUOUS).findFirst()
                            .orElse(lexed.errors().get(0));
                    return new Interpolated(hole.pos, out, first);
                }
                if (!closed || hole.tokens.stream().allMatch(Token::isComment)) {
                    return new Interpolated(hole.pos, out, new LexError(p, Cause.MALFORMED,
                            "`{` in an interpolated string needs a term and a matching `}`"));
                }
                pieceStart = hole.pos;
                p = hole.pos + 1;
            } else {
                p++;
            }
        }
        return new Interpolated(src.length(), out,
                new LexError(start, Cause.UNTERMINATED, "string is never closed (no matching \")"));
    }

    private Token piece(int start, int end) {
        return new Token(Kind.STRING, start, end, src.substring(start, end));
    }

    /** {@code r"…"} or {@code r#"…"#}: no escapes; closed by a quote and as many {@code #} as opened. */
    private void rawString() {
        int start = pos;
        int p = pos + 1;
        while (src.charAt(p) == '#') {
            p++;
        }
        String close = "\"" + "#".repeat(p - start - 1);
        int end = src.indexOf(close, p + 1);
        if (end < 0) {
            pos = src.length();
            error(start, Cause.UNTERMINATED, "raw string is never closed (no matching " + close + ")");
        } else {
            pos = end + close.length();
        }
        add(Kind.STRING, start);
    }

    private boolean isRawStringStart(int p) {
        while (p < src.length() && src.charAt(p) == '#') {
            p++;
        }
        return p < src.length() && src.charAt(p) == '"';
    }

    /** A dotted identifier; each part is {@code «…»} or an ordinary name. */
    private void identifier() {
        int start = pos;
        while (true) {
            if (src.startsWith("«", pos)) {
                int close = src.indexOf('»', pos + 1);
                if (close < 0) {
                    error(pos, Cause.UNTERMINATED, "« is never closed (no matching »)");
                    pos = src.length();
                    break;
                }
                pos = close + 1;
            } else {
                pos += Character.charCount(src.codePointAt(pos));
                skipIdRest();
            }
            if (pos + 1 < src.length() && src.charAt(pos) == '.'
                    && (src.charAt(pos + 1) == '«' || isIdFirst(src.codePointAt(pos + 1)))) {
                pos++;
            } else {
                break;
            }
        }
        add(Kind.IDENT, start);
    }

    private void skipIdRest() {
        while (pos < src.length() && isIdRest(src.codePointAt(pos))) {
            pos += Character.charCount(src.codePointAt(pos));
        }
    }

    /**
     * Lean's numerals ({@code numberFnAux}): {@code 0b101}, {@code 0o17}, {@code 0x1F}, {@code 1_000}, and the
     * scientific {@code 2.}, {@code 1.5}, {@code 2e-3}. A letter after a numeral starts a new token ({@code 2x}).
     */
    private void number() {
        int start = pos;
        char base = pos + 1 < src.length() && src.charAt(pos) == '0' ? Character.toLowerCase(src.charAt(pos + 1)) : 0;
        if (base == 'b' || base == 'o' || base == 'x') {
            pos += 2;
            digits(base, true, start);
            return;
        }
        pos++;
        digits('d', false, start);
        if (pos < src.length() && src.charAt(pos) == '.') {
            pos++;
            if (pos < src.length() && isDigitOf('d', src.charAt(pos))) {
                digits('d', false, start);
            }
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            pos++;
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < src.length() && isDigitOf('d', src.charAt(pos))) {
                digits('d', false, start);
            } else {
                error(start, Cause.MALFORMED, "numeral `" + src.substring(start, pos) + "` has no exponent digits");
            }
        }
    }

    /** Digits of {@code base} with {@code _} between or before them ({@code takeDigitsFn}); a digit must end it. */
    private void digits(char base, boolean needDigit, int start) {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '_') {
                needDigit = true;
            } else if (isDigitOf(base, c)) {
                needDigit = false;
            } else {
                break;
            }
            pos++;
        }
        if (needDigit) {
            error(start, Cause.MALFORMED, "numeral `" + src.substring(start, pos) + "` needs a digit where it ends");
        }
    }

    private static boolean isHexDigit(char c) {
        return isDigitOf('x', c);
    }

    private static boolean isDigitOf(char base, char c) {
        return switch (base) {
            case 'x' -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            case 'b' -> c == '0' || c == '1';
            case 'o' -> c >= '0' && c <= '7';
            default -> c >= '0' && c <= '9';
        };
    }

    private boolean startsWith(String s) {
        return src.startsWith(s, pos);
    }

    private void add(Kind kind, int start) {
        tokens.add(new Token(kind, start, pos, src.substring(start, pos)));
    }

    private void error(int offset, Cause cause, String message) {
        errors.add(new LexError(offset, cause, message));
    }

    private void ambiguous(int offset, String message) {
        error(offset, Cause.AMBIGUOUS, message);
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

    /** Lean's {@code isSubScriptAlnum}: subscript digits, letters ₐ…ₜ and ᵢ…ᵪ. */
    static boolean isSubscriptAlphanumeric(int c) {
        return (0x2080 <= c && c <= 0x2089) || (0x2090 <= c && c <= 0x209c) || (0x1d62 <= c && c <= 0x1d6a);
    }

    /** Lean's {@code isIdFirst}: ASCII letters (Lean's {@code Char.isAlpha} is ASCII only), {@code _}, letter-likes. */
    static boolean isIdFirst(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || isLetterLike(c);
    }

    /** Lean's {@code isIdRest}. */
    static boolean isIdRest(int c) {
        return isIdFirst(c) || (c >= '0' && c <= '9') || c == '\'' || c == '!' || c == '?'
                || isSubscriptAlphanumeric(c);
    }
}
