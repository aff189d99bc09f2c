package dev.leanforge.loop.proof;

import dev.leanforge.bridge.verdict.Verdict;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One finished attempt: a candidate proof and the checker's verdict on it.
 *
 * @param policyLogProb the policy's total log-probability of {@code proof}, when the policy reports one
 */
public record Attempt(long campaignId, String theorem, int attemptIndex, String proof, Verdict verdict,
                      OptionalDouble policyLogProb) {
    public Attempt {
        Objects.requireNonNull(theorem, "theorem");
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(policyLogProb, "policyLogProb");
        if (attemptIndex < 0) {
            throw new IllegalArgumentException("attemptIndex must be >= 0, got " + attemptIndex);
        }
    }

    public AttemptKey key() {
        return new AttemptKey(theorem, attemptIndex);
    }
}
