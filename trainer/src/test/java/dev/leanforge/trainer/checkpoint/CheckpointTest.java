package dev.leanforge.trainer.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.leanforge.trainer.batch.TokenSequence;
import dev.leanforge.trainer.model.GptModel;
import dev.leanforge.trainer.model.ModelConfig;
import dev.leanforge.trainer.sampling.SequenceScorer;
import dev.leanforge.trainer.testing.ByteTokenizer;
import dev.leanforge.trainer.testing.Corpus;
import dev.leanforge.trainer.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    @TempDir
    Path dir;

    private final ByteTokenizer tokenizer = new ByteTokenizer();

    @Test
    void saveThenLoadGivesIdenticalLogProbs() throws IOException {
        Path tokenizerJson = Files.writeString(dir.resolve("tok.json"), "{\"stand-in\": true}");
        List<TokenSequence> examples = List.of(
                Corpus.example("theorem t : 1 + 1 = 2", "by norm_num"),
                Corpus.example("∀ n : ℕ, n ≤ n", "fun n => le_refl n"));
        Path saved = dir.resolve("model");
        List<SequenceScorer.Score> before;
        try (GptModel model = TinyModels.tiny(11)) {
            before = SequenceScorer.score(model, examples, 2, tokenizer.padId());
            Checkpoint.save(model, saved, tokenizerJson);
        }
        assertThat(saved.resolve("config.json")).exists();
        assertThat(saved.resolve("model.safetensors")).exists();
        assertThat(saved.resolve("tokenizer.json")).hasSameTextualContentAs(tokenizerJson);
        assertThat(Checkpoint.readConfig(saved)).isEqualTo(TinyModels.TINY);
        try (GptModel loaded = Checkpoint.load(saved, Device.cpu())) {
            assertThat(SequenceScorer.score(loaded, examples, 2, tokenizer.padId())).isEqualTo(before);
        }
    }

    @Test
    void configJsonUsesGpt2KeyNames() throws IOException {
        Path file = dir.resolve("config.json");
        new ModelConfig(4, 4, 128, 64, 768, false).write(file);
        String json = Files.readString(file);
        assertThat(json).contains("\"n_layer\" : 4", "\"n_head\" : 4", "\"n_embd\" : 128", "\"n_positions\" : 64",
                "\"vocab_size\" : 768", "\"tie_word_embeddings\" : false", "\"n_inner\" : 512",
                "\"layer_norm_epsilon\"", "\"model_type\" : \"leanforge-gpt\"");
        assertThat(ModelConfig.read(file)).isEqualTo(new ModelConfig(4, 4, 128, 64, 768, false));
    }

    @Test
    void loadNamesTheProblemWhenWeightsDoNotMatchTheConfig() throws IOException {
        Path saved = dir.resolve("model");
        try (GptModel model = TinyModels.tiny(1)) {
            Checkpoint.save(model, saved, null);
        }
        new ModelConfig(3, 2, 32, 48, 260, true).write(saved.resolve("config.json"));
        assertThatThrownBy(() -> Checkpoint.load(saved, Device.cpu()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("model.safetensors")
                .hasMessageContaining("missing h.2.ln_1.weight");
        assertThatThrownBy(() -> Checkpoint.load(dir.resolve("nowhere"), Device.cpu()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("config.json");
    }
}
