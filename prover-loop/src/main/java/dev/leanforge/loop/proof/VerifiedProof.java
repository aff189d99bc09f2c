package dev.leanforge.loop.proof;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.verdict.Verdict;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A proof the authoritative checker accepted, with what is needed to check it again: the exact header and
 * statement, and the Lean and Mathlib versions it was checked with.
 *
 * @param mathlibRevision the Mathlib commit the project pins; empty for core-Lean sets
 * @param axioms          the axioms {@code #print axioms} listed for the theorem
 */
public record VerifiedProof(String set, String theorem, String header, String statement, String proof,
                            String leanVersion, Optional<String> mathlibRevision, List<String> axioms,
                            ProofTier tier) {
    public VerifiedProof {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(theorem, "theorem");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(leanVersion, "leanVersion");
        Objects.requireNonNull(mathlibRevision, "mathlibRevision");
        Objects.requireNonNull(tier, "tier");
        axioms = List.copyOf(axioms);
    }

    /**
     * The proof of {@code task} that the fresh-process checker accepted with {@code verdict}. Taking the
     * {@link Verdict.Proved} value (rather than a flag) keeps callers from recording a proof they did not recheck.
     */
    public static VerifiedProof freshlyChecked(String set, CheckTask task, Verdict.Proved verdict, String leanVersion,
                                               Optional<String> mathlibRevision) {
        return new VerifiedProof(set, task.theoremName(), task.header(), task.statement(), task.proof(), leanVersion,
                mathlibRevision, verdict.axioms(), ProofTier.FRESH);
    }

    /** {@link StatementHash} of {@link #statement()}. */
    public String statementHash() {
        return StatementHash.of(statement);
    }
}
