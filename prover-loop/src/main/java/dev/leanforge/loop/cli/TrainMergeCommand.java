package dev.leanforge.loop.cli;

import dev.leanforge.trainer.Training;
import dev.leanforge.trainer.device.Compute;
import dev.leanforge.trainer.hf.HfCheckpoint;
import dev.leanforge.trainer.hf.PeftAdapter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leanforge train merge}: a Hugging Face base plus a PEFT LoRA adapter, written as one full checkpoint. */
@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        description = {
            "Fold a LoRA adapter (a PEFT directory: adapter_config.json, adapter_model.safetensors) into its Hugging "
                    + "Face base model and write the result to OUT as a full checkpoint (config.json, "
                    + "model.safetensors in float32, the base's tokenizer files): every adapted weight becomes "
                    + "W + (alpha / r) · B·A.",
        },
        footer = {"", TrainCommand.EXIT_CODES})
public final class TrainMergeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--base", required = true, paramLabel = "DIR", description = "The Hugging Face base model.")
    Path base;

    @Option(names = "--adapter", required = true, paramLabel = "DIR", description = "The PEFT LoRA adapter.")
    Path adapter;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the merged model goes.")
    Path out;

    @Mixin
    ComputeOptions compute;

    @Override
    public Integer call() {
        return CliFiles.reportingErrors(spec.commandLine(), "train merge", this::merge);
    }

    private int merge() throws IOException {
        CommandLine cli = spec.commandLine();
        CliFiles.requireModelOrAdapterDir(cli, "--base", base);
        if (!HfCheckpoint.isHfDirectory(base) && !PeftAdapter.isAdapterDirectory(base)) {
            throw new CommandLine.ParameterException(cli, "--base " + base + " is not a Hugging Face model");
        }
        if (!PeftAdapter.isAdapterDirectory(adapter)) {
            throw new CommandLine.ParameterException(cli, "--adapter " + adapter + " has no "
                    + PeftAdapter.CONFIG);
        }
        CliFiles.requireDirectory(cli, "--out", out);
        if (out.toAbsolutePath().normalize().equals(base.toAbsolutePath().normalize())) {
            throw new CommandLine.ParameterException(cli, "--out must not be the base directory");
        }
        var device = compute.device();
        cli.getErr().println(Compute.describe(device));
        Training.merge(base, adapter, out, device);
        cli.getOut().println("merged " + adapter + " into " + base + "; wrote " + out);
        return 0;
    }
}
