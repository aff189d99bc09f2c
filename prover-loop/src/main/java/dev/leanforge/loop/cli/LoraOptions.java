package dev.leanforge.loop.cli;

import dev.leanforge.loop.config.Limit;
import dev.leanforge.trainer.hf.LoraConfig;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --lora} and its settings, shared by {@code train sft} and {@code train dpo}. */
public final class LoraOptions {

    @Option(names = "--lora", description = "Train LoRA adapters on a Hugging Face model (--init), its weights "
            + "frozen; OUT receives a PEFT adapter (adapter_config.json, adapter_model.safetensors).")
    boolean lora;

    @Within(Limit.LORA_RANK)
    @Option(names = "--lora-r", defaultValue = "16", paramLabel = "R",
            description = "Adapter rank (default: ${DEFAULT-VALUE}).")
    int rank;

    @Within(Limit.LORA_ALPHA)
    @Option(names = "--lora-alpha", defaultValue = "32", paramLabel = "A",
            description = "Scale numerator: the adapter's output is multiplied by A / R (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Within(Limit.LORA_DROPOUT)
    @Option(names = "--lora-dropout", defaultValue = "0.05", paramLabel = "P",
            description = "Dropout on the adapter's input while training (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--lora-targets", split = ",", paramLabel = "MODULE",
            description = "Modules to adapt, comma-separated, among q_proj k_proj v_proj o_proj gate_proj up_proj "
                    + "down_proj (default: all of them).")
    List<String> targets;

    @Option(names = "--dry-run", description = "Print the parameters, the trainable parameters and the memory the run "
            + "needs (float32 weights, gradients, optimiser state, an activation estimate), then stop.")
    boolean dryRun;

    /** The LoRA settings, or null without {@code --lora}; a usage error for settings without it. */
    LoraConfig config(CommandLine cli) {
        if (!lora) {
            if (targets != null || cli.getParseResult().hasMatchedOption("--lora-r")
                    || cli.getParseResult().hasMatchedOption("--lora-alpha")
                    || cli.getParseResult().hasMatchedOption("--lora-dropout")) {
                throw new CommandLine.ParameterException(cli, "--lora-r, --lora-alpha, --lora-dropout and "
                        + "--lora-targets need --lora");
            }
            return null;
        }
        try {
            return new LoraConfig(rank, alpha, dropout,
                    targets == null ? LoraConfig.MODULES : new ArrayList<>(targets));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage());
        }
    }
}
