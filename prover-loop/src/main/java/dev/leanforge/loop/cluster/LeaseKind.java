package dev.leanforge.loop.cluster;

/** What a lease asks a worker: the three verbs of {@link dev.leanforge.loop.bus.LeanService}. */
public enum LeaseKind {
    /** A check on a warm server. */
    CHECK,
    /** A check in a fresh Lean process, the authoritative tier. */
    RECHECK,
    /** The goals after a tactic prefix, on a warm server. */
    GOALS;

    /** Whether it takes a fresh-process slot of the worker rather than a warm server. */
    public boolean fresh() {
        return this == RECHECK;
    }
}
