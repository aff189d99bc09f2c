package dev.leanforge.trainer.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leanforge.trainer.batch.TokenSequence;
import dev.leanforge.trainer.sampling.Completion;
import dev.leanforge.trainer.sampling.SamplingOptions;
import dev.leanforge.trainer.sampling.SequenceScorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Qwen3-shaped checkpoint with the real Qwen3 tokenizer ({@code ../shared/fixtures/tokenizers/qwen3/} beside the
 * repository; skipped without it) and its full 151,936-id vocabulary, at a tiny width: the tokenizer's special ids,
 * the Kimina template, sampling, scoring against the plain-Java reference.
 */
class HfQwen3TokenizerTest {

    static final int IM_START = 151644;
    static final int IM_END = 151645;
    static final int END_OF_TEXT = 151643;

    @TempDir
    static Path tmp;

    static HfPolicy policy;
    static Map<String, float[]> weights;

    static Path fixture() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        Path fixture = dir == null ? null : dir.resolveSibling("shared/fixtures/tokenizers/qwen3");
        Assumptions.assumeTrue(fixture != null && Files.isRegularFile(fixture.resolve("tokenizer.json")),
                "no Qwen3 fixture at ../shared/fixtures/tokenizers/qwen3/ beside the repository");
        return fixture;
    }

    @BeforeAll
    static void load() throws IOException {
        Path fixture = fixture();
        ObjectNode json = HfTiny.config("qwen3");
        json.put("vocab_size", 151936);
        json.put("hidden_size", 16);
        json.put("intermediate_size", 32);
        json.put("num_attention_heads", 2);
        json.put("num_key_value_heads", 1);
        json.put("head_dim", 8);
        json.put("max_position_embeddings", 256);
        json.put("tie_word_embeddings", true);
        json.put("eos_token_id", IM_END);
        json.put("bos_token_id", END_OF_TEXT);
        Path dir = tmp.resolve("qwen3-tiny");
        HfConfig config = HfConfig.parse(json);
        weights = HfTiny.randomTensors(config, 5);
        HfTiny.write(dir, json, weights, "BF16");
        Files.copy(fixture.resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        Files.copy(fixture.resolve("tokenizer_config.json"), dir.resolve("tokenizer_config.json"));
        Files.writeString(dir.resolve("generation_config.json"),
                "{\"bos_token_id\": 151643, \"eos_token_id\": [151645, 151643], \"pad_token_id\": 151643}");
        Files.writeString(dir.resolve(PromptTemplate.FILE_NAME), PromptTemplate.KIMINA.text());
        policy = HfPolicy.load(dir, Device.cpu());
        // The reference sees exactly the bf16-rounded values the model loaded.
        weights = policy.model().toTensors();
    }

    @AfterAll
    static void close() {
        if (policy != null) {
            policy.close();
        }
    }

    @Test
    void specialIdsComeFromTheCheckpointFiles() {
        HfTokenizer t = policy.tokenizer();
        assertThat(t.endIds()).containsExactly(IM_END, END_OF_TEXT);
        assertThat(t.padId()).isEqualTo(END_OF_TEXT);
        assertThat(t.vocabSize()).isEqualTo(151669);
        assertThat(t.specialId("<|im_start|>")).isEqualTo(IM_START);
        String lean = "theorem t (n : ℕ) : n + 0 = n := by\n  simp";
        assertThat(t.decode(t.encode(lean))).isEqualTo(lean);
    }

    @Test
    void theKiminaTemplateEncodesItsSpecialTokens() {
        int[] ids = policy.encodePrompt("theorem t : 1 = 1 :=", 200);
        assertThat(ids[0]).isEqualTo(IM_START);
        assertThat(java.util.Arrays.stream(ids).filter(i -> i == IM_START).count()).isEqualTo(3);
        assertThat(java.util.Arrays.stream(ids).filter(i -> i == IM_END).count()).isEqualTo(2);
        assertThat(policy.tokenizer().decode(java.util.Arrays.copyOfRange(ids, ids.length - 2, ids.length)))
                .isEqualTo("assistant\n");
    }

    @Test
    void samplingIsReproducibleAndStaysInTheTokenizersIds() {
        SamplingOptions options = new SamplingOptions(6, 1.0, 1.0, 0, List.of(), 3);
        List<Completion> a = policy.sampler().sample("theorem t : 1 = 1 :=", 3, 2, options, true);
        List<Completion> b = policy.sampler().sample("theorem t : 1 = 1 :=", 3, 2, options, true);
        assertThat(a).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(a.get(i).tokenIds()).containsExactly(b.get(i).tokenIds());
            assertThat(java.util.Arrays.stream(a.get(i).tokenIds()).max().orElse(0)).isLessThan(151669);
            double sum = 0;
            for (double lp : a.get(i).tokenLogProbs()) {
                sum += lp;
            }
            assertThat(sum).isCloseTo(a.get(i).logProb(), within(1e-9));
        }
    }

    @Test
    void scoresMatchTheReferenceOverTheFullVocabulary() {
        boolean[] cut = new boolean[1];
        TokenSequence s = policy.encode("theorem t : 1 = 1 :=", " by\n  rfl", cut);
        assertThat(cut[0]).isFalse();
        int[] ids = s.ids();
        assertThat(ids[ids.length - 1]).isEqualTo(IM_END);
        double[] tokens = SequenceScorer.tokenLogProbs(policy.model(), List.of(s), 1, policy.tokenizer().padId())
                .get(0);
        double[][] logits = new HfReference(policy.model().config(), weights).logits(ids);
        List<Double> expected = new ArrayList<>();
        for (int t = s.completionStart(); t < ids.length; t++) {
            expected.add(HfReference.logSoftmax(logits[t - 1])[ids[t]]);
        }
        assertThat(tokens).hasSize(expected.size());
        for (int j = 0; j < tokens.length; j++) {
            assertThat(Math.abs(tokens[j] - expected.get(j))).isLessThanOrEqualTo(1e-4 * Math.abs(expected.get(j)));
        }
        double total = SequenceScorer.score(policy.model(), List.of(s), 1, policy.tokenizer().padId()).get(0)
                .logProb();
        assertThat(total).isCloseTo(expected.stream().mapToDouble(Double::doubleValue).sum(),
                within(1e-4 * Math.abs(total)));
    }
}
