package dev.leanforge.loop.campaign;

import java.util.Objects;
import java.util.Optional;

/**
 * What verified proofs are recorded as checked with: the Lean version, and the Mathlib revision for sets that need
 * Mathlib (empty for core-Lean sets).
 */
public record Provenance(String leanVersion, Optional<String> mathlibRevision) {
    public Provenance {
        Objects.requireNonNull(leanVersion, "leanVersion");
        Objects.requireNonNull(mathlibRevision, "mathlibRevision");
    }
}
