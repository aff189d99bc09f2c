package dev.leanforge.loop.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.leanforge.loop.proof.ProofTier;
import dev.leanforge.loop.store.RecordedProof;
import dev.leanforge.loop.proof.StatementHash;
import dev.leanforge.loop.proof.VerifiedProof;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the ledger: a recorded proof with everything needed to check it again in a fresh Lean process.
 * The format is documented in {@code docs/store-and-ledger.md}; the JSON property order is the documented one.
 *
 * <p>A ledger read from a file is someone else's claim: this record holds what the line says, and
 * {@link LedgerGate} decides whether it is consistent (hash, declared name, this checkout's sets) before
 * {@code ledger verify} checks it, so that each inconsistent entry is refused on its own.
 *
 * @param statementHash   {@link StatementHash} of {@code statement} as the ledger claims it; {@link LedgerGate}
 *                        recomputes it
 * @param mathlibRevision the Mathlib commit, or {@code null} for a core-Lean set (written as JSON {@code null})
 * @param tier            the checker that accepted the proof; {@code fresh} is the authoritative fresh-process tier
 */
@JsonPropertyOrder({"set", "theorem", "statementHash", "statement", "header", "proof", "leanVersion",
    "mathlibRevision", "axioms", "tier", "recordedAt"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record LedgerEntry(String set, String theorem, String statementHash, String statement, String header,
                          String proof, String leanVersion, String mathlibRevision, List<String> axioms,
                          ProofTier tier, Instant recordedAt) {
    public LedgerEntry {
        Objects.requireNonNull(set, "set is missing");
        Objects.requireNonNull(theorem, "theorem is missing");
        Objects.requireNonNull(statementHash, "statementHash is missing");
        Objects.requireNonNull(statement, "statement is missing");
        Objects.requireNonNull(header, "header is missing");
        Objects.requireNonNull(proof, "proof is missing");
        Objects.requireNonNull(leanVersion, "leanVersion is missing");
        Objects.requireNonNull(axioms, "axioms is missing");
        Objects.requireNonNull(tier, "tier is missing");
        Objects.requireNonNull(recordedAt, "recordedAt is missing");
        axioms = List.copyOf(axioms);
    }

    public static LedgerEntry of(RecordedProof recorded) {
        VerifiedProof proof = recorded.proof();
        return new LedgerEntry(proof.set(), proof.theorem(), proof.statementHash(), proof.statement(), proof.header(),
                proof.proof(), proof.leanVersion(), proof.mathlibRevision().orElse(null), proof.axioms(),
                proof.tier(), recorded.recordedAt());
    }

    /** The entry as the store's value, e.g. to record it again after a re-check. */
    public VerifiedProof toVerifiedProof() {
        return new VerifiedProof(set, theorem, header, statement, proof, leanVersion,
                Optional.ofNullable(mathlibRevision), axioms, tier);
    }
}
