package dev.leanforge.trainer.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.trainer.tokenizer.BpeVocabulary.Merge;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BpeTrainerTest {

    /** The classic toy corpus: hug ×10, pug ×5, pun ×12, bun ×4, hugs ×5. */
    private static WordCounts toyCorpus() {
        WordCounts counts = new WordCounts();
        counts.add("hug", 10);
        counts.add("pug", 5);
        counts.add("pun", 12);
        counts.add("bun", 4);
        counts.add("hugs", 5);
        return counts;
    }

    @Test
    void learnsTheHandComputedMergesOnTheToyCorpus() {
        // By hand: u·g 20 (hug, pug, hugs); then u·n 16 (pun, bun); h·ug 15 (hug, hugs); p·un 12;
        // then p·ug and hug·s tie at 5: p (id 4 + 'p') precedes hug (id 262), so p·ug first; then hug·s 5;
        // then b·un 4.
        BpeVocabulary vocabulary = new BpeTrainer(BpeTrainer.MIN_VOCAB_SIZE + 7, 1).train(toyCorpus(), (r, t) -> {});

        assertThat(vocabulary.merges()).containsExactly(
                new Merge("u", "g"), new Merge("u", "n"), new Merge("h", "ug"), new Merge("p", "un"),
                new Merge("p", "ug"), new Merge("hug", "s"), new Merge("b", "un"));
        assertThat(vocabulary.tokens().subList(BpeTrainer.MIN_VOCAB_SIZE, vocabulary.size()))
                .containsExactly("ug", "un", "hug", "pun", "pug", "hugs", "bun");
    }

    @Test
    void startsWithTheSpecialTokensThenOneTokenPerByte() {
        BpeVocabulary vocabulary = new BpeTrainer(BpeTrainer.MIN_VOCAB_SIZE, 1).train(toyCorpus(), (r, t) -> {});

        assertThat(vocabulary.tokens().subList(0, 4)).containsExactly("<|pad|>", "<|prompt|>", "<|proof|>", "<|end|>");
        assertThat(vocabulary.tokens().get(4 + 'a')).isEqualTo("a");
        assertThat(vocabulary.tokens().get(4 + ' ')).isEqualTo("Ġ"); // GPT-2's symbol for the space byte
        assertThat(vocabulary.tokens().get(4 + '\n')).isEqualTo("Ċ");
        assertThat(vocabulary.size()).isEqualTo(260);
        assertThat(vocabulary.merges()).isEmpty();
    }

    @Test
    void stopsWhenNoPairIsFrequentEnough() {
        // Pairs at 20, 16, 15, 12 pass a minimum of 12; the next best pair occurs 5 times.
        BpeVocabulary vocabulary = new BpeTrainer(1000, 12).train(toyCorpus(), (r, t) -> {});

        assertThat(vocabulary.merges()).hasSize(4);
    }

    @Test
    void stopsWhenEveryWordIsOneToken() {
        List<Integer> reported = new ArrayList<>();
        BpeVocabulary vocabulary = new BpeTrainer(1000, 1).train(toyCorpus(), (reached, target) -> reported.add(reached));

        assertThat(vocabulary.tokens()).contains("hug", "pug", "pun", "bun", "hugs");
        assertThat(vocabulary.size()).isEqualTo(260 + 7);
        assertThat(reported).startsWith(260).endsWith(267).isSorted();
    }

    @Test
    void countsOverlappingRunsOfOneSymbolOnce() {
        // "aaaa" holds three overlapping a·a pairs but only two can merge; the merge leaves aa·aa.
        WordCounts counts = new WordCounts();
        counts.add("aaaa", 3);
        BpeVocabulary vocabulary = new BpeTrainer(262, 1).train(counts, (r, t) -> {});

        assertThat(vocabulary.merges()).containsExactly(new Merge("a", "a"), new Merge("aa", "aa"));
    }

    @Test
    void rejectsAVocabularyTooSmallForTheBytes() {
        assertThatThrownBy(() -> new BpeTrainer(259, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 260");
    }
}
