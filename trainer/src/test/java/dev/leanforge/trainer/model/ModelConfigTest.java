package dev.leanforge.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the sizes of a fresh model ({@code train sft --config FILE}). */
class ModelConfigTest {

    @TempDir
    Path dir;

    @Test
    void aFreshModelsConfigMayLeaveOutTheVocabularyWhichTheTokenizerGives() throws IOException {
        Path file = Files.writeString(dir.resolve("config.json"),
                "{\"n_layer\": 1, \"n_head\": 2, \"n_embd\": 32, \"n_positions\": 64}");

        ModelConfig config = ModelConfig.readSizes(file, 300);

        assertThat(config).isEqualTo(new ModelConfig(1, 2, 32, 64, 300, false));
        assertThat(ModelConfig.readSizes(Files.writeString(dir.resolve("with-vocab.json"),
                "{\"n_layer\": 1, \"n_head\": 2, \"n_embd\": 32, \"n_positions\": 64, \"vocab_size\": 9}"), 300)
                .vocabSize()).as("the tokenizer's wins").isEqualTo(300);
    }

    @Test
    void aMissingOrMisspeltSizeIsNamedNotReadAsZero() throws IOException {
        Path file = Files.writeString(dir.resolve("config.json"), "{\"n_layer\": 1, \"n_heads\": 2, \"n_embd\": 32}");

        assertThatThrownBy(() -> ModelConfig.readSizes(file, 300)).isInstanceOf(IOException.class)
                .hasMessage(file + ": not a model config.json (no n_head, n_positions; a fresh model needs n_layer, "
                        + "n_head, n_embd, n_positions)");
        Path list = Files.writeString(dir.resolve("list.json"), "[1, 2]");
        assertThatThrownBy(() -> ModelConfig.readSizes(list, 300)).hasMessageContaining("not a JSON object");
    }

    @Test
    void everyMistakeOfAFreshModelsSizesIsListedAtOnce() throws IOException {
        Path file = Files.writeString(dir.resolve("config.json"),
                "{\"n_layer\": 0, \"n_head\": \"four\", \"n_embd\": 100000}");

        assertThatThrownBy(() -> ModelConfig.readSizes(file, 300)).isInstanceOf(IOException.class)
                .hasMessage(file + ": not a model config.json (n_layer must be a whole number between 1 and "
                        + ModelConfig.MAX_LAYERS + ", got 0; n_head must be a whole number between 1 and "
                        + ModelConfig.MAX_HEADS + ", got \"four\"; n_embd must be a whole number between 1 and "
                        + ModelConfig.MAX_WIDTH + ", got 100000; no n_positions; a fresh model needs n_layer, n_head, "
                        + "n_embd, n_positions)");
    }

    @Test
    void sizesThatDoNotFitTogetherAreNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("config.json"),
                "{\"n_layer\": 1, \"n_head\": 3, \"n_embd\": 32, \"n_positions\": 64}");

        assertThatThrownBy(() -> ModelConfig.readSizes(file, 300))
                .hasMessageContaining("n_embd (32) must be a multiple of n_head (3)");
    }
}
