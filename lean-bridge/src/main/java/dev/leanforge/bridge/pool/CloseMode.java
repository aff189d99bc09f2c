package dev.leanforge.bridge.pool;

/** What {@link CheckerPool#closeAsync(CloseMode)} does with checks that are still queued. */
public enum CloseMode {
    /** Run every queued check to its verdict, then stop the workers. */
    FINISH_QUEUED,
    /**
     * Fail queued checks with {@link PoolClosedException} at once; running checks get the configured close grace to
     * finish, after which they fail the same way and the workers are killed.
     */
    CANCEL_QUEUED
}
