package dev.leanforge.loop.theorems;

import java.util.Locale;
import java.util.Objects;

/**
 * A known proof of a theorem of a set, and how far it is trusted. It is never called verified unless a real Lean
 * accepted it: {@link Unverified} is the default for proofs written or collected by people.
 *
 * @param theorem the theorem's fully qualified name
 * @param proof   the text that replaces the placeholder after {@code :=}, e.g. {@code by omega}
 * @param checked how it was checked
 */
public record ReferenceProof(String theorem, String proof, Check checked) {

    public ReferenceProof {
        Objects.requireNonNull(theorem, "theorem");
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(checked, "checked");
    }

    /** How a reference proof was checked. */
    public sealed interface Check permits Unverified, AcceptedByLean {}

    /** Nobody has seen Lean accept it. */
    public record Unverified() implements Check {}

    /**
     * A real Lean accepted it.
     *
     * @param lean the Lean version that accepted it, e.g. {@code 4.24.0}
     * @param tier which checker: a warm worker, or a fresh process (the authoritative one)
     */
    public record AcceptedByLean(String lean, Tier tier) implements Check {
        public AcceptedByLean {
            Objects.requireNonNull(lean, "lean");
            Objects.requireNonNull(tier, "tier");
        }
    }

    /** The bridge's two checkers. */
    public enum Tier {
        WARM, FRESH;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
