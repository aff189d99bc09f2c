package dev.leanforge.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PolicyFormatTest {

    private static final CharTokenizer TOKENIZER = new CharTokenizer();
    private static final int P = 1, F = 2, E = 3; // <|prompt|>, <|proof|>, <|end|>

    private static int t(char c) {
        return c + 10;
    }

    @Test
    void masksOnlyTheCompletionAndTheEnd() {
        PolicyExample example = PolicyFormat.encode(TOKENIZER, "ab", "xyz", 100);

        assertThat(example.ids()).containsExactly(P, t('a'), t('b'), F, t('x'), t('y'), t('z'), E);
        assertThat(example.lossMask()).containsExactly(false, false, false, false, true, true, true, true);
        assertThat(example.truncated()).isFalse();
    }

    @Test
    void anEmptyCompletionStillTrainsTheEnd() {
        PolicyExample example = PolicyFormat.encode(TOKENIZER, "ab", "", 100);

        assertThat(example.ids()).containsExactly(P, t('a'), t('b'), F, E);
        assertThat(example.lossMask()).containsExactly(false, false, false, false, true);
    }

    @Test
    void fitsExactly() {
        PolicyExample example = PolicyFormat.encode(TOKENIZER, "ab", "xyz", 8);

        assertThat(example.length()).isEqualTo(8);
        assertThat(example.truncated()).isFalse();
    }

    @Test
    void aLongPromptLosesItsStart() {
        PolicyExample example = PolicyFormat.encode(TOKENIZER, "abcdefgh", "xy", 8);

        assertThat(example.ids()).containsExactly(P, t('f'), t('g'), t('h'), F, t('x'), t('y'), E);
        assertThat(example.lossMask()).containsExactly(false, false, false, false, false, true, true, true);
        assertThat(example.truncated()).isTrue();
    }

    @Test
    void aLongCompletionLosesItsTailAndTheEndButThePromptKeepsHalfTheRoom() {
        // maxLength 11 leaves 8 for text: the prompt keeps 4, the completion fills the other 4 and the end's slot.
        PolicyExample example = PolicyFormat.encode(TOKENIZER, "abcdef", "uvwxyz", 11);

        assertThat(example.ids()).containsExactly(P, t('c'), t('d'), t('e'), t('f'), F, t('u'), t('v'), t('w'), t('x'), t('y'));
        assertThat(example.lossMask()).containsExactly(false, false, false, false, false, false, true, true, true, true, true);
        assertThat(example.truncated()).isTrue();
    }

    @Test
    void aShortPromptIsKeptWholeWhenTheCompletionIsLong() {
        PolicyExample example = PolicyFormat.encode(TOKENIZER, "a", "uvwxyz", 6);

        assertThat(example.ids()).containsExactly(P, t('a'), F, t('u'), t('v'), t('w'));
        assertThat(example.ids()).doesNotContain(E);
    }

    @Test
    void thePromptForSamplingEndsWithTheProofToken() {
        assertThat(PolicyFormat.encodePrompt(TOKENIZER, "abc", 10)).containsExactly(P, t('a'), t('b'), t('c'), F);
        assertThat(PolicyFormat.encodePrompt(TOKENIZER, "abcdef", 4)).containsExactly(P, t('e'), t('f'), F);
    }

    @Test
    void rejectsALengthWithoutRoomForText() {
        assertThatThrownBy(() -> PolicyFormat.encode(TOKENIZER, "a", "b", 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 4");
    }
}
