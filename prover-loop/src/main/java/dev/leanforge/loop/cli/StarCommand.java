package dev.leanforge.loop.cli;

import picocli.CommandLine.Command;

/** {@code leanforge star}: STaR self-training runs (docs/star.md). */
@Command(
        name = "star",
        mixinStandardHelpOptions = true,
        description = "STaR: rounds of search, training on the verified proofs, evaluation and promotion.",
        subcommands = {StarRunCommand.class})
final class StarCommand {
}
