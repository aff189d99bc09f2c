package dev.leanforge.bridge.soundness;

import java.util.ArrayList;
import java.util.List;

/**
 * A small Lean 4 tokenizer, just precise enough for {@link SourcePolicy}: comments (line {@code --} and nested
 * {@code /- -/}) produce no tokens, string and char literals are single tokens, identifiers follow Lean's
 * character classes with {@code .}-separated components and {@code «»} quoting, {@code #word} is one token.
 * It never fails: text Lean itself could not lex (an unterminated comment or string) ends the token list with an
 * {@link Token.Kind#UNTERMINATED} token.
 */
final class LeanLexer {

    /** One token; for identifiers, {@code components} are the dot-separated parts without {@code «»}. */
    record Token(Kind kind, String text, int offset, List<String> components, boolean quoted) {
        enum Kind { IDENTIFIER, HASH_COMMAND, STRING, CHAR, NUMBER, SYMBOL, UNTERMINATED }

        Token {
            components = List.copyOf(components);
        }

        /** A plain, unquoted, undotted identifier equal to {@code word}: how Lean keywords look. */
        boolean isWord(String word) {
            return kind == Kind.IDENTIFIER && !quoted && components.size() == 1 && components.get(0).equals(word);
        }
    }

    private final String src;
    private int pos;
    private final List<Token> tokens = new ArrayList<>();

    private LeanLexer(String src) {
        this.src = src;
    }

    static List<Token> tokenize(String src) {
        LeanLexer lexer = new LeanLexer(src);
        lexer.run();
        return List.copyOf(lexer.tokens);
    }

    private void run() {
        while (pos < src.length()) {
            int c = src.codePointAt(pos);
            int start = pos;
            if (Character.isWhitespace(c)) {
                pos += Character.charCount(c);
            } else if (src.startsWith("--", pos)) {
                int eol = src.indexOf('\n', pos);
                pos = eol < 0 ? src.length() : eol + 1;
            } else if (src.startsWith("/-", pos)) {
                if (!skipBlockComment()) {
                    tokens.add(new Token(Token.Kind.UNTERMINATED, "/-", start, List.of(), false));
                    return;
                }
            } else if (c == '"') {
                if (!skipString()) {
                    tokens.add(new Token(Token.Kind.UNTERMINATED, "\"", start, List.of(), false));
                    return;
                }
                tokens.add(new Token(Token.Kind.STRING, src.substring(start, pos), start, List.of(), false));
            } else if (c == 'r' && isRawStringStart(pos + 1)) {
                pos++;
                if (!skipRawString()) {
                    tokens.add(new Token(Token.Kind.UNTERMINATED, "r\"", start, List.of(), false));
                    return;
                }
                tokens.add(new Token(Token.Kind.STRING, src.substring(start, pos), start, List.of(), false));
            } else if (c == '\'' && isCharLiteral()) {
                tokens.add(new Token(Token.Kind.CHAR, src.substring(start, pos), start, List.of(), false));
            } else if (isIdFirst(c) || c == '«') {
                lexIdentifier(start);
            } else if (c == '#' && pos + 1 < src.length() && isIdFirst(src.codePointAt(pos + 1))) {
                pos++;
                while (pos < src.length() && isIdRest(src.codePointAt(pos))) {
                    pos += Character.charCount(src.codePointAt(pos));
                }
                tokens.add(new Token(Token.Kind.HASH_COMMAND, src.substring(start, pos), start, List.of(), false));
            } else if (c >= '0' && c <= '9') {
                lexNumber();
                tokens.add(new Token(Token.Kind.NUMBER, src.substring(start, pos), start, List.of(), false));
            } else {
                pos += Character.charCount(c);
                tokens.add(new Token(Token.Kind.SYMBOL, src.substring(start, pos), start, List.of(), false));
            }
        }
    }

    /** Nested {@code /- … -/}, including doc comments {@code /-- -/} and {@code /-! -/}. */
    private boolean skipBlockComment() {
        int depth = 0;
        while (pos < src.length()) {
            if (src.startsWith("/-", pos)) {
                depth++;
                pos += 2;
            } else if (src.startsWith("-/", pos)) {
                depth--;
                pos += 2;
                if (depth == 0) {
                    return true;
                }
            } else {
                pos++;
            }
        }
        return false;
    }

    private boolean skipString() {
        pos++;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\\') {
                pos += 2;
            } else if (c == '"') {
                pos++;
                return true;
            } else {
                pos++;
            }
        }
        return false;
    }

    private boolean isRawStringStart(int at) {
        int k = at;
        while (k < src.length() && src.charAt(k) == '#') {
            k++;
        }
        return k < src.length() && src.charAt(k) == '"'
                && (pos == 0 || !isIdRest(src.codePointBefore(pos)));
    }

    /** {@code r"…"} or {@code r#"…"#} with any number of {@code #}; no escapes inside. */
    private boolean skipRawString() {
        int hashes = 0;
        while (src.charAt(pos) == '#') {
            hashes++;
            pos++;
        }
        String close = "\"" + "#".repeat(hashes);
        int end = src.indexOf(close, pos + 1);
        if (end < 0) {
            return false;
        }
        pos = end + close.length();
        return true;
    }

    /** {@code 'a'}, {@code '\n'}, {@code '\''}, {@code '\x41'}; advances past it when it is one. */
    private boolean isCharLiteral() {
        int k = pos + 1;
        if (k >= src.length()) {
            return false;
        }
        if (src.charAt(k) == '\\') {
            int close = src.indexOf('\'', k + 2);
            int eol = src.indexOf('\n', k);
            if (close < 0 || (eol >= 0 && eol < close)) {
                return false;
            }
            pos = close + 1;
            return true;
        }
        int next = k + Character.charCount(src.codePointAt(k));
        if (next < src.length() && src.charAt(next) == '\'' && src.charAt(k) != '\n') {
            pos = next + 1;
            return true;
        }
        return false;
    }

    private void lexIdentifier(int start) {
        List<String> components = new ArrayList<>();
        boolean quoted = false;
        while (true) {
            if (src.startsWith("«", pos)) {
                int close = src.indexOf('»', pos + 1);
                if (close < 0) {
                    tokens.add(new Token(Token.Kind.UNTERMINATED, "«", pos, List.of(), false));
                    pos = src.length();
                    return;
                }
                components.add(src.substring(pos + 1, close));
                quoted = true;
                pos = close + 1;
            } else {
                int begin = pos;
                pos += Character.charCount(src.codePointAt(pos));
                while (pos < src.length() && isIdRest(src.codePointAt(pos))) {
                    pos += Character.charCount(src.codePointAt(pos));
                }
                components.add(src.substring(begin, pos));
            }
            boolean continues = pos + 1 < src.length() && src.charAt(pos) == '.'
                    && (isIdFirst(src.codePointAt(pos + 1)) || src.charAt(pos + 1) == '«');
            if (!continues) {
                break;
            }
            pos++;
        }
        tokens.add(new Token(Token.Kind.IDENTIFIER, src.substring(start, pos), start, components, quoted));
    }

    private void lexNumber() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            boolean fraction = c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1));
            if (Character.isLetterOrDigit(c) || c == '_' || fraction) {
                pos++;
            } else {
                break;
            }
        }
    }

    /** Lean's {@code isLetterLike}: Greek (but λ, Π, Σ), Coptic, polytonic Greek, letter-like symbols, math letters. */
    static boolean isLetterLike(int c) {
        return (0x3b1 <= c && c <= 0x3c9 && c != 0x3bb)
                || (0x391 <= c && c <= 0x3a9 && c != 0x3a0 && c != 0x3a3)
                || (0x3ca <= c && c <= 0x3fb)
                || (0x1f00 <= c && c <= 0x1ffe)
                || (0x2100 <= c && c <= 0x214f)
                || (0x1d49c <= c && c <= 0x1d59f);
    }

    static boolean isSubscriptAlnum(int c) {
        return (0x2080 <= c && c <= 0x208c) || (0x2090 <= c && c <= 0x209c) || (0x1d62 <= c && c <= 0x1d6a);
    }

    static boolean isIdFirst(int c) {
        return (c < 128 && Character.isLetter(c)) || c == '_' || isLetterLike(c);
    }

    static boolean isIdRest(int c) {
        return isIdFirst(c) || (c < 128 && Character.isDigit(c)) || c == '\'' || c == '!' || c == '?'
                || isSubscriptAlnum(c);
    }
}
