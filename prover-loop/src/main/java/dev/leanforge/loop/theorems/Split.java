package dev.leanforge.loop.theorems;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Which part of a set a theorem belongs to: trained on, used to pick checkpoints, or held out. */
public enum Split {
    TRAIN, VALID, TEST;

    /** The word used in manifests, JSON and on the command line. */
    @JsonValue
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Split> parse(String word) {
        return Arrays.stream(values()).filter(s -> s.word().equals(word)).findFirst();
    }
}
