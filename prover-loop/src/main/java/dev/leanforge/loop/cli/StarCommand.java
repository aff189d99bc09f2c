package dev.leanforge.loop.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code leanforge star}: STaR self-training runs (docs/star.md). */
@Command(
        name = "star",
        mixinStandardHelpOptions = true,
        description = "STaR: rounds of search, training on the verified proofs, evaluation and promotion.",
        subcommands = {StarRunCommand.class})
final class StarCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
