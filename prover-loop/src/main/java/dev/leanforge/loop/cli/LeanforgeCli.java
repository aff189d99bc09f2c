package dev.leanforge.loop.cli;

import java.util.Collection;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code leanforge} command. Each subcommand lives in its own class in this package. */
@Command(
        name = "leanforge",
        mixinStandardHelpOptions = true,
        version = "leanforge 0.1.0",
        description = "Train language models to prove theorems in Lean 4, with Lean as the exact reward.",
        subcommands = {
            CommandLine.HelpCommand.class,
            DoctorCommand.class,
            CheckCommand.class,
            TheoremsCommand.class,
            TrainCommand.class,
            SampleCommand.class,
            ScoreCommand.class,
            BenchCommand.class,
            LedgerCommand.class,
            CampaignCommand.class,
            StarCommand.class,
            ServeCommand.class,
            VerifyServerCommand.class,
            WorkerCommand.class,
        })
public final class LeanforgeCli implements Runnable {

    /** Exit code for usage and environment errors (bad options, no Lean toolchain, unreadable files). */
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    /** The command line with its command objects made by {@code factory} (tests pass their own). */
    public static CommandLine commandLine(CommandLine.IFactory factory) {
        // picocli already exits with 2 on invalid input, matching EXIT_USAGE.
        CommandLine cli = new CommandLine(new LeanforgeCli(), factory)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(new ShortUsageErrors())
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    if (e instanceof CliError) {
                        commandLine.getErr().println(e.getMessage());
                        return EXIT_USAGE;
                    }
                    throw e;
                });
        withVersion(cli.getSubcommands().values(), cli.getCommandSpec().version());
        OptionLimits.install(cli);
        return cli;
    }

    /** Every subcommand offers -V (mixinStandardHelpOptions); without this it would print nothing. */
    private static void withVersion(Collection<CommandLine> commands, String[] version) {
        for (CommandLine command : commands) {
            command.getCommandSpec().version(version);
            withVersion(command.getSubcommands().values(), version);
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
