package dev.leanforge.loop.cli;

import dev.leanforge.loop.config.Limit;
import dev.leanforge.trainer.Training;
import dev.leanforge.trainer.tokenizer.BpeTrainer;
import dev.leanforge.trainer.tokenizer.BpeVocabulary;
import dev.leanforge.trainer.tokenizer.TokenizerJson;
import dev.leanforge.trainer.tokenizer.WordCounts;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leanforge train tokenizer}: learns a byte-level BPE vocabulary and writes {@code DIR/tokenizer.json}. */
@Command(
        name = "tokenizer",
        mixinStandardHelpOptions = true,
        description = {
            "Train a byte-level BPE tokenizer on UTF-8 text files (Lean statements and proofs) and write "
                    + "DIR/tokenizer.json, a Hugging Face tokenizer file with the special tokens "
                    + "<|pad|> <|prompt|> <|proof|> <|end|> as ids 0-3.",
        },
        footer = {"", TrainCommand.EXIT_CODES})
public final class TrainTokenizerCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--corpus", required = true, arity = "1..*", paramLabel = "FILE",
            description = "UTF-8 text files to learn from.")
    List<Path> corpus;

    @Within(Limit.VOCAB)
    @Option(names = "--vocab", required = true, paramLabel = "N",
            description = "Vocabulary size to reach: 4 special tokens, 256 bytes and the merges learnt.")
    int vocabSize;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write tokenizer.json in.")
    Path out;

    @Within(Limit.MIN_FREQUENCY)
    @Option(names = "--min-frequency", defaultValue = "2", paramLabel = "K",
            description = "Merge only pairs seen at least K times (default: ${DEFAULT-VALUE}).")
    long minFrequency;

    @Override
    public Integer call() {
        CommandLine commandLine = spec.commandLine();
        for (Path file : corpus) {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new CommandLine.ParameterException(commandLine, "corpus file not found or not readable: " + file);
            }
        }
        CliFiles.requireDirectory(commandLine, "--out", out);
        PrintWriter stdout = commandLine.getOut();
        PrintWriter stderr = commandLine.getErr();
        try {
            long start = System.nanoTime();
            WordCounts words = new WordCounts();
            for (Path file : corpus) {
                stderr.println("counting words in " + file);
                words.addFile(file);
            }
            long counted = System.nanoTime();
            stderr.printf("%,d words, %,d distinct, counted in %.1f s%n", words.total(), words.distinct(), seconds(start, counted));
            BpeVocabulary vocabulary = train(words, stderr);
            long trained = System.nanoTime();
            Files.createDirectories(out);
            Path file = out.resolve(TokenizerJson.FILE_NAME);
            TokenizerJson.write(vocabulary, file);

            stdout.printf("vocabulary size %,d of %,d asked (%,d merges)%n", vocabulary.size(), vocabSize, vocabulary.merges().size());
            if (vocabulary.size() < vocabSize) {
                stdout.printf("stopped early: no pair of tokens occurs %,d times or more in the corpus%n", minFrequency);
            }
            stdout.printf("trained in %.1f s (%.1f s counting words, %.1f s merging)%n",
                    seconds(start, trained), seconds(start, counted), seconds(counted, trained));
            stdout.println("wrote " + file);
            return 0;
        } catch (IOException e) {
            stderr.println("leanforge train tokenizer: " + e.getMessage());
            return LeanforgeCli.EXIT_USAGE;
        }
    }

    private BpeVocabulary train(WordCounts words, PrintWriter stderr) {
        ProgressBarBuilder bar = new ProgressBarBuilder()
                .setTaskName("BPE merges")
                .setStyle(ProgressBarStyle.UNICODE_BLOCK) // no colour codes: the output is often a log file
                .setUnit(" tokens", 1)
                .setInitialMax(vocabSize)
                .startsFrom(BpeTrainer.MIN_VOCAB_SIZE, Duration.ZERO)
                .setConsumer(new DelegatingProgressBarConsumer(line -> {
                    stderr.print('\r' + line);
                    stderr.flush();
                }, 100));
        try (ProgressBar progress = bar.build()) {
            return Training.tokenizer(words, vocabSize, minFrequency, (reached, target) -> progress.stepTo(reached));
        } finally {
            stderr.println();
        }
    }

    private static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }
}
