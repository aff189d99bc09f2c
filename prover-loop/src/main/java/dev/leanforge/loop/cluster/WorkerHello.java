package dev.leanforge.loop.cluster;

import java.util.Objects;

/**
 * What a worker publishes on {@link #ADDRESS} every {@link WorkerVerticle.Settings#helloEvery()}: its heartbeat and
 * its capacity. Crosses the bus with its JSON codec ({@link dev.leanforge.loop.bus.BusCodecs}), registered by both sides.
 *
 * @param workerId      unique per worker process
 * @param address       the event-bus address that takes its leases
 * @param warmCapacity  checks and goal requests at once (its warm Lean servers)
 * @param freshCapacity fresh-process rechecks at once
 * @param leanVersion   the Lean version it runs
 * @param checksDone    leases it answered since it started (any coordinator)
 * @param failures      leases it could not answer (Lean unavailable, refused by its pool)
 * @param policyCapacity    policy calls at once on {@link #policyAddressOf}; 0: it offers no policy
 * @param policyDescription the description of the policy it offers ({@code PolicyKind.Opening#description()}), which
 *                          a campaign's must equal; empty when it offers none
 */
public record WorkerHello(String workerId, String address, int warmCapacity, int freshCapacity, String leanVersion,
                          long checksDone, long failures, int policyCapacity, String policyDescription) {

    /** Where workers publish their hellos; every coordinator of the cluster listens. */
    public static final String ADDRESS = "leanforge.cluster.workers";

    public WorkerHello {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(leanVersion, "leanVersion");
        policyDescription = policyDescription == null ? "" : policyDescription;
    }

    /** A worker that offers Lean only. */
    public WorkerHello(String workerId, String address, int warmCapacity, int freshCapacity, String leanVersion,
            long checksDone, long failures) {
        this(workerId, address, warmCapacity, freshCapacity, leanVersion, checksDone, failures, 0, "");
    }

    /** The address of worker {@code workerId}. */
    public static String addressOf(String workerId) {
        return "leanforge.cluster.worker." + workerId;
    }

    /** The address of worker {@code workerId}'s policy. */
    public static String policyAddressOf(String workerId) {
        return addressOf(workerId) + ".policy";
    }
}
