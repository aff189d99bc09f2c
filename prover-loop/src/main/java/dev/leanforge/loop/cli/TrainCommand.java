package dev.leanforge.loop.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code leanforge train …}: groups the training commands; each is a subcommand class listed here. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train the policy's tokenizer or model.",
        subcommands = {
            TrainTokenizerCommand.class,
            TrainSftCommand.class,
            TrainDpoCommand.class,
            TrainMergeCommand.class,
        })
public final class TrainCommand implements Runnable {

    /** The exit codes every training command shares, for its help page. */
    static final String EXIT_CODES = "Exit codes: 0 done, 2 usage error or unusable input (a missing or unreadable "
            + "file, a bad option value, no usable record).";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing what to train: a subcommand");
    }
}
