package dev.leanforge.loop.cluster;

/**
 * What a lease asks a worker: the three verbs of {@link dev.leanforge.loop.bus.LeanService}, and a policy call of
 * {@link dev.leanforge.loop.bus.PolicyService}. Each takes a slot of one {@link Capacity} of the worker.
 */
public enum LeaseKind {
    /** A check on a warm server. */
    CHECK,
    /** A check in a fresh Lean process, the authoritative tier. */
    RECHECK,
    /** The goals after a tactic prefix, on a warm server. */
    GOALS,
    /** Completions of a prompt by the worker's policy. */
    COMPLETE;

    /** The slots a worker advertises in its hello, one count per class. */
    public enum Capacity {
        /** Warm Lean servers: checks and goal requests. */
        WARM,
        /** Fresh Lean processes: rechecks. */
        FRESH,
        /** Policy calls at once. */
        POLICY;

        /** What its slots depend on: a worker may be excluded from one family and keep serving the other. */
        public Family family() {
            return this == POLICY ? Family.POLICY : Family.LEAN;
        }
    }

    /**
     * The two services a worker may offer, each with its own slots: its Lean (warm and fresh slots) and its policy.
     * One does not depend on the other, so exclusion is per family (docs/cluster.md, "Policy workers").
     */
    public enum Family {
        LEAN("Lean"),
        POLICY("policy");

        private final String label;

        Family(String label) {
            this.label = label;
        }

        /** For messages: "Lean", "policy". */
        public String label() {
            return label;
        }
    }

    /** Which of the worker's slots it takes. */
    public Capacity capacity() {
        return switch (this) {
            case CHECK, GOALS -> Capacity.WARM;
            case RECHECK -> Capacity.FRESH;
            case COMPLETE -> Capacity.POLICY;
        };
    }

    /** Whether it takes a fresh-process slot of the worker rather than a warm server. */
    public boolean fresh() {
        return this == RECHECK;
    }
}
