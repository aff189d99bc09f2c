package dev.leanforge.loop.policy.model;

import dev.leanforge.loop.policy.PolicyKind;
import dev.leanforge.trainer.checkpoint.Checkpoint;
import dev.leanforge.trainer.hf.HfCheckpoint;
import dev.leanforge.trainer.hf.PeftAdapter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code model:DIR}: the trainer's policy model from a checkpoint directory ({@code train sft|dpo} output, or one of
 * its {@code checkpoint-<step>/}), or a Hugging Face Qwen3/Qwen2/Llama/Mistral directory ({@code HfCheckpoint}).
 * {@link #prepare} only looks at the files; the weights are loaded when the campaign opens the policy, on a worker
 * thread.
 */
public final class ModelPolicyKind implements PolicyKind {

    /** What a checkpoint directory must hold for the policy to run: sizes, weights and the tokenizer. */
    static final List<String> REQUIRED_FILES = List.of(Checkpoint.CONFIG, Checkpoint.WEIGHTS, Checkpoint.TOKENIZER);

    @Override
    public String kind() {
        return "model";
    }

    @Override
    public String usage() {
        return "model:DIR (a trainer checkpoint directory: config.json, model.safetensors, tokenizer.json; or a Hugging "
                + "Face Qwen3/Qwen2/Llama/Mistral directory with its tokenizer.json, or a PEFT LoRA adapter whose "
                + "base_model_name_or_path is such a directory)";
    }

    @Override
    public Opening prepare(String argument) {
        if (argument.isBlank()) {
            throw new IllegalArgumentException("model:DIR needs the checkpoint directory after the colon");
        }
        Path dir = Path.of(argument).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("model policy: no directory " + dir);
        }
        if (PeftAdapter.isAdapterDirectory(dir)) { // a LoRA adapter on the base its adapter_config.json names
            try {
                PeftAdapter.baseOf(dir);
            } catch (IOException e) {
                throw new IllegalArgumentException("model policy: " + e.getMessage(), e);
            }
            return new Opening("model:" + dir, () -> ModelPolicy.load(dir));
        }
        if (HfCheckpoint.isHfDirectory(dir)) { // a Hugging Face model: config.json, weights (maybe sharded), tokenizer
            if (!HfCheckpoint.hasWeights(dir) || !Files.isRegularFile(dir.resolve(Checkpoint.TOKENIZER))) {
                throw new IllegalArgumentException("model policy: " + dir + " is a Hugging Face model directory "
                        + "without model.safetensors (or model.safetensors.index.json) or tokenizer.json");
            }
            return new Opening("model:" + dir, () -> ModelPolicy.load(dir));
        }
        List<String> missing = REQUIRED_FILES.stream().filter(f -> !Files.isRegularFile(dir.resolve(f))).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("model policy: " + dir + " is not a checkpoint directory: it lacks "
                    + String.join(", ", missing) + " (train sft|dpo writes all three)");
        }
        return new Opening("model:" + dir, () -> ModelPolicy.load(dir));
    }
}
