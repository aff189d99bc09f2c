package dev.leanforge.loop.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Reports a usage error (bad or missing option, bad value) as the error itself and where to read more, instead of
 * picocli's default of the whole help page, which buries the one line that matters. A command that only groups
 * subcommands still prints its short help, the list of what to run.
 */
final class ShortUsageErrors implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        if (command.getSubcommands().isEmpty()) {
            err.println("See '" + command.getCommandSpec().qualifiedName() + " --help' for the options.");
        } else {
            command.usage(err);
        }
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }
}
