package dev.leanforge.loop.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One setting: its key (the config file's key and, with {@code --} in front, the command-line option), what it
 * means, its default, and how its text becomes a value. The same parser serves the file and the command line, so a
 * value is accepted or refused the same way wherever it is written.
 *
 * @param <T> the value's type
 */
public final class Setting<T> {

    /** Turns the given texts into a value, or throws {@link IllegalArgumentException} saying what is allowed. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(List<String> texts);
    }

    private final String key;
    private final String label;
    private final String description;
    private final T defaultValue;
    private final String defaultText;
    private final boolean list;
    private final Limit limit;
    private final Parser<T> parser;

    private Setting(String key, String label, String description, T defaultValue, String defaultText, boolean list,
                    Limit limit, Parser<T> parser) {
        this.key = Objects.requireNonNull(key, "key");
        this.label = Objects.requireNonNull(label, "label");
        this.description = Objects.requireNonNull(description, "description");
        this.defaultValue = defaultValue;
        this.defaultText = Objects.requireNonNull(defaultText, "defaultText");
        this.list = list;
        this.limit = limit;
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /** The key in a config file; the command-line option is {@code --key}. */
    public String key() {
        return key;
    }

    public String option() {
        return "--" + key;
    }

    /** The value's placeholder in help texts, e.g. {@code N} or {@code SECONDS}. */
    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /** The default as people read it: a value, {@code required}, or how it is derived from other settings. */
    public String defaultText() {
        return defaultText;
    }

    /** The default value; empty when the setting is required or its default derives from other settings. */
    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** Whether the setting takes several values (a YAML list, a repeated option). */
    public boolean isList() {
        return list;
    }

    /** The limit of a number setting; empty for the others. */
    public Optional<Limit> limit() {
        return Optional.ofNullable(limit);
    }

    /** The value of {@code raw}, or an {@link IllegalArgumentException} whose message says what is allowed. */
    public T parse(RawValue raw) {
        if (raw.isList() && !list) {
            throw new IllegalArgumentException("takes one value, not a list");
        }
        return parser.parse(raw.texts());
    }

    Setting<T> withDefault(T value, String text) {
        return new Setting<>(key, label, description, value, text, list, limit, parser);
    }

    Setting<T> derivedDefault(String text) {
        return new Setting<>(key, label, description, null, text, list, limit, parser);
    }

    // ---- kinds of setting; each starts out required, with no default ----

    static Setting<String> text(String key, String label, String description) {
        return scalar(key, label, description, text -> {
            if (text.isBlank()) {
                throw new IllegalArgumentException("must not be empty");
            }
            return text;
        });
    }

    static Setting<Path> path(String key, String label, String description) {
        return scalar(key, label, description, text -> {
            if (text.isBlank()) {
                throw new IllegalArgumentException("must be a path, got an empty text");
            }
            try {
                return Path.of(text);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("is not a valid path: " + e.getMessage(), e);
            }
        });
    }

    /** One of {@code words}, compared exactly. */
    static Setting<String> choice(String key, String description, List<String> words) {
        return scalar(key, String.join("|", words), description, text -> {
            if (!words.contains(text)) {
                throw new IllegalArgumentException("must be one of " + String.join(", ", words) + "; got \""
                        + text + "\"");
            }
            return text;
        });
    }

    static Setting<Integer> integer(String key, String description, Limit limit) {
        return new Setting<>(key, "N", description, null, "required", false, limit,
                texts -> limit.whole().parseInt(texts.get(0)));
    }

    static Setting<Long> anyLong(String key, String description) {
        return scalar(key, "N", description, text -> {
            try {
                return Long.parseLong(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a whole number; got \"" + text + "\"", e);
            }
        });
    }

    static Setting<Double> decimal(String key, String description, Limit limit) {
        return new Setting<>(key, "X", description, null, "required", false, limit,
                texts -> limit.decimal().parse(texts.get(0)));
    }

    /** A number of seconds, as a duration with millisecond precision. */
    static Setting<Duration> seconds(String key, String description, Limit limit) {
        return new Setting<>(key, "SECONDS", description, null, "required", false, limit,
                texts -> limit.seconds().parse(texts.get(0)));
    }

    static Setting<Boolean> bool(String key, String description) {
        return scalar(key, "true|false", description, text -> switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false; got \"" + text + "\"");
        });
    }

    static Setting<List<String>> texts(String key, String label, String description) {
        return new Setting<>(key, label, description, null, "required", true, null, List::copyOf);
    }

    /** One value that {@code parse} turns into a T, or refuses with an exception saying what is allowed. */
    static <T> Setting<T> scalar(String key, String label, String description, Function<String, T> parse) {
        return new Setting<>(key, label, description, null, "required", false, null,
                texts -> parse.apply(texts.get(0)));
    }

    @Override
    public String toString() {
        return key;
    }
}
