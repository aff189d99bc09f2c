package dev.leanforge.loop.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leanforge.loop.config.Limit;
import dev.leanforge.trainer.Training;
import dev.leanforge.trainer.batch.EncodedRecords;
import dev.leanforge.trainer.batch.TokenSequence;
import dev.leanforge.trainer.data.BadLinePolicy;
import dev.leanforge.trainer.sampling.SequenceScorer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leanforge score}: how likely the model finds each record's completion. */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        description = {
            "Score completions: the log-probability a model gives each one.",
            "For each JSONL record {\"prompt\", \"completion\"} print one JSON line {\"record\", \"logprob\", "
                    + "\"tokens\"}: the record's index (0-based, in file order; skipped bad lines are reported on "
                    + "standard error and not counted), the summed log-probability of the completion and its end "
                    + "token given the prompt, and how many tokens that is. A record cut to fit the model's context "
                    + "also has \"truncated\": true.",
        },
        footer = {"", "Exit codes: 0 done, 2 usage error or unusable input (no model directory, unreadable data, "
                + "no usable record, a bad line with --on-bad-line reject)."})
public final class ScoreCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE.jsonl", description = "Records to score.")
    Path data;

    @Within(Limit.BATCH_SIZE)
    @Option(names = "--batch-size", defaultValue = "16", paramLabel = "B",
            description = "Records per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--on-bad-line", defaultValue = "skip", paramLabel = "skip|reject",
            description = "Report a bad line with its number and skip it, or stop (default: ${DEFAULT-VALUE}).")
    BadLinePolicy badLines;

    @Option(names = "--adapter", paramLabel = "DIR",
            description = "A PEFT LoRA adapter to put on the Hugging Face model of --model.")
    Path adapter;

    @Mixin
    ComputeOptions compute;


    @Override
    public Integer call() {
        return CliFiles.reportingErrors(spec.commandLine(), "score", this::score);
    }

    private int score() throws IOException {
        CommandLine cli = spec.commandLine();
        CliFiles.requireModelOrAdapterDir(cli, "--model", model);
        CliFiles.requireFile(cli, "--data", data);
        PrintWriter out = cli.getOut();
        CliFiles.requireAdapter(cli, adapter);
        // Ours: the policy's sequence format; Hugging Face: template ++ completion ++ end id.
        try (Training.Policy policy = Training.open(model, adapter, compute.device())) {
            EncodedRecords<TokenSequence> records = policy.records(data, badLines);
            List<TokenSequence> examples = CliFiles.examples(cli, records, data);
            print(out, records, policy.score(examples, batchSize));
        }
        return 0;
    }

    private static void print(PrintWriter out, EncodedRecords<TokenSequence> records,
            List<SequenceScorer.Score> scores) throws IOException {
        for (int i = 0; i < scores.size(); i++) {
            ObjectNode line = JSON.createObjectNode();
            line.put("record", i);
            line.put("logprob", scores.get(i).logProb());
            line.put("tokens", scores.get(i).tokens());
            if (records.truncated().contains(i)) {
                line.put("truncated", true);
            }
            out.println(JSON.writeValueAsString(line));
        }
        out.flush();
    }
}
