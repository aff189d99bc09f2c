package dev.leanforge.loop.cli;

import dev.leanforge.loop.config.Range;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives every option marked {@link Within} its range: a converter that refuses a value outside it (picocli then
 * reports {@code Invalid value for option '--timeout': must be between 0.1 and 86400 seconds; got 1e400}, exit 2),
 * and {@code Allowed: …} at the end of its description. The value is parsed from the text as typed, so a number too
 * large for an int or a double is refused with the range too, rather than as "not an int" or as infinity.
 */
final class OptionLimits {

    private OptionLimits() {}

    /** Applies the limits of {@code cli}'s options and of all its subcommands'. */
    static void install(CommandLine cli) {
        install(cli.getCommandSpec());
        cli.getSubcommands().values().forEach(OptionLimits::install);
    }

    private static void install(CommandSpec command) {
        List<OptionSpec> options = new ArrayList<>(command.options());
        int first = 0;
        while (first < options.size() && within(options.get(first)) == null) {
            first++;
        }
        // Picocli options are immutable: replace each limited one by a copy with the converter, and re-add the
        // options after it too, so that --help keeps the declared order.
        for (OptionSpec option : options.subList(first, options.size())) {
            command.remove(option);
        }
        for (OptionSpec option : options.subList(first, options.size())) {
            Within within = within(option);
            command.addOption(within == null ? option : limited(option, within.value().range()));
        }
    }

    private static Within within(OptionSpec option) {
        return option.userObject() instanceof AnnotatedElement element ? element.getAnnotation(Within.class) : null;
    }

    private static OptionSpec limited(OptionSpec option, Range range) {
        Class<?> type = option.type();
        String[] description = option.description().length == 0 ? new String[] {""}
                : Arrays.copyOf(option.description(), option.description().length);
        int last = description.length - 1;
        description[last] = (description[last] + " Allowed: " + range.allowed() + ".").strip();
        return option.toBuilder()
                .converters(text -> {
                    try {
                        return range.parse(text, type);
                    } catch (IllegalArgumentException e) {
                        throw new CommandLine.TypeConversionException(e.getMessage());
                    }
                })
                .description(description)
                .build();
    }
}
