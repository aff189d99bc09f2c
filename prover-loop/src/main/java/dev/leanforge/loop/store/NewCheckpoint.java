package dev.leanforge.loop.store;

import java.util.Objects;

/**
 * A checkpoint a round produced.
 *
 * @param path        the checkpoint directory ({@code config.json}, {@code model.safetensors}, {@code tokenizer.json})
 * @param metricsJson its evaluation metrics as a JSON object
 * @param promoted    whether it became the policy of the next round (held-out pass@k did not drop)
 */
public record NewCheckpoint(String path, String metricsJson, boolean promoted) {
    public NewCheckpoint {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(metricsJson, "metricsJson");
    }
}
