package dev.leanforge.loop.store;

import dev.leanforge.loop.proof.Attempt;

import java.time.Instant;

/** An attempt as stored, with its row id and when it was written. */
public record StoredAttempt(long id, Attempt attempt, Instant createdAt) {
}
