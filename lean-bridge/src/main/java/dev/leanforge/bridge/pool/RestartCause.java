package dev.leanforge.bridge.pool;

/** Why the pool replaced a worker with a fresh one. */
public enum RestartCause {
    /** The server process died or the worker reported a crash. */
    CRASH,
    /** A check ran out of time; the worker may still be busy with it. */
    TIMEOUT,
    /** The process tree's resident memory went over the configured limit. */
    MEMORY,
    /** The worker reached the configured number of checks. */
    RECYCLE
}
