package dev.leanforge.bridge.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.source.LexError.Cause;
import dev.leanforge.bridge.source.Token.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LeanLexerTest {

    /** Each token as {@code KIND text}; the source must lex cleanly. */
    private static List<String> lexed(String source) {
        LeanLexer.Result result = LeanLexer.lex(source);
        assertThat(result.errors()).as("errors lexing %s", source).isEmpty();
        assertThat(result.isClean()).isTrue();
        return kinds(result);
    }

    private static List<String> kinds(LeanLexer.Result result) {
        return result.tokens().stream().map(t -> t.kind() + " " + t.text()).toList();
    }

    /** The one error of a source. */
    private static LexError error(String source) {
        LeanLexer.Result result = LeanLexer.lex(source);
        assertThat(result.errors()).as("errors lexing %s", source).hasSize(1);
        assertThat(result.isClean()).isFalse();
        return result.errors().get(0);
    }

    private static Token only(String source) {
        List<Token> tokens = LeanLexer.lex(source).tokens();
        assertThat(tokens).hasSize(1);
        return tokens.get(0);
    }

    @Test
    void tokensAndWhitespaceCoverTheSource() {
        String source = "@[simp] theorem t₁ (x : ℕ) := by\n  simp [h] -- done";
        List<Token> tokens = LeanLexer.lex(source).tokens();
        assertThat(tokens).extracting(t -> t.kind() + " " + t.text()).containsExactly(
                "ATTRIBUTE_OPEN @[", "IDENT simp", "CLOSE ]", "IDENT theorem", "IDENT t₁", "OPEN (", "IDENT x",
                "SYMBOL :", "IDENT ℕ", "CLOSE )", "ASSIGN :=", "IDENT by", "IDENT simp", "OPEN [", "IDENT h",
                "CLOSE ]", "LINE_COMMENT -- done");
        for (Token t : tokens) {
            assertThat(source.substring(t.start(), t.end())).isEqualTo(t.text());
        }
    }

    @Test
    void onlySpacesAndLineBreaksAreWhitespace() {
        assertThat(lexed("a \n\r\nb")).containsExactly("IDENT a", "IDENT b");
        // A no-break space is no whitespace to Lean: it is a token character, and Lean refuses it.
        assertThat(lexed("a\u00a0b")).containsExactly("IDENT a", "SYMBOL \u00a0", "IDENT b");
        assertThat(lexed("a\u2003b")).containsExactly("IDENT a", "SYMBOL \u2003", "IDENT b");
    }

    @Test
    void tabsAndLoneCarriageReturnsAreMalformed() {
        LexError tab = error("a\tb");
        assertThat(tab.offset()).isEqualTo(1);
        assertThat(tab.cause()).isEqualTo(Cause.MALFORMED);
        assertThat(tab.message()).contains("tab");
        LexError cr = error("a\rb");
        assertThat(cr.offset()).isEqualTo(1);
        assertThat(cr.cause()).isEqualTo(Cause.MALFORMED);
        assertThat(cr.message()).contains("carriage return");
        assertThat(kinds(LeanLexer.lex("a\tb\rc"))).containsExactly("IDENT a", "IDENT b", "IDENT c");
        assertThat(error("a\r").offset()).isEqualTo(1);
    }

    @Test
    void commentsAreTokensNestedAndDocstringsApart() {
        assertThat(lexed("/- a /- b -/ c -/ /-- doc -/ /-! module -/ x")).containsExactly(
                "BLOCK_COMMENT /- a /- b -/ c -/", "DOC_COMMENT /-- doc -/", "MODULE_DOC /-! module -/",
                "IDENT x");
        assertThat(LeanLexer.lex("-- line\nx").tokens().get(0).isComment()).isTrue();
        assertThat(LeanLexer.lex("/- x -/").tokens().get(0).isComment()).isTrue();
        assertThat(LeanLexer.lex("/-! x -/").tokens().get(0).isComment()).isTrue();
        assertThat(LeanLexer.lex("/-- doc -/").tokens().get(0).isComment()).isFalse();
        assertThat(lexed("-- a\n-- b")).containsExactly("LINE_COMMENT -- a", "LINE_COMMENT -- b");
        assertThat(lexed("--")).containsExactly("LINE_COMMENT --");
        // Lean skips the character after `/-`: the `/-` at offset 2 opens nothing, the first `-/` closes.
        assertThat(lexed("/-/- -/-/")).containsExactly("BLOCK_COMMENT /-/- -/", "SYMBOL -", "SYMBOL /");
        assertThat(lexed("/- - / -/")).containsExactly("BLOCK_COMMENT /- - / -/");
    }

    @Test
    void aDocstringBodyStartsAfterItsThirdCharacter() {
        // Lean reads `/--` as a token and the body after it: `/--/` does not close, the later `-/` does.
        assertThat(lexed("/--/ \" -/ sorry")).containsExactly("DOC_COMMENT /--/ \" -/", "IDENT sorry");
        assertThat(lexed("/-!/ \" -/ sorry")).containsExactly("MODULE_DOC /-!/ \" -/", "IDENT sorry");
        assertThat(lexed("/-/ x -/ sorry")).containsExactly("BLOCK_COMMENT /-/ x -/", "IDENT sorry");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "by trivial /- a /- b -/  | 11 | BLOCK_COMMENT | -/",
        "x /-                     | 2  | BLOCK_COMMENT | -/",
        "x /--                    | 2  | DOC_COMMENT   | -/",
        "x /-!-                   | 2  | MODULE_DOC    | -/",
        "x /- -                   | 2  | BLOCK_COMMENT | -/",
        "exact \"abc              | 6  | STRING        | \"",
        "exact r##\"abc\"#        | 6  | STRING        | \"##",
        "exact r\"abc             | 6  | STRING        | \"",
        "exact Lean.«ofReduceBool | 11 | IDENT         | »",
        "exact «x                 | 6  | IDENT         | »"
    })
    void textNeverClosedRunsToTheEndWithOneErrorWhereItOpens(String source, int offset, Kind lastKind,
                                                              String missing) {
        LeanLexer.Result result = LeanLexer.lex(source);
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.offset()).isEqualTo(offset);
            assertThat(e.cause()).isEqualTo(Cause.UNTERMINATED);
            assertThat(e.message()).contains(missing);
        });
        Token last = result.tokens().get(result.tokens().size() - 1);
        assertThat(last.kind()).isEqualTo(lastKind);
        assertThat(last.end()).isEqualTo(source.length());
    }

    @Test
    void hashCommandIsOneWordWithoutDots() {
        assertThat(lexed("#check.foo Nat")).containsExactly("HASH_COMMAND #check", "SYMBOL .", "IDENT foo",
                "IDENT Nat");
        assertThat(lexed("#print_axioms #[1] #")).containsExactly("HASH_COMMAND #print_axioms", "SYMBOL #",
                "OPEN [", "NUMBER 1", "CLOSE ]", "SYMBOL #");
        assertThat(lexed("#eval'x")).containsExactly("HASH_COMMAND #eval'x");
        assertThat(lexed("#α")).containsExactly("HASH_COMMAND #α");
    }

    @Test
    void identifiersFollowLeansCharacterClassesAndQuoting() {
        assertThat(lexed("h₁' x?! αβ.𝓝_le λ Nat.succ.inj hsorry_free")).containsExactly("IDENT h₁'", "IDENT x?!",
                "IDENT αβ.𝓝_le", "SYMBOL λ", "IDENT Nat.succ.inj", "IDENT hsorry_free");
        assertThat(lexed("x.1 x₊")).containsExactly("IDENT x", "SYMBOL .", "NUMBER 1", "IDENT x", "SYMBOL ₊");
        assertThat(lexed("a.«b c».d x. y.")).containsExactly("IDENT a.«b c».d", "IDENT x", "SYMBOL .", "IDENT y",
                "SYMBOL .");
        assertThat(lexed("Z9_z A")).containsExactly("IDENT Z9_z", "IDENT A");
    }

    /** Every boundary of Lean's character classes, one code point at a time. */
    @ParameterizedTest
    @CsvSource({
        // code point, isIdFirst, isIdRest
        "0x61, true, true", "0x7a, true, true", "0x41, true, true", "0x5a, true, true", "0x5f, true, true",
        "0x60, false, false", "0x7b, false, false", "0x40, false, false", "0x5b, false, false",
        "0x30, false, true", "0x39, false, true", "0x2f, false, false", "0x3a, false, false",
        "0x27, false, true", "0x21, false, true", "0x3f, false, true", "0x2e, false, false",
        "0x3b1, true, true", "0x3c9, true, true", "0x3bb, false, false", "0x3b0, false, false",
        "0x391, true, true", "0x3a9, true, true", "0x3a0, false, false", "0x3a3, false, false",
        "0x390, false, false", "0x3aa, false, false", "0x3ca, true, true", "0x3fb, true, true", "0x3fc, false, false",
        "0x1f00, true, true", "0x1ffe, true, true", "0x1eff, false, false", "0x1fff, false, false",
        "0x2100, true, true", "0x214f, true, true", "0x20ff, false, false", "0x2150, false, false",
        "0x1d49c, true, true", "0x1d59f, true, true", "0x1d49b, false, false", "0x1d5a0, false, false",
        "0x2080, false, true", "0x2089, false, true", "0x207f, false, false", "0x208a, false, false",
        "0x2090, false, true", "0x209c, false, true", "0x208f, false, false", "0x209d, false, false",
        "0x1d62, false, true", "0x1d6a, false, true", "0x1d61, false, false", "0x1d6b, false, false",
        "0xe9, false, false", "0x4e2d, false, false", "0x2115, true, true"
    })
    void characterClassesMatchLeans(String codePoint, boolean idFirst, boolean idRest) {
        int c = Integer.decode(codePoint);
        assertThat(LeanLexer.isIdFirst(c)).as("isIdFirst %s", codePoint).isEqualTo(idFirst);
        assertThat(LeanLexer.isIdRest(c)).as("isIdRest %s", codePoint).isEqualTo(idRest);
        String ch = new String(Character.toChars(c));
        // Seen through the lexer: a first character starts an identifier, a rest character continues one.
        assertThat(LeanLexer.lex(ch).tokens().get(0).kind() == Kind.IDENT).isEqualTo(idFirst);
        assertThat(LeanLexer.lex("x" + ch).tokens().get(0).text()).isEqualTo(idRest ? "x" + ch : "x");
    }

    @Test
    void identifierComponentsDropGuillemets() {
        Token quoted = only("Lean.«of.ReduceBool».x");
        assertThat(quoted.kind()).isEqualTo(Kind.IDENT);
        assertThat(quoted.components()).containsExactly("Lean", "of.ReduceBool", "x");
        assertThat(quoted.isQuoted()).isTrue();

        Token plain = only("Nat.succ");
        assertThat(plain.components()).containsExactly("Nat", "succ");
        assertThat(plain.isQuoted()).isFalse();
        assertThat(only("42").components()).isEmpty();
        assertThat(only("\"«x»\"").isQuoted()).isFalse();
    }

    @Test
    void keywordsArePlainWordsOnly() {
        assertThat(only("instance").is("instance")).isTrue();
        assertThat(only("«instance»").is("instance")).isFalse();
        assertThat(only("Foo.instance").is("instance")).isFalse();
        assertThat(only("\"instance\"").is("instance")).isFalse();
    }

    @Test
    void stringsAndRawStringsHideWhatIsInsideThem() {
        assertThat(lexed("\"a \\\" -- b\" r#\"x \" -/ y\"# r\"z\" rx r#x")).containsExactly(
                "STRING \"a \\\" -- b\"", "STRING r#\"x \" -/ y\"#", "STRING r\"z\"", "IDENT rx", "IDENT r",
                "HASH_COMMAND #x");
        assertThat(lexed("r##\"a\"#b\"##")).containsExactly("STRING r##\"a\"#b\"##");
        assertThat(lexed("\"\\\\\" \"\\n\\t\\r\\'\" \"\\x4A\\u00e9\"")).containsExactly("STRING \"\\\\\"",
                "STRING \"\\n\\t\\r\\'\"", "STRING \"\\x4A\\u00e9\"");
    }

    @Test
    void aStringGapSpansOneLineBreak() {
        assertThat(lexed("\"a\\\n   b\" c")).containsExactly("STRING \"a\\\n   b\"", "IDENT c");
        assertThat(lexed("\"a\\\n\"")).containsExactly("STRING \"a\\\n\"");
        assertThat(lexed("\"a\\\n \t\r b\"")).containsExactly("STRING \"a\\\n \t\r b\"");
        LexError twoBreaks = error("\"a\\\n\n b\" c");
        assertThat(twoBreaks.cause()).isEqualTo(Cause.MALFORMED);
        assertThat(twoBreaks.offset()).isEqualTo(4);
        assertThat(twoBreaks.message()).contains("one line break");
        // A bad escape is reported, and the string still ends where Lean's does.
        assertThat(kinds(LeanLexer.lex("\"a\\\n\n b\" c"))).containsExactly("STRING \"a\\\n\n b\"", "IDENT c");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"\\q\" x        | 1 | invalid escape sequence `\\q`",
        "\"\\x4\" x       | 1 | 2 hexadecimal digits",
        "\"\\xG1\" x      | 1 | 2 hexadecimal digits",
        "\"\\u12G4\" x    | 1 | 4 hexadecimal digits",
        "\"\\u123\" x     | 1 | 4 hexadecimal digits",
        "\"\\{\" x        | 1 | invalid escape sequence `\\{`"
    })
    void badEscapesAreMalformedAndTheStringEndsAtItsQuote(String source, int offset, String message) {
        LeanLexer.Result result = LeanLexer.lex(source);
        assertThat(result.errors()).hasSize(1);
        LexError e = result.errors().get(0);
        assertThat(e.cause()).isIn(Cause.MALFORMED, Cause.AMBIGUOUS);
        if (e.cause() == Cause.MALFORMED) {
            assertThat(e.offset()).isEqualTo(offset);
            assertThat(e.message()).contains(message);
        }
        assertThat(result.tokens().get(result.tokens().size() - 1).text()).isEqualTo("x");
    }

    @Test
    void escapesAtTheEndOfTheSourceAreUnterminated() {
        assertThat(error("\"ab\\").cause()).isEqualTo(Cause.UNTERMINATED);
        assertThat(error("\"ab\\x4").cause()).isEqualTo(Cause.MALFORMED);
        assertThat(error("'\\").cause()).isEqualTo(Cause.UNTERMINATED);
        assertThat(error("'").cause()).isEqualTo(Cause.UNTERMINATED);
    }

    @Test
    void characterLiteralsFollowLean() {
        assertThat(lexed("'a' '\\'' '\\x41' '\\u03bb' '{' '\"' '𝔽' '\n'")).containsExactly("CHAR 'a'",
                "CHAR '\\''", "CHAR '\\x41'", "CHAR '\\u03bb'", "CHAR '{'", "CHAR '\"'", "CHAR '𝔽'", "CHAR '\n'");
        // Mathlib's image notation: Lean never starts a character literal at two quotes.
        assertThat(lexed("f '' s")).containsExactly("IDENT f", "SYMBOL ''", "IDENT s");
        assertThat(lexed("x' ('a')")).containsExactly("IDENT x'", "OPEN (", "CHAR 'a'", "CLOSE )");
    }

    @ParameterizedTest
    @ValueSource(strings = {"'ab'", "' x", "'\\q'", "'ab", "'a"})
    void aQuoteThatIsNoCharacterLiteralIsMalformed(String source) {
        LexError e = error(source);
        assertThat(e.offset()).isLessThanOrEqualTo(1);
        assertThat(e.cause()).isEqualTo(Cause.MALFORMED);
    }

    @Test
    void aQuoteGluedToASymbolEndsTheSymbolOrIsAmbiguous() {
        // Mathlib's `⁻¹'`, `∑'`: a quote after a symbol that cannot start a literal belongs to the symbol.
        assertThat(lexed("f ⁻¹' s")).containsExactly("IDENT f", "SYMBOL ⁻", "SYMBOL ¹", "SYMBOL '", "IDENT s");
        assertThat(lexed("∑' i, f i")).containsExactly("SYMBOL ∑", "SYMBOL '", "IDENT i", "SYMBOL ,", "IDENT f",
                "IDENT i");
        // If it could start a literal, Lean's reading depends on its token table.
        for (String source : List.of("x ⁻¹'\"' y", "a +'-'- b", ")'a'", "x :='a'")) {
            LexError e = error(source);
            assertThat(e.cause()).as(source).isEqualTo(Cause.AMBIGUOUS);
            assertThat(source.charAt(e.offset())).isEqualTo('\'');
        }
        // A bracket opener or a word before the quote is a plain token boundary.
        assertThat(lexed("['a']")).containsExactly("OPEN [", "CHAR 'a'", "CLOSE ]");
        assertThat(lexed("0'a'")).containsExactly("NUMBER 0", "CHAR 'a'");
    }

    @Test
    void aCommentOpenerGluedToASymbolIsAmbiguous() {
        // `<-` is a token: Lean reads `<--x` as `<-`, `-`, `x`, not as `<` and a comment.
        for (String source : List.of("a <-- b", "a //- b -/", "(-- x\n)", ")-- x", "@[-- x", "x :=-- y")) {
            LexError e = error(source);
            assertThat(e.cause()).as(source).isEqualTo(Cause.AMBIGUOUS);
            assertThat(source.substring(e.offset())).matches("(?s)(--|/-).*");
        }
        assertThat(lexed("x-- y")).containsExactly("IDENT x", "LINE_COMMENT -- y");
        assertThat(lexed("1-- y")).containsExactly("NUMBER 1", "LINE_COMMENT -- y");
        assertThat(lexed("\"a\"-- y")).containsExactly("STRING \"a\"", "LINE_COMMENT -- y");
    }

    @Test
    void numeralsFollowLean() {
        assertThat(lexed("0 42 1_000 1__0 0b1_01 0B1 0o17 0O7 0x1F 0Xa_f 0xFf 0_1")).containsExactly("NUMBER 0",
                "NUMBER 42", "NUMBER 1_000", "NUMBER 1__0", "NUMBER 0b1_01", "NUMBER 0B1", "NUMBER 0o17",
                "NUMBER 0O7", "NUMBER 0x1F", "NUMBER 0Xa_f", "NUMBER 0xFf", "NUMBER 0_1");
        assertThat(lexed("1.5 2. 3.14E+2 1e5 1E-3 1.e5 2.x")).containsExactly("NUMBER 1.5", "NUMBER 2.",
                "NUMBER 3.14E+2", "NUMBER 1e5", "NUMBER 1E-3", "NUMBER 1.e5", "NUMBER 2.", "IDENT x");
        assertThat(lexed("0sorry 2x 0b102 0o78 0xfg 9α")).containsExactly("NUMBER 0", "IDENT sorry", "NUMBER 2",
                "IDENT x", "NUMBER 0b10", "NUMBER 2", "NUMBER 0o7", "NUMBER 8", "NUMBER 0xf", "IDENT g",
                "NUMBER 9", "IDENT α");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x", "0b", "0o", "0x_", "1_", "1e", "1e+", "1.5e", "1e_5", "0b2", "1E-x"})
    void numeralsWithoutTheirDigitsAreMalformed(String numeral) {
        LexError e = error(numeral + " ");
        assertThat(e.cause()).as(numeral).isEqualTo(Cause.MALFORMED);
        assertThat(e.offset()).isZero();
        assertThat(e.message()).startsWith("numeral `" + numeral.charAt(0));
    }

    @Test
    void bracketsAndOperatorsAreSingleCharacterTokens() {
        assertThat(lexed("([{⟨⦃⟦‹›⟧⦄⟩}])")).containsExactly("OPEN (", "OPEN [", "OPEN {", "OPEN ⟨", "OPEN ⦃",
                "OPEN ⟦", "OPEN ‹", "CLOSE ›", "CLOSE ⟧", "CLOSE ⦄", "CLOSE ⟩", "CLOSE }", "CLOSE ]", "CLOSE )");
        assertThat(lexed("a:=b :x @y @[z]")).containsExactly("IDENT a", "ASSIGN :=", "IDENT b", "SYMBOL :",
                "IDENT x", "SYMBOL @", "IDENT y", "ATTRIBUTE_OPEN @[", "IDENT z", "CLOSE ]");
        assertThat(lexed("x : 𝔽 → 𝔽")).containsExactly("IDENT x", "SYMBOL :", "IDENT 𝔽", "SYMBOL →", "IDENT 𝔽");
        assertThat(lexed("`x `(y)")).containsExactly("SYMBOL `", "IDENT x", "SYMBOL `", "OPEN (", "IDENT y",
                "CLOSE )");
    }

    @Test
    void interpolationHolesAreCodeBetweenStringPieces() {
        assertThat(lexed("s!\"a{x}b{y z}c\"")).containsExactly("IDENT s!", "STRING \"a{", "IDENT x", "STRING }b{",
                "IDENT y", "IDENT z", "STRING }c\"");
        assertThat(lexed("\"{ {a := 1} }\"")).containsExactly("STRING \"{", "OPEN {", "IDENT a", "ASSIGN :=",
                "NUMBER 1", "CLOSE }", "STRING }\"");
        assertThat(lexed("\"{x -- }\n}\"")).containsExactly("STRING \"{", "IDENT x", "LINE_COMMENT -- }",
                "STRING }\"");
        assertThat(lexed("\"{x /- } -/}\"")).containsExactly("STRING \"{", "IDENT x", "BLOCK_COMMENT /- } -/",
                "STRING }\"");
        assertThat(lexed("\"{'}'}\"")).containsExactly("STRING \"{", "CHAR '}'", "STRING }\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // The cheat from the red team: the plain reading sees three strings, Lean's interpolation sees code.
        "s!\"{\"\" ++ toString (by run_tac pure (); exact 0) ++ \"\"}\"",
        "m!\"{\"}\"} run_tac\"",
        "\"{'\"'}\" x \"",
        "\"{f (g x) \"}\"}\"",
        "\"{ {}\"",
        "\"{x)}\"",
        "\"{}\"",
        "\"{ -- c\n}\"",
        "\"{a <-- b}\"",
        "\"\\{\""
    })
    void stringsWhoseInterpolatedReadingDiffersAreAmbiguous(String source) {
        LeanLexer.Result result = LeanLexer.lex(source);
        assertThat(result.errors()).as(source).isNotEmpty();
        assertThat(result.errors().get(0).cause()).as(source).isEqualTo(Cause.AMBIGUOUS);
        assertThat(result.errors().get(0).offset()).isEqualTo(source.indexOf('"'));
    }

    @Test
    void aStringMalformedInEveryReadingIsMalformed() {
        LexError e = error("\"{x}\\q\"");
        assertThat(e.cause()).isEqualTo(Cause.MALFORMED);
    }

    @Test
    void aStringOnlyTheInterpolatedReadingAcceptsKeepsItsHoles() {
        LeanLexer.Result result = LeanLexer.lex("s!\"\\{{x}\" y");
        assertThat(result.errors()).singleElement().extracting(LexError::cause).isEqualTo(Cause.AMBIGUOUS);
        assertThat(kinds(result)).containsExactly("IDENT s!", "STRING \"\\{{", "IDENT x", "STRING }\"", "IDENT y");
    }

    @Test
    void aHostileTextCannotMakeLexingQuadraticOrDeep() {
        // Each `"{"` could open a hole that runs to the end: past a linear budget the rest is refused unread.
        LeanLexer.Result many = LeanLexer.lex("\"{\" ".repeat(20_000) + "run_tac");
        assertThat(many.errors()).extracting(LexError::message)
                .anyMatch(m -> m.contains("too many nested readings"));
        assertThat(many.tokens()).noneMatch(t -> t.text().equals("run_tac"));
        // Holes inside holes are refused past 32 levels, before Java's stack runs out.
        LeanLexer.Result deep = LeanLexer.lex("s!\"{".repeat(5_000) + "x" + "}\"".repeat(5_000));
        assertThat(deep.errors()).isNotEmpty();
        assertThat(deep.errors().get(0).cause()).isEqualTo(Cause.AMBIGUOUS);
        String nested = "x";
        for (int k = 0; k < 33; k++) {
            nested = "s!\"{" + nested + "}\"";
        }
        assertThat(LeanLexer.lex(nested).errors()).isNotEmpty();
        // Long ordinary text, strings with holes included, stays well inside the budget.
        String ordinary = "  have h : s!\"{x} and {y}\" = \"a\" := by simp [foo] -- note\n".repeat(3_000);
        assertThat(LeanLexer.lex(ordinary).errors()).isEmpty();
    }

    @Test
    void aLoneSurrogateIsMalformed() {
        LexError e = error("x \ud800y");
        assertThat(e.cause()).isEqualTo(Cause.MALFORMED);
        assertThat(e.offset()).isEqualTo(2);
        assertThat(error("x \udc00").offset()).isEqualTo(2);
        assertThat(lexed("\ud835\udd3d")).containsExactly("IDENT \ud835\udd3d");
    }

    @Test
    void errorsComeBackInSourceOrder() {
        LeanLexer.Result result = LeanLexer.lex("a\tb \"\\q\" c\td");
        assertThat(result.errors()).extracting(LexError::offset).containsExactly(1, 5, 10);
    }

    @Test
    void shiftedMovesBothEnds() {
        Token t = only("sorry").shifted(10);
        assertThat(t).isEqualTo(new Token(Kind.IDENT, 10, 15, "sorry"));
    }
}
