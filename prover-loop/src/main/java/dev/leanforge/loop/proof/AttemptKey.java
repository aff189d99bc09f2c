package dev.leanforge.loop.proof;

import java.util.Objects;

/** Identifies one attempt within a campaign: the resume unit. */
public record AttemptKey(String theorem, int attemptIndex) {
    public AttemptKey {
        Objects.requireNonNull(theorem, "theorem");
        if (attemptIndex < 0) {
            throw new IllegalArgumentException("attemptIndex must be >= 0, got " + attemptIndex);
        }
    }
}
