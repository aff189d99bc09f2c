package dev.leanforge.loop.theorems;

import java.util.Objects;

/** Something wrong with an input, where it is and what is wrong, e.g. {@code set/A.lean:3:9: duplicate theorem x}. */
public record InputError(Location where, String message) {

    public InputError {
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return where + ": " + message;
    }
}
