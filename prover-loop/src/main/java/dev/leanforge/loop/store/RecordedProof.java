package dev.leanforge.loop.store;

import dev.leanforge.loop.proof.VerifiedProof;

import java.time.Instant;
import java.util.Optional;

/**
 * A verified proof as stored.
 *
 * @param attemptId the attempt that found it; empty when it was recorded on its own (e.g. imported from a ledger)
 */
public record RecordedProof(long id, VerifiedProof proof, Optional<Long> attemptId, Instant recordedAt) {
}
