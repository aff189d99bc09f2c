package dev.leanforge.loop.cli;

import dev.leanforge.loop.config.ConfigException;
import dev.leanforge.loop.config.ConfigFile;
import dev.leanforge.loop.config.RawValue;
import dev.leanforge.loop.config.Setting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * A table of {@link Setting}s as command-line options and a {@code --config FILE}: the machinery {@code campaign run}
 * and {@code star run} share, so a setting is named, documented and checked the same way in both.
 */
final class ConfigOptions {

    /** Settings the shared {@link LeanOptions} mixin already declares as options. */
    static final Set<String> LEAN_OPTION_KEYS = Set.of("project-dir", "server-cmd", "timeout");

    private ConfigOptions() {}

    /** Adds an option {@code --KEY} for every setting the Lean options do not already declare. */
    static CommandSpec addOptions(CommandSpec command, List<Setting<?>> settings) {
        for (Setting<?> setting : settings) {
            if (LEAN_OPTION_KEYS.contains(setting.key())) {
                continue;
            }
            command.addOption(OptionSpec.builder(setting.option())
                    .paramLabel(setting.label())
                    .type(setting.isList() ? String[].class : String.class)
                    .arity("1")
                    .description(setting.description() + (setting.defaultText().equals("required")
                            ? " Required." : " Default: " + setting.defaultText() + ".")
                            + setting.limit().map(limit -> " Allowed: " + limit.range().allowed() + ".").orElse(""))
                    .build());
        }
        return command;
    }

    /**
     * The settings given — those of {@code configFile} (may be null), overridden by the options on the command line
     * — resolved by {@code resolve}. Every problem is reported at once: the file's unknown or malformed keys with
     * the values that {@code resolve} refuses.
     *
     * @throws ConfigException listing them all
     */
    static <C> C resolve(CommandSpec command, Path configFile, List<Setting<?>> settings,
                         Function<Map<String, RawValue>, C> resolve) {
        List<String> problems = new ArrayList<>();
        Map<String, RawValue> given = new LinkedHashMap<>();
        if (configFile != null) {
            ConfigFile.Contents file = ConfigFile.readAll(configFile, settings);
            given.putAll(file.values());
            problems.addAll(file.problems());
        }
        ParseResult parsed = command.commandLine().getParseResult();
        for (Setting<?> setting : settings) {
            if (parsed.hasMatchedOption(setting.option())) {
                List<String> texts = parsed.matchedOption(setting.option()).stringValues();
                String where = "option " + setting.option();
                given.put(setting.key(), setting.isList() ? RawValue.list(where, texts)
                        : RawValue.scalar(where, texts.get(texts.size() - 1)));
            }
        }
        C resolved = null;
        try {
            resolved = resolve.apply(given);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return resolved;
    }
}
