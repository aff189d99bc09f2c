package dev.leanforge.loop.cli;

import dev.leanforge.trainer.batch.EncodedRecords;
import dev.leanforge.trainer.checkpoint.Checkpoint;
import dev.leanforge.trainer.hf.HfCheckpoint;
import dev.leanforge.trainer.training.TrainingLoop;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;

/** Checks of the files and directories the model commands are given, failing as usage errors (exit 2). */
final class CliFiles {

    private CliFiles() {}

    /** The body of a command. */
    interface Body {
        int run() throws IOException;
    }

    /**
     * Runs {@code body}, turning unreadable files, bad data and refused inputs into one line on standard error and
     * exit code 2 instead of a stack trace. Usage errors ({@link CommandLine.ParameterException}) go to picocli.
     */
    static int reportingErrors(CommandLine cli, String command, Body body) {
        try {
            return body.run();
        } catch (CommandLine.ParameterException e) {
            throw e;
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            cli.getErr().println("leanforge " + command + ": " + e.getMessage());
            return LeanforgeCli.EXIT_USAGE;
        }
    }

    static void requireFile(CommandLine cli, String option, Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new CommandLine.ParameterException(cli, option + ": file not found or not readable: " + file);
        }
    }

    /**
     * {@code dir} is a directory, or can be made one: neither it nor a folder above it is a file. Checked before
     * any work, so that a slip in the path is not found only when the first checkpoint is written.
     */
    static void requireDirectory(CommandLine cli, String option, Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(cli, option + " " + dir + " is a file, not a directory");
        }
        for (Path above = dir.getParent(); above != null && !Files.isDirectory(above); above = above.getParent()) {
            if (Files.exists(above)) {
                throw new CommandLine.ParameterException(cli, option + " " + dir + ": " + above
                        + " is a file, so it cannot hold a directory");
            }
        }
    }

    static void requireModelDir(CommandLine cli, String option, Path dir) {
        if (!Files.isRegularFile(dir.resolve(Checkpoint.CONFIG)) || !HfCheckpoint.hasWeights(dir)) {
            throw new CommandLine.ParameterException(cli, option + ": " + dir
                    + " is not a model directory (it needs config.json and model.safetensors, or a Hugging Face"
                    + " model's shards and model.safetensors.index.json)");
        }
    }

    /** A model directory, or a PEFT adapter (its base named by base_model_name_or_path). */
    static void requireModelOrAdapterDir(CommandLine cli, String option, Path dir) {
        if (!dev.leanforge.trainer.hf.PeftAdapter.isAdapterDirectory(dir)) {
            requireModelDir(cli, option, dir);
        }
    }

    /** {@code --adapter}, when given, is a PEFT directory. */
    static void requireAdapter(CommandLine cli, Path adapter) {
        if (adapter != null && !dev.leanforge.trainer.hf.PeftAdapter.isAdapterDirectory(adapter)) {
            throw new CommandLine.ParameterException(cli, "--adapter " + adapter + " has no "
                    + dev.leanforge.trainer.hf.PeftAdapter.CONFIG);
        }
    }

    static Path tokenizerOf(CommandLine cli, Path modelDir) {
        return Checkpoint.tokenizer(modelDir).orElseThrow(() -> new CommandLine.ParameterException(cli,
                modelDir + " has no tokenizer.json"));
    }

    static Path latestCheckpoint(CommandLine cli, Path out) throws IOException {
        return TrainingLoop.latestCheckpoint(out).orElseThrow(() -> new CommandLine.ParameterException(cli,
                "--resume: no checkpoint-<step>/ with a trainer_state.json in " + out));
    }

    /**
     * The examples of a data file, after a summary on standard error of the lines skipped (the reader has logged
     * each with its problem) and the records truncated to the context; a usage error when none is left.
     */
    static <T> List<T> examples(CommandLine cli, EncodedRecords<T> data, Path file) {
        PrintWriter err = cli.getErr();
        if (!data.skipped().isEmpty()) {
            err.println(file + ": skipped " + data.skipped().size() + " bad line(s): " + data.skipped().stream()
                    .map(b -> Long.toString(b.line())).collect(Collectors.joining(", ")));
        }
        if (!data.truncated().isEmpty()) {
            err.println(file + ": " + data.truncated().size() + " record(s) cut to fit the model's context");
        }
        if (data.examples().isEmpty()) {
            throw new CommandLine.ParameterException(cli, file + ": no usable records");
        }
        return data.examples();
    }

    /** {@link #examples} as the training facade's check of a data file. */
    static dev.leanforge.trainer.Training.Examples examples(CommandLine cli) {
        return new dev.leanforge.trainer.Training.Examples() {
            @Override
            public <T> List<T> check(EncodedRecords<T> data, Path file) {
                return examples(cli, data, file);
            }
        };
    }
}
