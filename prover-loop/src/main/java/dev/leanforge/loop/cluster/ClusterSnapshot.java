package dev.leanforge.loop.cluster;

import java.util.List;

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

    /** Workers that take leases now. */
    public long size() {
        return workers.stream().filter(w -> w.state() == State.UP).count();
    }

    public enum State {
        /** Heard from recently, takes leases. */
        UP,
        /** A lease could not be delivered to it; up again at its next hello. */
        DOWN,
        /** Not heard from within the worker timeout; its leases were re-queued. */
        LOST,
        /** Runs another Lean than the campaign pins. */
        EXCLUDED
    }

    /**
     * One worker as this coordinator sees it.
     *
     * @param checksDone      answers this coordinator got from it
     * @param checksPerSecond answers per second over the last {@link WorkerLeases#RATE_WINDOW}
     * @param failures        leases that ended without an answer (refused, undelivered, expired)
     * @param lostLeases      of those, leases expired or re-queued because it was lost
     * @param lateAnswers     replies it sent for leases no longer current (expired, re-leased): ignored
     * @param workerChecks    leases it answered for any coordinator, as its last hello said
     * @param workerFailures  leases it failed for any coordinator, as its last hello said
     * @param hellos          hellos heard from it
     */
    public record Worker(String id, String leanVersion, State state, int warmCapacity, int freshCapacity,
                         int inFlight, long checksDone, double checksPerSecond, long failures, long lostLeases,
                         long lateAnswers, long workerChecks, long workerFailures, long hellos) {}
}
