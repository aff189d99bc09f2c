package dev.leanforge.loop.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Looks values up, parses them, and collects every problem instead of stopping at the first. */
final class SettingValues {
    private final Map<String, RawValue> given;
    private final List<String> problems = new ArrayList<>();

    SettingValues(Map<String, RawValue> given) {
        this.given = given;
    }

    /** The value given, else the default; null (and a problem noted) when it is bad or required and missing. */
    <T> T get(Setting<T> setting) {
        Optional<T> value = optional(setting);
        if (value.isEmpty() && setting.defaultValue().isPresent()) {
            return setting.defaultValue().get();
        }
        if (value.isEmpty() && !given.containsKey(setting.key()) && setting.defaultText().equals("required")) {
            problems.add(setting.key() + " is required: give " + setting.option() + " " + setting.label()
                    + " or \"" + setting.key() + ":\" in the config file");
        }
        return value.orElse(null);
    }

    /** The value given, parsed; empty when not given or bad (a problem is noted). */
    <T> Optional<T> optional(Setting<T> setting) {
        RawValue raw = given.get(setting.key());
        if (raw == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(setting.parse(raw));
        } catch (IllegalArgumentException e) {
            problems.add(raw.where() + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Adds the problems another check found, to be reported together with these. */
    void add(ConfigException other) {
        problems.addAll(other.problems());
    }

    void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
