package dev.leanforge.loop.cluster;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The workers a coordinator knows, for {@code /metrics} and the dashboard.
 *
 * @param clusterName the Hazelcast cluster name
 * @param pinnedLeanVersion the Lean version the campaign pins
 * @param workers     every worker heard from, live or not
 * @param queued      requests waiting for a worker
 */
public record ClusterSnapshot(String clusterName, String pinnedLeanVersion, List<Worker> workers, int queued) {

    public ClusterSnapshot {
        workers = List.copyOf(workers);
    }

    /** Workers that take leases of some family now. */
    public long size() {
        return workers.stream().filter(Worker::takesLeases).count();
    }

    /** Workers that take leases of {@code family} now. */
    public long size(LeaseKind.Family family) {
        return workers.stream().filter(w -> w.takes(family)).count();
    }

    /** Whether the worker is heard from and reachable: for all its slots, Lean and policy alike. */
    public enum State {
        /** Heard from recently, reachable. */
        UP,
        /** A lease could not be delivered to it; up again at its next hello. */
        DOWN,
        /** Not heard from within the worker timeout; its leases were re-queued. */
        LOST
    }

    /**
     * Why a worker that is up takes no leases of one {@link LeaseKind.Family} of its slots; the other family is not
     * affected (a GPU machine's policy does not depend on its Lean).
     *
     * @param until how long
     * @param why   for people: the refusal or the mismatch
     */
    public record Exclusion(Until until, String why) {

        public Exclusion {
            Objects.requireNonNull(until, "until");
            Objects.requireNonNull(why, "why");
        }

        public enum Until {
            /** Its Lean could not be started for a lease: it is tried again after its next hello. */
            NEXT_HELLO,
            /** For the rest of the run: another Lean version, or a Lean failing again and again. */
            END_OF_RUN
        }

        /** "excluded: why", for messages about one family. */
        public String describe() {
            return (until == Until.END_OF_RUN ? "excluded: " : "excluded until its next hello: ") + why;
        }
    }

    /**
     * A worker's policy slots as this coordinator sees them.
     *
     * @param capacity    policy calls at once, as its hello says; 0: it offers no policy
     * @param inFlight    policy calls it holds now (counted in {@link Worker#inFlight()} too)
     * @param callsDone   policy calls it answered this coordinator (counted in {@link Worker#checksDone()} too)
     * @param description the policy it serves ({@code PolicyKind.Opening#description()}); empty when none
     * @param matches     whether that is the campaign's policy: only then does it get policy calls
     */
    public record PolicySlots(int capacity, int inFlight, long callsDone, String description, boolean matches) {
        public static final PolicySlots NONE = new PolicySlots(0, 0, 0, "", false);
    }

    /**
     * One worker as this coordinator sees it.
     *
     * @param state           heard from and reachable, for all its slots
     * @param excluded        the families of its slots it takes no leases of, though {@link State#UP}, and why
     * @param serving         the families it takes leases of now (its slots may all be taken): up, offering them,
     *                        not excluded, and for the policy, the campaign's
     * @param inFlight        leases it holds now, of any kind (policy calls included: see {@link PolicySlots})
     * @param policy          its policy slots
     * @param checksDone      answers this coordinator got from it, of any kind (policy calls included)
     * @param checksPerSecond answers per second over the last {@link WorkerLeases#RATE_WINDOW}
     * @param failures        leases that ended without an answer (refused, undelivered, expired)
     * @param lostLeases      of those, leases expired or re-queued because it was lost
     * @param lateAnswers     replies it sent for leases no longer current (expired, re-leased): ignored
     * @param workerChecks    leases it answered for any coordinator, as its last hello said
     * @param workerFailures  leases it failed for any coordinator, as its last hello said
     * @param hellos          hellos heard from it
     */
    public record Worker(String id, String leanVersion, State state, Map<LeaseKind.Family, Exclusion> excluded,
                         Set<LeaseKind.Family> serving,
                         int warmCapacity, int freshCapacity, int inFlight, PolicySlots policy, long checksDone,
                         double checksPerSecond, long failures, long lostLeases, long lateAnswers, long workerChecks,
                         long workerFailures, long hellos) {

        public Worker {
            Objects.requireNonNull(state, "state");
            // An EnumMap for a stable order (the dashboard lists them); it refuses an empty plain map.
            excluded = excluded.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(excluded));
            serving = serving.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(serving));
            Objects.requireNonNull(policy, "policy");
        }

        /** Whether it takes leases of {@code family} now. */
        public boolean takes(LeaseKind.Family family) {
            return serving.contains(family);
        }

        /** Whether it takes leases of some family now. */
        public boolean takesLeases() {
            return !serving.isEmpty();
        }
    }
}
