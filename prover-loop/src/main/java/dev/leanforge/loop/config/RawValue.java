package dev.leanforge.loop.config;

import java.util.List;
import java.util.Objects;

/**
 * A setting as given, before it is checked: where it came from and its text, or texts for a list setting.
 *
 * @param where  for messages: {@code --samples} on the command line, {@code campaign.yaml:4} in a file
 * @param texts  one text for a scalar, any number for a list
 * @param isList whether it was given as a list (a YAML sequence, or a repeated option)
 */
public record RawValue(String where, List<String> texts, boolean isList) {
    public RawValue {
        Objects.requireNonNull(where, "where");
        texts = List.copyOf(texts);
    }

    public static RawValue scalar(String where, String text) {
        return new RawValue(where, List.of(text), false);
    }

    public static RawValue list(String where, List<String> texts) {
        return new RawValue(where, texts, true);
    }
}
