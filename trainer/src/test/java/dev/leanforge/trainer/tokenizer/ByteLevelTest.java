package dev.leanforge.trainer.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ByteLevelTest {

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        ByteLevel.forEachWord(text, words::add);
        return words;
    }

    @Test
    void splitsAsGpt2Does() {
        // A space sticks to the word after it; a run of spaces leaves its last one to the next word.
        assertThat(words("theorem foo's  (n : ℕ) :=\n  by simp"))
                .containsExactly("theorem", " foo", "'s", " ", " (", "n", " :", " ℕ", ")", " :=", "\n ", " by", " simp");
        assertThat(words("h₁ x2 ∀∃")).containsExactly("h", "₁", " x", "2", " ∀∃");
    }

    @Test
    void treatsUnicodeSpacesAsWhitespace() {
        // Only an ASCII space joins the next word; other spaces are whitespace runs (not punctuation: that would
        // keep the two ideographic spaces together).
        assertThat(words("a\u00A0b\u3000\u3000c")).containsExactly("a", "\u00A0", "b", "\u3000", "\u3000", "c");
    }

    @Test
    void writesEachUtf8ByteAsOneSymbol() {
        assertThat(ByteLevel.symbols(" ℕ\n")).isEqualTo("ĠâĦķĊ"); // ℕ is E2 84 95
        assertThat(ByteLevel.symbols("😀")).hasSize(4);
        assertThat(ByteLevel.symbol('A')).isEqualTo('A');
        assertThat(ByteLevel.symbol(0)).isEqualTo('Ā');
    }

    @Test
    void findsUnpairedSurrogates() {
        assertThat(ByteLevel.unpairedSurrogate("a😀b")).isEqualTo(-1);
        assertThat(ByteLevel.unpairedSurrogate("a\uD83Db")).isEqualTo(1);
        assertThat(ByteLevel.unpairedSurrogate("ab\uDE00")).isEqualTo(2);
        assertThat(ByteLevel.unpairedSurrogate("\uD83D")).isEqualTo(0);
    }
}
