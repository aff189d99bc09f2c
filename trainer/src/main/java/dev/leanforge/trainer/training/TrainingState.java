package dev.leanforge.trainer.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a run stands, stored as {@code trainer_state.json} next to {@code optimizer.safetensors} (the AdamW moments)
 * in each checkpoint. The data position is {@code step}: {@link DataOrder} derives the order from the seed.
 *
 * @param objective {@code sft} or {@code dpo}
 * @param step optimiser steps completed
 * @param epoch 0-based epoch the next step belongs to
 * @param nextExample position inside that epoch's shuffled order of the next step's first example
 * @param examples number of training examples, checked on resume
 * @param dataSha256 hash of the training data file, checked on resume
 */
public record TrainingState(
        String objective, long step, long totalSteps, long epoch, int nextExample, int examples, String dataSha256,
        RunOptions options) {

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

    public void write(Path directory) throws IOException {
        Files.writeString(directory.resolve(FILE_NAME), JSON.writeValueAsString(this) + "\n");
    }
}
