package dev.leanforge.loop.cli;

import ai.djl.Device;
import dev.leanforge.loop.config.Limit;
import dev.leanforge.trainer.batch.EncodedRecords;
import dev.leanforge.trainer.batch.TokenPair;
import dev.leanforge.trainer.checkpoint.Checkpoint;
import dev.leanforge.trainer.device.Compute;
import dev.leanforge.trainer.dpo.DpoExample;
import dev.leanforge.trainer.dpo.DpoObjective;
import dev.leanforge.trainer.dpo.ReferenceLogProbs;
import dev.leanforge.trainer.model.GptModel;
import dev.leanforge.trainer.tokenizer.BpeTokenizer;
import dev.leanforge.trainer.tokenizer.Tokenizer;
import dev.leanforge.trainer.training.RunOptions;
import dev.leanforge.trainer.training.Sha256;
import dev.leanforge.trainer.training.TrainingLoop;
import dev.leanforge.trainer.training.TrainingState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
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
        CliFiles.requireModelDir(cli, "--init", init);
        TrainingOptions.Run run = training.run(cli, out, 1e-5);
        RunOptions options = run.options();
        Path resumeFrom = run.resumeFrom();
        Path tokenizerJson = CliFiles.tokenizerOf(cli, init);
        Tokenizer tokenizer = BpeTokenizer.load(tokenizerJson);
        Device device = compute.device();
        err.println(Compute.describe(device));
        int context = Checkpoint.readConfig(init).context();
        Path cache = cacheDir != null ? cacheDir : out.resolve("reference-logprobs");
        List<DpoExample> train = reference(cli, data, context, cache, device, tokenizer, options, err);
        List<DpoExample> eval = training.eval == null ? List.of()
                : reference(cli, training.eval, context, cache, device, tokenizer, options, err);

        try (GptModel policy = Checkpoint.load(resumeFrom != null ? resumeFrom : init, device)) {
            err.printf("%,d preference pairs, %,d held out; beta %s%n", train.size(), eval.size(), beta);
            TrainingState done;
            String lastStep;
            try (ProgressBarListener progress = new ProgressBarListener("dpo", err)) {
                DpoObjective objective = new DpoObjective(beta, tokenizer.padId(), options.batchSize());
                done = new TrainingLoop<>(policy, objective, options, out, tokenizerJson, Sha256.file(data), progress)
                        .run(train, eval, resumeFrom);
                lastStep = progress.last() == null ? null : progress.lastStep();
            }
            if (lastStep != null) { // after the bar's own line ended
                err.println(lastStep);
            }
            cli.getOut().println("trained " + done.step() + " steps; wrote " + out);
            return 0;
        }
    }

    private List<DpoExample> reference(CommandLine cli, Path file, int context, Path cache, Device device,
            Tokenizer tokenizer, RunOptions options, PrintWriter err) throws IOException {
        List<TokenPair> pairs =
                CliFiles.examples(cli, EncodedRecords.dpo(file, tokenizer, context, training.badLines), file);
        return ReferenceLogProbs.attach(pairs, file, init, cache, device, options.batchSize(), tokenizer.padId(),
                err::println);
    }
}
