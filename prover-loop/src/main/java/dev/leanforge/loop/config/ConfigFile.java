package dev.leanforge.loop.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a config file ({@code campaign run}, {@code star run}): a YAML mapping from setting keys to values (JSON is YAML too, so a JSON object
 * works as well). A value is a scalar, or a list of scalars for list settings; {@code null} or {@code ~} is refused
 * rather than read as "default" (leave the key out for that). Unknown and repeated keys are refused with the file
 * and line.
 */
public final class ConfigFile {

    private static final YAMLFactory YAML = new YAMLFactory();

    private ConfigFile() {}

    /** The settings of a {@code campaign run} config file ({@link CampaignSettings}); see below. */
    public static Map<String, RawValue> read(Path file) {
        return read(file, CampaignSettings.ALL);
    }

    /**
     * The settings in {@code file}, by key, each with {@code FILE:LINE: key} as its origin; the keys allowed are
     * those of {@code settings}.
     *
     * @throws ConfigException if the file cannot be read, is not a mapping, or has unknown, repeated or
     *                         malformed keys (all of them are listed)
     */
    public static Map<String, RawValue> read(Path file, List<Setting<?>> settings) {
        Contents contents = readAll(file, settings);
        if (!contents.problems().isEmpty()) {
            throw new ConfigException(contents.problems());
        }
        return contents.values();
    }

    /**
     * What a config file gives: the values of its well-formed keys, and a problem for each other key (unknown,
     * repeated, no value, a mapping), so that they can be reported together with the problems of the values.
     *
     * @param values   key → value, each with {@code FILE:LINE: key} as its origin
     * @param problems one line each, naming the file and the line
     */
    public record Contents(Map<String, RawValue> values, List<String> problems) {
        public Contents {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
            problems = List.copyOf(problems);
        }
    }

    /**
     * The settings in {@code file} and the problems of its keys; see {@link #read(Path, List)}.
     *
     * @throws ConfigException only when the file as a whole cannot be used: unreadable, not YAML, not a mapping
     */
    public static Contents readAll(Path file, List<Setting<?>> settings) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such config file");
        } catch (CharacterCodingException e) {
            throw new ConfigException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        try (JsonParser parser = YAML.createParser(text)) {
            return new Reading(file.toString(), parser, settings).mapping();
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ConfigException(file + (at != null ? ":" + at.getLineNr() : "") + ": not valid YAML: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
    }

    private static final class Reading {
        private final String file;
        private final JsonParser parser;
        private final Map<String, RawValue> values = new LinkedHashMap<>();
        private final Map<String, Integer> lines = new LinkedHashMap<>();
        private final List<String> problems = new ArrayList<>();
        private final List<Setting<?>> settings;

        Reading(String file, JsonParser parser, List<Setting<?>> settings) {
            this.file = file;
            this.parser = parser;
            this.settings = settings;
        }

        Contents mapping() throws IOException {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new Contents(Map.of(), List.of()); // an empty file sets nothing
            }
            if (first != JsonToken.START_OBJECT) {
                throw new ConfigException(where(parser.currentTokenLocation()) + ": a config file is a mapping of "
                        + "settings (key: value), not " + describe(first));
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                int line = parser.currentTokenLocation().getLineNr();
                String where = file + ":" + line + ": " + key;
                parser.nextToken();
                RawValue value = value(where);
                if (settings.stream().noneMatch(s -> s.key().equals(key))) {
                    problems.add(file + ":" + line + ": unknown key \"" + key + "\"; the keys are: "
                            + String.join(", ", settings.stream().map(Setting::key).toList()));
                } else if (lines.containsKey(key)) {
                    problems.add(where + ": given twice (first on line " + lines.get(key) + ")");
                } else if (value != null) {
                    values.put(key, value);
                    lines.put(key, line);
                }
            }
            return new Contents(values, problems);
        }

        /** The value at the current token; null (with a problem noted) when it is not a scalar or list of them. */
        private RawValue value(String where) throws IOException {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.START_ARRAY) {
                List<String> texts = new ArrayList<>();
                boolean ok = true;
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (isScalar(token)) {
                        texts.add(parser.getText());
                    } else {
                        problems.add(where + ": list items must be single values, not " + describe(token));
                        parser.skipChildren();
                        ok = false;
                    }
                }
                return ok ? RawValue.list(where, texts) : null;
            }
            if (isScalar(token)) {
                return RawValue.scalar(where, parser.getText());
            }
            if (token == JsonToken.VALUE_NULL) {
                problems.add(where + ": has no value; leave the key out to use the default");
            } else {
                problems.add(where + ": must be a single value or a list, not " + describe(token));
                parser.skipChildren();
            }
            return null;
        }

        private static boolean isScalar(JsonToken token) {
            return token.isScalarValue() && token != JsonToken.VALUE_NULL;
        }

        private String where(JsonLocation location) {
            return file + ":" + location.getLineNr();
        }

        private static String describe(JsonToken token) {
            return switch (token) {
                case START_OBJECT -> "a mapping";
                case START_ARRAY -> "a list";
                case VALUE_NULL -> "nothing";
                default -> "a single value";
            };
        }
    }
}
