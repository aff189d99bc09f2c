package dev.leanforge.trainer.sft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.trainer.batch.TokenSequence;
import dev.leanforge.trainer.checkpoint.Checkpoint;
import dev.leanforge.trainer.model.GptModel;
import dev.leanforge.trainer.testing.ByteTokenizer;
import dev.leanforge.trainer.testing.Corpus;
import dev.leanforge.trainer.testing.TinyModels;
import dev.leanforge.trainer.training.Hyperparameters;
import dev.leanforge.trainer.training.RunOptions;
import dev.leanforge.trainer.training.TrainingListener;
import dev.leanforge.trainer.training.TrainingLoop;
import dev.leanforge.trainer.training.TrainingState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trainer_state.json} carries Hugging Face's {@code log_history}, {@code global_step} and {@code max_steps}. */
class TrainerStateLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ByteTokenizer TOKENIZER = new ByteTokenizer();

    @TempDir
    Path dir;

    private static TrainingLoop<TokenSequence> loop(GptModel model, RunOptions options, Path out,
            TrainingListener listener) {
        return new TrainingLoop<>(model, new SftObjective(TOKENIZER.padId(), 4), options, out, null, "data-v1",
                listener);
    }

    private static List<Long> steps(JsonNode state) {
        List<Long> steps = new ArrayList<>();
        state.get("log_history").forEach(e -> {
            if (e.has("loss")) {
                steps.add(e.get("step").asLong());
            }
        });
        return steps;
    }

    @Test
    void everyStepIsLoggedWithHuggingFacesKeysAtCheckpointsAndAtTheEndAndAResumeKeepsTheLog() throws IOException {
        // 3 examples per step, 12 steps, a checkpoint every 4, evaluation every 6.
        RunOptions options = new RunOptions(3, 0, 12, Hyperparameters.defaults().withLearningRate(3e-3), 5, 4, 6, 2);
        List<TokenSequence> data = Corpus.sft();
        Path out = dir.resolve("out");
        try (GptModel model = TinyModels.tiny(3)) {
            TrainingListener crashAfterStep6 = report -> {
                if (report.step() == 6) {
                    throw new IllegalStateException("simulated crash");
                }
            };
            assertThatThrownBy(() -> loop(model, options, out, crashAfterStep6).run(data, data.subList(0, 2), null))
                    .hasMessage("simulated crash");
        }
        // The output directory's state follows the last checkpoint while the run is under way.
        JsonNode partial = JSON.readTree(out.resolve(TrainingState.FILE_NAME).toFile());
        assertThat(partial.get("global_step").asLong()).isEqualTo(4);
        assertThat(partial.get("max_steps").asLong()).isEqualTo(12);
        assertThat(steps(partial)).containsExactly(1L, 2L, 3L, 4L);
        JsonNode first = partial.get("log_history").get(0);
        assertThat(first.fieldNames()).toIterable()
                .contains("loss", "learning_rate", "grad_norm", "tokens_per_second", "epoch", "step");
        assertThat(first.get("loss").asDouble()).isGreaterThan(1.0);
        assertThat(first.get("grad_norm").asDouble()).isPositive();
        assertThat(first.get("tokens_per_second").asDouble()).isPositive();

        Path checkpoint = TrainingLoop.latestCheckpoint(out).orElseThrow();
        try (GptModel model = Checkpoint.load(checkpoint, Device.cpu())) {
            loop(model, options, out, TrainingListener.NONE).run(data, data.subList(0, 2), checkpoint);
        }
        JsonNode done = JSON.readTree(out.resolve(TrainingState.FILE_NAME).toFile());
        assertThat(done.get("global_step").asLong()).isEqualTo(12);
        assertThat(steps(done)).as("each step once, the steps redone after the crash not twice")
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
        List<Long> evaluations = new ArrayList<>();
        done.get("log_history").forEach(e -> {
            if (e.has("eval_loss")) {
                evaluations.add(e.get("step").asLong());
            }
        });
        assertThat(evaluations).containsExactly(6L, 12L);
        JsonNode last = done.get("log_history").get(done.get("log_history").size() - 1);
        assertThat(last.get("epoch").asDouble()).isPositive();
        assertThat(TrainingState.read(out).logHistory()).hasSize(14);
    }
}
