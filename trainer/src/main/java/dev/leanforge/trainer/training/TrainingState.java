package dev.leanforge.trainer.training;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Where a run stands, stored as {@code trainer_state.json} next to {@code optimizer.safetensors} (the AdamW moments)
 * in each checkpoint, and in the output directory (at every checkpoint and at the end). The data position is
 * {@code step}: {@link DataOrder} derives the order from the seed.
 *
 * <p>As Hugging Face's Trainer writes it, the file also holds {@code global_step}, {@code max_steps} and
 * {@code log_history}: one object per optimiser step with {@code loss}, {@code learning_rate}, {@code grad_norm},
 * {@code tokens_per_second}, {@code epoch} (fractional: steps done / steps per epoch) and {@code step}, DPO's
 * reward statistics under TRL's names ({@code rewards/accuracies}, {@code rewards/margins}, {@code rewards/chosen},
 * {@code rewards/rejected}), and one object per evaluation with its {@code eval_*} values, {@code epoch} and
 * {@code step}.
 *
 * @param objective {@code sft} or {@code dpo}
 * @param step optimiser steps completed
 * @param epoch 0-based epoch the next step belongs to
 * @param nextExample position inside that epoch's shuffled order of the next step's first example
 * @param examples number of training examples, checked on resume
 * @param dataSha256 hash of the training data file, checked on resume
 * @param logHistory the per-step and evaluation log up to {@code step} (empty in files written before it existed)
 */
@JsonIgnoreProperties(value = {"global_step", "max_steps"}, allowGetters = true)
public record TrainingState(
        String objective, long step, long totalSteps, long epoch, int nextExample, int examples, String dataSha256,
        RunOptions options, @JsonProperty("log_history") List<Map<String, Object>> logHistory) {

    public TrainingState {
        logHistory = logHistory == null ? List.of() : List.copyOf(logHistory);
    }

    /** Hugging Face's name for {@link #step}. */
    @JsonProperty("global_step")
    public long globalStep() {
        return step;
    }

    /** Hugging Face's name for {@link #totalSteps}. */
    @JsonProperty("max_steps")
    public long maxSteps() {
        return totalSteps;
    }

    public static final String FILE_NAME = "trainer_state.json";
    public static final String OPTIMIZER_FILE_NAME = "optimizer.safetensors";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static TrainingState read(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        try {
            return JSON.readValue(file.toFile(), TrainingState.class);
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": unreadable training state (" + e.getMessage() + ")", e);
        }
    }

    /** Writes the file into {@code directory}, replacing it atomically (a reader never sees half of it). */
    public void write(Path directory) throws IOException {
        Path tmp = directory.resolve(FILE_NAME + ".tmp");
        Files.writeString(tmp, JSON.writeValueAsString(this) + "\n");
        Files.move(tmp, directory.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
