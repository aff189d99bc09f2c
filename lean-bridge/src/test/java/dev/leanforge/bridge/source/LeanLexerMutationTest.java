package dev.leanforge.bridge.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.source.LexError.Cause;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Edges of {@link LeanLexer} that {@code LeanLexerTest} leaves open (found by mutation testing): text that ends right
 * after a construct, the first and last character of each class, brackets inside interpolation holes, and which
 * reading of a string is kept.
 */
class LeanLexerMutationTest {

    private static List<String> kinds(LeanLexer.Result result) {
        return result.tokens().stream().map(t -> t.kind() + " " + t.text()).toList();
    }

    /** Each token as {@code KIND text}; the source must lex cleanly. */
    private static List<String> lexed(String source) {
        LeanLexer.Result result = LeanLexer.lex(source);
        assertThat(result.errors()).as("errors lexing %s", source).isEmpty();
        return kinds(result);
    }

    private static String errors(String source) {
        return LeanLexer.lex(source).errors().stream().map(e -> e.cause() + "@" + e.offset()).toList().toString();
    }

    // --- whitespace --------------------------------------------------------------------------------------------

    @Test
    void aCarriageReturnCountsOnlyWithTheLineFeedAfterIt() {
        assertThat(lexed("a\r\nb")).containsExactly("IDENT a", "IDENT b");
        // A line feed before a carriage return does not make it a line end.
        LeanLexer.Result result = LeanLexer.lex("a\n\rb");
        assertThat(errors("a\n\rb")).isEqualTo("[MALFORMED@2]");
        assertThat(kinds(result)).containsExactly("IDENT a", "IDENT b");
    }

    // --- comments ---------------------------------------------------------------------------------------------

    @Test
    void theCharacterAfterACommentOpenerIsSkippedAsLeanDoes() {
        // Lean's `whitespace` starts a comment's body after the character that follows `/-`: here that is the `/`
        // of `/-/-`, so the comment has one level and ends at the first `-/`; the code after it runs.
        assertThat(lexed("/-/- -/ sorry -- -/")).containsExactly("BLOCK_COMMENT /-/- -/", "IDENT sorry",
                "LINE_COMMENT -- -/");
        assertThat(lexed("/-/-/ x")).containsExactly("BLOCK_COMMENT /-/-/", "IDENT x");
        assertThat(lexed("/- /- -/ -/ x")).containsExactly("BLOCK_COMMENT /- /- -/ -/", "IDENT x");
        // A docstring's body starts right after `/--` and is read from there: its `/-` nests.
        assertThat(lexed("/--/- -/ -/ x")).containsExactly("DOC_COMMENT /--/- -/ -/", "IDENT x");
        assertThat(LeanLexer.lex("x /-𝓝 -/ y").tokens()).extracting(Token::text).containsExactly("x", "/-𝓝 -/", "y");
        assertThat(LeanLexer.lex("/-/").errors()).containsExactly(
                new LexError(0, Cause.UNTERMINATED, "comment is never closed (no matching -/)"));
    }

    // --- escapes and gaps --------------------------------------------------------------------------------------

    @Test
    void anEscapeCutOffByTheEndIsReportedAtItsBackslash() {
        LexError inString = LeanLexer.lex("\"ab\\").errors().get(0);
        assertThat(inString).isEqualTo(new LexError(3, Cause.UNTERMINATED, "escape at the end of the source"));
        LexError inChar = LeanLexer.lex("x '\\").errors().get(0);
        assertThat(inChar).isEqualTo(new LexError(3, Cause.UNTERMINATED, "escape at the end of the source"));
    }

    @Test
    void aGapRunningToTheEndLeavesTheStringUnterminated() {
        LeanLexer.Result result = LeanLexer.lex("\"a\\\n  ");
        assertThat(result.errors()).containsExactly(
                new LexError(0, Cause.UNTERMINATED, "string is never closed (no matching \")"));
        assertThat(kinds(result)).containsExactly("STRING \"a\\\n  ");
    }

    @Test
    void aSecondLineBreakInAGapIsMalformedAndTheStringGoesOnToItsQuote() {
        LeanLexer.Result result = LeanLexer.lex("x \"a\\\n\nb\" y");
        assertThat(result.errors()).containsExactly(
                new LexError(6, Cause.MALFORMED, "a string gap may span one line break only"));
        assertThat(kinds(result)).containsExactly("IDENT x", "STRING \"a\\\n\nb\"", "IDENT y");
    }

    // --- character literals ------------------------------------------------------------------------------------

    @Test
    void characterLiteralErrorsNameTheirPlace() {
        assertThat(LeanLexer.lex("x 'ab'").errors()).containsExactly(new LexError(2, Cause.MALFORMED,
                "a character literal holds one character: no closing ' where it should be"));
        assertThat(LeanLexer.lex("x '").errors()).containsExactly(
                new LexError(2, Cause.UNTERMINATED, "character literal is never closed"));
        assertThat(LeanLexer.lex("x '\\q'").errors()).containsExactly(
                new LexError(3, Cause.MALFORMED, "invalid escape sequence `\\q`"));
        // After a bad literal only the quote is taken; the rest is lexed again as code.
        assertThat(kinds(LeanLexer.lex("x 'ab'"))).containsExactly("IDENT x", "SYMBOL '", "IDENT ab'");
    }

    @Test
    void aCharacterLiteralMayHoldASurrogatePairOrAnEscape() {
        assertThat(lexed("'𝓝' '\\t' '\\\\'")).containsExactly("CHAR '𝓝'", "CHAR '\\t'", "CHAR '\\\\'");
    }

    // --- numerals ----------------------------------------------------------------------------------------------

    @Test
    void numeralsThatEndTheSource() {
        assertThat(lexed("2.")).containsExactly("NUMBER 2.");
        assertThat(lexed("1.9")).containsExactly("NUMBER 1.9");
        assertThat(lexed("7")).containsExactly("NUMBER 7");
        for (String numeral : List.of("1e", "1e+", "1e-", "1.e")) {
            assertThat(LeanLexer.lex(numeral).errors()).as(numeral).containsExactly(new LexError(0,
                    Cause.MALFORMED, "numeral `" + numeral + "` has no exponent digits"));
            assertThat(kinds(LeanLexer.lex(numeral))).containsExactly("NUMBER " + numeral);
        }
        assertThat(LeanLexer.lex("0x").errors()).containsExactly(
                new LexError(0, Cause.MALFORMED, "numeral `0x` needs a digit where it ends"));
    }

    @Test
    void theFirstAndLastDigitOfEachBase() {
        assertThat(lexed("10 19 90 1.09 1e09 0b0 0b1 0o0 0o7 0o70 0x0 0x9 0xa 0xf 0xA 0xF")).containsExactly(
                "NUMBER 10", "NUMBER 19", "NUMBER 90", "NUMBER 1.09", "NUMBER 1e09", "NUMBER 0b0", "NUMBER 0b1",
                "NUMBER 0o0", "NUMBER 0o7", "NUMBER 0o70", "NUMBER 0x0", "NUMBER 0x9", "NUMBER 0xa", "NUMBER 0xf",
                "NUMBER 0xA", "NUMBER 0xF");
        // Just outside each base: the numeral stops there.
        assertThat(lexed("0b12 0o18 1: 0x9g")).containsExactly("NUMBER 0b1", "NUMBER 2", "NUMBER 0o1",
                "NUMBER 8", "NUMBER 1", "SYMBOL :", "NUMBER 0x9", "IDENT g");
        assertThat(lexed("1/ 0x9/ 0x0: 0o7/")).containsExactly("NUMBER 1", "SYMBOL /", "NUMBER 0x9", "SYMBOL /",
                "NUMBER 0x0", "SYMBOL :", "NUMBER 0o7", "SYMBOL /");
    }

    @Test
    void hexEscapesTakeBothEndsOfEachDigitRange() {
        assertThat(lexed("\"\\x09\\xaf\\xAF\\u0f9F\"")).containsExactly("STRING \"\\x09\\xaf\\xAF\\u0f9F\"");
        for (String bad : List.of("\"\\x/0\"", "\"\\x:0\"", "\"\\x`0\"", "\"\\xg0\"", "\"\\x@0\"", "\"\\xG0\"")) {
            assertThat(LeanLexer.lex(bad).errors()).as(bad).containsExactly(
                    new LexError(1, Cause.MALFORMED, "`\\x` needs 2 hexadecimal digits"));
        }
    }

    // --- raw strings and identifiers ---------------------------------------------------------------------------

    @Test
    void anRAtTheEndIsAnIdentifier() {
        assertThat(lexed("r")).containsExactly("IDENT r");
        assertThat(lexed("x r#")).containsExactly("IDENT x", "IDENT r", "SYMBOL #");
        assertThat(lexed("r##")).containsExactly("IDENT r", "SYMBOL #", "SYMBOL #");
    }

    @Test
    void aGuillemetPartAfterAClosingGuillemetSymbol() {
        assertThat(lexed("x»«y»")).containsExactly("IDENT x", "SYMBOL »", "IDENT «y»");
        assertThat(lexed("«»")).containsExactly("IDENT «»");
    }

    @Test
    void aQuotedIdentifierIsQuotedFromItsFirstCharacter() {
        Token t = LeanLexer.lex("«sorry»").tokens().get(0);
        assertThat(t.isQuoted()).isTrue();
        assertThat(t.components()).containsExactly("sorry");
    }

    // --- interpolation -----------------------------------------------------------------------------------------

    @Test
    void parenthesesInAHoleAreBalanced() {
        assertThat(lexed("s!\"{f (x)}\"")).containsExactly("IDENT s!", "STRING \"{", "IDENT f", "OPEN (",
                "IDENT x", "CLOSE )", "STRING }\"");
        assertThat(lexed("\"{(x)}{[y]}\"")).containsExactly("STRING \"{", "OPEN (", "IDENT x", "CLOSE )",
                "STRING }{", "OPEN [", "IDENT y", "CLOSE ]", "STRING }\"");
    }

    @Test
    void aMismatchedBracketInAHoleKeepsThePlainReadingAndIsAmbiguous() {
        String source = "\"{(x]}\"";
        LeanLexer.Result result = LeanLexer.lex(source);
        assertThat(errors(source)).isEqualTo("[AMBIGUOUS@0]");
        assertThat(kinds(result)).containsExactly("STRING \"{(x]}\"");
    }

    @Test
    void anUnmatchedCloserInAHoleKeepsThePlainReading() {
        LeanLexer.Result result = LeanLexer.lex("\"{x)}\" y");
        assertThat(errors("\"{x)}\" y")).isEqualTo("[AMBIGUOUS@0]");
        assertThat(kinds(result)).containsExactly("STRING \"{x)}\"", "IDENT y");
    }

    @Test
    void anErrorInsideAHoleMakesTheStringAmbiguous() {
        // A tab is fine in a string but not in code: where Lean interpolates, it refuses the hole.
        String source = "\"{x\ty}\" z";
        assertThat(errors(source)).isEqualTo("[AMBIGUOUS@0]");
        assertThat(kinds(LeanLexer.lex(source))).containsExactly("STRING \"{x\ty}\"", "IDENT z");
    }

    @Test
    void aHoleEndingInABackslashSymbolIsReadAsCode() {
        // `\` is a symbol in code (set difference); the plain reading sees the invalid escape `\}`.
        String source = "s!\"{a \\}\"";
        LeanLexer.Result result = LeanLexer.lex(source);
        assertThat(errors(source)).isEqualTo("[AMBIGUOUS@2]");
        assertThat(kinds(result)).containsExactly("IDENT s!", "STRING \"{", "IDENT a", "SYMBOL \\", "STRING }\"");
    }

    @Test
    void anAmbiguousErrorInAHoleWinsOverAnEarlierMalformedOne() {
        // The plain reading is malformed (`\q`); the hole has a tab (malformed) and then `<--` (ambiguous). The
        // string is ambiguous, and the interpolated reading is kept: Lean may read the hole as code.
        String source = "\"{a\tb <--c\n} \\q\"";
        LeanLexer.Result result = LeanLexer.lex(source);
        assertThat(result.errors().get(0)).isEqualTo(new LexError(0, Cause.AMBIGUOUS,
                "this string reads differently where Lean interpolates it (s!, m!, f!, throwError, …): "
                        + "there `{…}` holds code"));
        assertThat(kinds(result).subList(0, 5)).containsExactly("STRING \"{", "IDENT a", "IDENT b", "SYMBOL <",
                "LINE_COMMENT --c");
    }

    @Test
    void anInterpolatedStringNeverClosedIsUnterminatedInBothReadings() {
        LeanLexer.Result result = LeanLexer.lex("\"{x}");
        assertThat(result.errors()).containsExactly(
                new LexError(0, Cause.UNTERMINATED, "string is never closed (no matching \")"));
        assertThat(kinds(result)).containsExactly("STRING \"{x}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"{x}\\", "\"{x}\\q", "\"{x}a"})
    void textAfterAHoleThatNeverClosesStaysOneStringToTheEnd(String source) {
        LeanLexer.Result result = LeanLexer.lex(source);
        assertThat(result.errors()).isNotEmpty();
        assertThat(result.errors()).extracting(LexError::cause).doesNotContain(Cause.AMBIGUOUS);
        assertThat(kinds(result)).containsExactly("STRING " + source);
    }
}
