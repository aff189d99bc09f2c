package dev.leanforge.bridge.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.source.Token.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeanLexerTest {

    /** Each token as {@code KIND text}. */
    private static List<String> lexed(String source) {
        LeanLexer.Result result = LeanLexer.lex(source);
        assertThat(result.errors()).as("errors lexing %s", source).isEmpty();
        return result.tokens().stream().map(t -> t.kind() + " " + t.text()).toList();
    }

    private static Token only(String source) {
        List<Token> tokens = LeanLexer.lex(source).tokens();
        assertThat(tokens).hasSize(1);
        return tokens.get(0);
    }

    @Test
    void tokensAndWhitespaceCoverTheSource() {
        String source = "@[simp] theorem t₁ (x : ℕ)\u00a0:= by\n  simp [h] -- done";
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
    void commentsAreTokensNestedAndDocstringsApart() {
        assertThat(lexed("/- a /- b -/ c -/ /-- doc -/ /-! module -/ /--/ x")).containsExactly(
                "BLOCK_COMMENT /- a /- b -/ c -/", "DOC_COMMENT /-- doc -/", "BLOCK_COMMENT /-! module -/",
                "BLOCK_COMMENT /--/", "IDENT x");
        assertThat(LeanLexer.lex("-- line\nx").tokens().get(0).isComment()).isTrue();
        assertThat(LeanLexer.lex("/-- doc -/").tokens().get(0).isComment()).isFalse();
    }

    @Test
    void hashCommandIsOneWordWithoutDots() {
        assertThat(lexed("#check.foo Nat")).containsExactly("HASH_COMMAND #check", "SYMBOL .", "IDENT foo",
                "IDENT Nat");
        assertThat(lexed("#print_axioms #[1]")).containsExactly("HASH_COMMAND #print_axioms", "SYMBOL #",
                "OPEN [", "NUMBER 1", "CLOSE ]");
    }

    @Test
    void identifiersFollowLeansCharacterClassesAndQuoting() {
        assertThat(lexed("h₁' x?! αβ.𝓝_le λ Nat.succ.inj hsorry_free")).containsExactly("IDENT h₁'", "IDENT x?!",
                "IDENT αβ.𝓝_le", "SYMBOL λ", "IDENT Nat.succ.inj", "IDENT hsorry_free");
        assertThat(lexed("x.1 x₊")).containsExactly("IDENT x", "SYMBOL .", "NUMBER 1", "IDENT x", "SYMBOL ₊");
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
    }

    @Test
    void keywordsArePlainWordsOnly() {
        assertThat(only("instance").is("instance")).isTrue();
        assertThat(only("«instance»").is("instance")).isFalse();
        assertThat(only("Foo.instance").is("instance")).isFalse();
        assertThat(only("\"instance\"").is("instance")).isFalse();
    }

    @Test
    void stringsAndCharsHideWhatIsInsideThem() {
        assertThat(lexed("\"a \\\" -- b\" r#\"x \" -/ y\"# r\"z\" rx")).containsExactly(
                "STRING \"a \\\" -- b\"", "STRING r#\"x \" -/ y\"#", "STRING r\"z\"", "IDENT rx");
        assertThat(lexed("'a' '\\'' '\\x41' '{'")).containsExactly("CHAR 'a'", "CHAR '\\''", "CHAR '\\x41'",
                "CHAR '{'");
        // Mathlib's image notation: two quotes are never a char literal.
        assertThat(lexed("f '' s")).containsExactly("IDENT f", "SYMBOL '", "SYMBOL '", "IDENT s");
    }

    @Test
    void noWordHidesInANumber() {
        assertThat(lexed("0sorry 2x 0b102 0o9 0x 1e 1.e5 3.14E+2")).containsExactly(
                "NUMBER 0", "IDENT sorry", "NUMBER 2", "IDENT x", "NUMBER 0b10", "NUMBER 2", "NUMBER 0", "IDENT o9",
                "NUMBER 0", "IDENT x", "NUMBER 1", "IDENT e", "NUMBER 1", "SYMBOL .", "IDENT e5", "NUMBER 3.14E+2");
    }

    @Test
    void numbersStopAtNonAsciiLetters() {
        assertThat(lexed("1_000.5e3 0x1F 2α")).containsExactly("NUMBER 1_000.5e3", "NUMBER 0x1F", "NUMBER 2",
                "IDENT α");
    }

    @Test
    void textNeverClosedRunsToTheEndWithOneErrorWhereItOpens() {
        assertUnterminated("by trivial /- a /- b -/", 11, Kind.BLOCK_COMMENT, "-/");
        assertUnterminated("exact \"abc", 6, Kind.STRING, "\"");
        assertUnterminated("exact r##\"abc\"#", 6, Kind.STRING, "\"##");
        assertUnterminated("exact Lean.«ofReduceBool", 11, Kind.IDENT, "»");
    }

    private static void assertUnterminated(String source, int offset, Kind lastKind, String missing) {
        LeanLexer.Result result = LeanLexer.lex(source);
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.offset()).isEqualTo(offset);
            assertThat(e.message()).contains(missing);
        });
        Token last = result.tokens().get(result.tokens().size() - 1);
        assertThat(last.kind()).isEqualTo(lastKind);
        assertThat(last.end()).isEqualTo(source.length());
    }

    @Test
    void shiftedMovesBothEnds() {
        Token t = only("sorry").shifted(10);
        assertThat(t).isEqualTo(new Token(Kind.IDENT, 10, 15, "sorry"));
    }
}
