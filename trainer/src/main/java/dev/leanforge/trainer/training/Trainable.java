package dev.leanforge.trainer.training;

import ai.djl.ndarray.NDArray;
import dev.leanforge.trainer.checkpoint.Checkpoint;
import dev.leanforge.trainer.model.CausalLm;
import dev.leanforge.trainer.model.GptModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@link TrainingLoop} trains: a {@link CausalLm} whose {@link #trainableParameters} the optimiser updates
 * (all of a {@link GptModel}; only the adapters of a LoRA model, its base frozen) and that saves itself as a
 * checkpoint ({@link #save}).
 */
public interface Trainable {

    /** The model the objectives run. */
    CausalLm model();

    /** The tensors the optimiser updates, by name (updated in place). */
    Map<String, NDArray> trainableParameters();

    /** Turns training mode on (gradients recorded for the trainable tensors, dropout active) or off. */
    void train(boolean on);

    /** Writes the trained state (a full model, or an adapter) into {@code dir}. */
    void save(Path dir) throws IOException;

    /** Our own GPT: every parameter trained; saved as {@link Checkpoint} with {@code tokenizer} (may be null). */
    static Trainable of(GptModel model, Path tokenizer) {
        return new Trainable() {
            @Override
            public CausalLm model() {
                return model;
            }

            @Override
            public Map<String, NDArray> trainableParameters() {
                return model.parameters();
            }

            @Override
            public void train(boolean on) {
                model.requireGradients(on);
            }

            @Override
            public void save(Path dir) throws IOException {
                Checkpoint.save(model, dir, tokenizer);
            }
        };
    }
}
