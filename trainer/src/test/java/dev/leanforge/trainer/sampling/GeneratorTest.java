package dev.leanforge.trainer.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.leanforge.trainer.batch.TokenSequence;
import ai.djl.Device;
import dev.leanforge.trainer.model.GptModel;
import dev.leanforge.trainer.model.ModelConfig;
import dev.leanforge.trainer.testing.ByteTokenizer;
import dev.leanforge.trainer.testing.Corpus;
import dev.leanforge.trainer.testing.TinyModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GeneratorTest {

    private static final ByteTokenizer TOKENIZER = new ByteTokenizer();
    private static GptModel model;

    @BeforeAll
    static void load() {
        model = TinyModels.tiny(3);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static List<int[]> prompts() {
        return List.of(Corpus.prompt("theorem a : 1 = 1"),
                Corpus.prompt("b"),
                Corpus.prompt("∀ x, x ≤ x"));
    }

    /** The tiny model with {@code ids} token ids instead of the byte tokenizer's 260. */
    private static GptModel withIds(int ids) {
        ModelConfig tiny = TinyModels.TINY;
        return GptModel.initialize(new ModelConfig(tiny.layers(), tiny.heads(), tiny.width(), tiny.context(), ids,
                tiny.tieEmbeddings()), 5, Device.cpu());
    }

    @Test
    void aModelWithMoreIdsThanItsTokenizerNeverSamplesOneTheTokenizerCannotDecode() {
        // Eight times the tokenizer's ids: unguarded, nearly every sampled token would be one of the extra ids.
        try (GptModel padded = withIds(8 * TOKENIZER.vocabSize())) {
            Generator generator = new Generator(padded, TOKENIZER);
            List<Completion> completions = new ArrayList<>(generator.generate(prompts(), SamplingOptions.greedy(12)));
            for (long seed = 0; seed < 4; seed++) {
                completions.addAll(generator.generate(prompts(), new SamplingOptions(12, 1.5, 1.0, 0, List.of(),
                        seed)));
            }
            assertThat(completions).flatExtracting(c -> Arrays.stream(c.tokenIds()).boxed().toList())
                    .isNotEmpty()
                    .allSatisfy(id -> assertThat((Integer) id).isLessThan(TOKENIZER.vocabSize()));
        }
    }

    @Test
    void aModelWithFewerIdsThanItsTokenizerIsRefused() {
        try (GptModel small = withIds(TOKENIZER.vocabSize() - 4)) {
            assertThatThrownBy(() -> new Generator(small, TOKENIZER)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the model has 256 token ids (vocab_size) but its tokenizer 260");
        }
    }

    @Test
    void greedyWithTheCacheEqualsGreedyWithout() {
        Generator generator = new Generator(model, TOKENIZER);
        SamplingOptions greedy = SamplingOptions.greedy(12);
        List<Completion> cached = generator.generate(prompts(), greedy, true);
        List<Completion> full = generator.generate(prompts(), greedy, false);
        for (int i = 0; i < cached.size(); i++) {
            assertThat(cached.get(i).tokenIds()).isEqualTo(full.get(i).tokenIds());
            assertThat(cached.get(i).logProb()).isCloseTo(full.get(i).logProb(), within(1e-3));
        }
    }

    @Test
    void generatedLogProbsMatchAFullForwardPass() {
        Generator generator = new Generator(model, TOKENIZER);
        SamplingOptions options = new SamplingOptions(10, 1.0, 1.0, 0, List.of(), 42);
        List<int[]> prompts = prompts();
        List<Completion> completions = generator.generate(prompts, options);
        List<TokenSequence> sequences = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            int[] p = prompts.get(i);
            int[] c = completions.get(i).tokenIds();
            boolean ended = completions.get(i).finish() == Completion.Finish.END;
            int[] ids = new int[p.length + c.length + (ended ? 1 : 0)];
            System.arraycopy(p, 0, ids, 0, p.length);
            System.arraycopy(c, 0, ids, p.length, c.length);
            if (ended) {
                ids[ids.length - 1] = TOKENIZER.endId();
            }
            sequences.add(new TokenSequence(ids, p.length));
        }
        List<SequenceScorer.Score> scores = SequenceScorer.score(model, sequences, 3, TOKENIZER.padId());
        for (int i = 0; i < prompts.size(); i++) {
            assertThat(completions.get(i).logProb()).isCloseTo(scores.get(i).logProb(), within(1e-3));
        }
    }

    @Test
    void theSeedDeterminesTheSamplesAndPaddingDoesNot() {
        Generator generator = new Generator(model, TOKENIZER);
        SamplingOptions options = new SamplingOptions(8, 1.2, 0.95, 50, List.of(), 7);
        List<Completion> a = generator.generate(prompts(), options);
        List<Completion> b = generator.generate(prompts(), options);
        // Row 0 of a batch whose first prompt is the shortest: left-padded there, unpadded alone.
        List<int[]> shortFirst = List.of(prompts().get(1), prompts().get(0));
        Completion padded = generator.generate(shortFirst, options).get(0);
        Completion alone = generator.generate(shortFirst.subList(0, 1), options).get(0);
        List<Completion> otherSeed =
                generator.generate(prompts(), new SamplingOptions(8, 1.2, 0.95, 50, List.of(), 8));
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).tokenIds()).isEqualTo(b.get(i).tokenIds());
        }
        assertThat(alone.tokenIds()).isEqualTo(padded.tokenIds());
        assertThat(alone.logProb()).isCloseTo(padded.logProb(), within(1e-3));
        assertThat(otherSeed.stream().map(Completion::text).toList())
                .isNotEqualTo(a.stream().map(Completion::text).toList());
    }

    @Test
    void generationEndsAtMaxTokensOrTheEndToken() {
        List<Completion> free = new Generator(model, TOKENIZER).generate(prompts(), SamplingOptions.greedy(6));
        assertThat(free).allSatisfy(c -> {
            assertThat(c.finish()).isIn(Completion.Finish.MAX_TOKENS, Completion.Finish.END);
            assertThat(c.tokenIds().length).isEqualTo(c.finish() == Completion.Finish.MAX_TOKENS ? 6 : 5);
        });
    }

    @Test
    void topKOfOneIsGreedyAndSamplingFollowsTheTemperature() {
        float[] logits = {0f, 2f, 1f, -1f};
        SamplingOptions topOne = new SamplingOptions(1, 1.0, 1.0, 1, List.of(), 0);
        Random random = new Random(0);
        for (int i = 0; i < 20; i++) {
            assertThat(Generator.choose(logits, 0, 4, topOne, random)).isEqualTo(1);
        }
        int[] counts = new int[4];
        SamplingOptions plain = new SamplingOptions(1, 1.0, 1.0, 0, List.of(), 0);
        for (int i = 0; i < 20000; i++) {
            counts[Generator.choose(logits, 0, 4, plain, random)]++;
        }
        double z = Math.exp(0) + Math.exp(2) + Math.exp(1) + Math.exp(-1);
        assertThat(counts[1] / 20000.0).isCloseTo(Math.exp(2) / z, within(0.02));
        assertThat(counts[3] / 20000.0).isCloseTo(Math.exp(-1) / z, within(0.01));
        // top-p 0.6 keeps only the two most likely ids (p(1) ≈ 0.64 alone reaches 0.6: only id 1).
        SamplingOptions nucleus = new SamplingOptions(1, 1.0, 0.6, 0, List.of(), 0);
        for (int i = 0; i < 50; i++) {
            assertThat(Generator.choose(logits, 0, 4, nucleus, random)).isEqualTo(1);
        }
        assertThat(Generator.logProb(logits, 0, 4, 1)).isCloseTo(2 - Math.log(z), within(1e-9));
    }

    @Test
    void generationLeavesNoTensorsBehind() {
        var owner = model.parameters().get("wte.weight").getManager();
        int before = owner.getManagedArrays().size();
        Generator generator = new Generator(model, TOKENIZER);
        generator.generate(prompts(), SamplingOptions.greedy(5), true);
        generator.generate(prompts(), SamplingOptions.greedy(5), false);
        assertThat(owner.getManagedArrays()).hasSize(before);
    }

    @Test
    void aPromptFillingTheContextStopsAtTheContext() {
        int[] longPrompt = new int[model.config().context()];
        longPrompt[0] = TOKENIZER.promptId();
        for (int i = 1; i < longPrompt.length; i++) {
            longPrompt[i] = 'a';
        }
        Completion c = new Generator(model, TOKENIZER).generate(List.<int[]>of(longPrompt), SamplingOptions.greedy(5))
                .get(0);
        assertThat(c.finish()).isIn(Completion.Finish.CONTEXT, Completion.Finish.END);
        assertThat(c.tokenIds().length).isLessThanOrEqualTo(1);
    }
}
