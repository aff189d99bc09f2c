package dev.leanforge.loop.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leanforge.loop.config.Limit;
import dev.leanforge.trainer.Training;
import dev.leanforge.trainer.sampling.Completion;
import dev.leanforge.trainer.sampling.SamplingOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leanforge sample}: proofs the model writes for a statement. */
@Command(
        name = "sample",
        mixinStandardHelpOptions = true,
        description = {
            "Generate completions of a prompt with a policy model.",
            "Generates K completions of the prompt in the policy's format (<|prompt|> TEXT <|proof|>), stopping "
                    + "at the end token, a stop string or --max-tokens. A long prompt loses tokens from its start to "
                    + "leave room for --max-tokens (it keeps at least half the context). The same --seed, -n and "
                    + "--batch-size give the same samples.",
        },
        footer = {"", "Exit codes: 0 done, 2 usage error or unusable input (no model directory, bad option value)."})
public final class SampleCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory.")
    Path model;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The statement to prove.")
    String prompt;

    @Within(Limit.SAMPLES)
    @Option(names = "-n", defaultValue = "1", paramLabel = "K", description = "Completions (default: ${DEFAULT-VALUE}).")
    int count;

    @Within(Limit.TEMPERATURE)
    @Option(names = "--temperature", defaultValue = "1.0", paramLabel = "T",
            description = "Sampling temperature; 0 is greedy (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Within(Limit.TOP_P)
    @Option(names = "--top-p", defaultValue = "1.0", paramLabel = "P",
            description = "Nucleus sampling mass; 1 keeps every token (default: ${DEFAULT-VALUE}).")
    double topP;

    @Within(Limit.TOP_K)
    @Option(names = "--top-k", defaultValue = "0", paramLabel = "K",
            description = "Keep the K most likely tokens; 0 keeps all (default: ${DEFAULT-VALUE}).")
    int topK;

    @Within(Limit.MAX_TOKENS)
    @Option(names = "--max-tokens", defaultValue = "256", paramLabel = "N",
            description = "New tokens at most (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--stop", paramLabel = "TEXT", description = "Stop when the completion contains TEXT (repeatable).")
    List<String> stops = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Within(Limit.SAMPLE_BATCH)
    @Option(names = "--batch-size", defaultValue = "16", paramLabel = "B",
            description = "Completions generated together (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--no-cache", description = "Decode without the KV cache (slower; for comparison).")
    boolean noCache;

    @Option(names = "--json", description = "One JSON object per line: index, text, logprob (of the generated tokens, "
            + "at temperature 1), tokens (with <|end|> when it ended the proof), finish (end, stop_string, "
            + "max_tokens or context).")
    boolean json;

    @Option(names = "--adapter", paramLabel = "DIR",
            description = "A PEFT LoRA adapter to put on the Hugging Face model of --model.")
    Path adapter;

    @Mixin
    ComputeOptions compute;


    @Override
    public Integer call() {
        return CliFiles.reportingErrors(spec.commandLine(), "sample", this::sample);
    }

    private int sample() throws IOException {
        CommandLine cli = spec.commandLine();
        CliFiles.requireModelOrAdapterDir(cli, "--model", model);
        SamplingOptions options;
        try {
            options = new SamplingOptions(maxTokens, temperature, topP, topK, stops, seed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage());
        }
        PrintWriter out = cli.getOut();
        CliFiles.requireAdapter(cli, adapter);
        // Ours with its tokenizer.json, or a Hugging Face model with its tokenizer, template, end ids (and adapter).
        try (Training.Policy policy = Training.open(model, adapter, compute.device())) {
            int index = 0;
            for (Completion c : policy.sampler().sample(prompt, count, batchSize, options, !noCache)) {
                print(out, index++, c);
            }
        }
        return 0;
    }

    private void print(PrintWriter out, int index, Completion c) throws IOException {
        if (json) {
            ObjectNode line = JSON.createObjectNode();
            line.put("index", index);
            line.put("text", c.text());
            line.put("logprob", c.logProb());
            // Counted as score counts: with the end token when it ended the proof, matching the log-probability.
            line.put("tokens", c.tokenIds().length + (c.finish() == Completion.Finish.END ? 1 : 0));
            line.put("finish", c.finish().name().toLowerCase(Locale.ROOT));
            out.println(JSON.writeValueAsString(line));
        } else {
            if (count > 1) {
                out.printf("--- sample %d (%s, log-prob %.3f)%n", index + 1,
                        c.finish().name().toLowerCase(Locale.ROOT), c.logProb());
            }
            out.println(c.text());
        }
        out.flush();
    }
}
