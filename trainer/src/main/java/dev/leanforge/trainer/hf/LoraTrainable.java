package dev.leanforge.trainer.hf;

import ai.djl.ndarray.NDArray;
import dev.leanforge.trainer.model.CausalLm;
import dev.leanforge.trainer.training.Trainable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * A Hugging Face model with LoRA adapters as {@code TrainingLoop} trains it: only the adapters are optimised (the
 * base weights get no gradients and are not in the optimiser), and every checkpoint and the final output are a
 * PEFT adapter directory ({@link PeftAdapter}) plus the base's tokenizer files.
 */
public final class LoraTrainable implements Trainable {

    private final HfModel model;
    private final Path baseDir;
    private final String baseName;

    /**
     * @param baseDir the base model's directory: its tokenizer files are copied next to every adapter saved
     * @param baseName {@code base_model_name_or_path} written into {@code adapter_config.json}
     */
    public LoraTrainable(HfModel model, Path baseDir, String baseName) {
        if (model.lora() == null) {
            throw new IllegalArgumentException("the model has no LoRA adapters");
        }
        this.model = model;
        this.baseDir = baseDir;
        this.baseName = baseName;
    }

    @Override
    public CausalLm model() {
        return model;
    }

    @Override
    public Map<String, NDArray> trainableParameters() {
        return model.loraParameters();
    }

    @Override
    public void train(boolean on) {
        model.trainAdapters(on);
    }

    @Override
    public void save(Path dir) throws IOException {
        PeftAdapter.save(model, dir, baseName);
        if (baseDir != null) {
            for (String name : HfCheckpoint.TOKENIZER_FILES) {
                Path source = baseDir.resolve(name);
                if (Files.isRegularFile(source)) {
                    Files.copy(source, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
