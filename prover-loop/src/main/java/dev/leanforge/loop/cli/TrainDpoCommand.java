package dev.leanforge.loop.cli;

import ai.djl.Device;
import dev.leanforge.loop.config.Limit;
import dev.leanforge.trainer.Training;
import dev.leanforge.trainer.device.Compute;
import dev.leanforge.trainer.hf.HfCheckpoint;
import dev.leanforge.trainer.hf.LoraConfig;
import dev.leanforge.trainer.hf.PeftAdapter;
import dev.leanforge.trainer.training.RunOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leanforge train dpo}: preference optimisation on {@code {"prompt", "chosen", "rejected"}} JSONL. */
@Command(
        name = "dpo",
        mixinStandardHelpOptions = true,
        description = {
            "Direct Preference Optimisation of the model in --init on JSONL records {\"prompt\", \"chosen\", "
                    + "\"rejected\"}; --init is also the reference model. Its log-probabilities are computed once "
                    + "and cached in --cache-dir, so the reference is not held in memory while training.",
        },
        footer = {"", TrainCommand.EXIT_CODES})
public final class TrainDpoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "FILE.jsonl", description = "Preference records.")
    Path data;

    @Option(names = "--init", required = true, paramLabel = "DIR",
            description = "Model directory to start from; also the reference model.")
    Path init;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the model goes.")
    Path out;

    @Within(Limit.DPO_BETA)
    @Option(names = "--beta", defaultValue = "0.1", paramLabel = "B",
            description = "Strength of the pull towards the reference (default: ${DEFAULT-VALUE}).")
    double beta;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where reference log-probabilities are cached (default: OUT/reference-logprobs).")
    Path cacheDir;

    @Mixin
    TrainingOptions training;

    @Mixin
    LoraOptions loraOptions;

    @Mixin
    ComputeOptions compute;


    @Override
    public Integer call() {
        return CliFiles.reportingErrors(spec.commandLine(), "train dpo", this::train);
    }

    private int train() throws IOException {
        CommandLine cli = spec.commandLine();
        PrintWriter err = cli.getErr();
        CliFiles.requireDirectory(cli, "--out", out);
        if (cacheDir != null) {
            CliFiles.requireDirectory(cli, "--cache-dir", cacheDir);
        }
        CliFiles.requireFile(cli, "--data", data);
        CliFiles.requireModelOrAdapterDir(cli, "--init", init);
        LoraConfig lora = loraOptions.config(cli);
        if (lora != null && !HfCheckpoint.isHfDirectory(init) && !PeftAdapter.isAdapterDirectory(init)) {
            throw new CommandLine.ParameterException(cli, "--lora needs a Hugging Face model as --init");
        }
        TrainingOptions.Run run = training.run(cli, out, lora != null ? 5e-5 : 1e-5);
        RunOptions options = run.options();
        Training.Run dpo = Training.dpo(data, beta).init(init).out(out).options(options).eval(training.eval)
                .badLines(training.badLines).lora(lora).resumeFrom(run.resumeFrom()).cacheDir(cacheDir)
                .log(err::println).examples(CliFiles.examples(cli));
        if (loraOptions.dryRun) {
            dpo.plan().describe().forEach(cli.getOut()::println);
            return 0;
        }
        Device device = compute.device();
        err.println(Compute.describe(device));
        Training.Result done;
        String lastStep;
        try (ProgressBarListener progress = new ProgressBarListener("dpo", err)) {
            done = dpo.device(device).listener(progress).run();
            lastStep = progress.last() == null ? null : progress.lastStep();
        }
        if (lastStep != null) { // after the bar's own line ended
            err.println(lastStep);
        }
        cli.getOut().println("trained " + done.state().step() + " steps; wrote " + out);
        return 0;
    }
}
