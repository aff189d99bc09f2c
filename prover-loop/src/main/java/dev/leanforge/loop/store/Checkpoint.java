package dev.leanforge.loop.store;

import java.time.Instant;

/** A checkpoint as stored. */
public record Checkpoint(long id, long roundId, NewCheckpoint checkpoint, Instant createdAt) {
}
