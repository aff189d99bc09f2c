package dev.leanforge.loop.cluster;

import dev.leanforge.loop.policy.PolicyIdentity;
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
 * @param policyDescription the description of the policy it offers ({@code PolicyKind.Opening#description()}), for
 *                          people; empty when it offers none
 * @param policyIdentity    the identity of that policy ({@link PolicyIdentity#identity()}: the description and the
 *                          settings that shape its completions), which a campaign's must equal; empty when none
 */
public record WorkerHello(String workerId, String address, int warmCapacity, int freshCapacity, String leanVersion,
                          long checksDone, long failures, int policyCapacity, String policyDescription,
                          String policyIdentity) {

    /** Where workers publish their hellos; every coordinator of the cluster listens. */
    public static final String ADDRESS = "leanforge.cluster.workers";

    public WorkerHello {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(leanVersion, "leanVersion");
        policyDescription = policyDescription == null ? "" : policyDescription;
        policyIdentity = policyIdentity == null ? "" : policyIdentity;
    }

    /** A worker that offers Lean only. */
    public WorkerHello(String workerId, String address, int warmCapacity, int freshCapacity, String leanVersion,
            long checksDone, long failures) {
        this(workerId, address, warmCapacity, freshCapacity, leanVersion, checksDone, failures, 0, "", "");
    }

    /** A worker that offers {@code policyCapacity} calls at once of the policy {@code policy}. */
    public WorkerHello(String workerId, String address, int warmCapacity, int freshCapacity, String leanVersion,
            long checksDone, long failures, int policyCapacity, PolicyIdentity policy) {
        this(workerId, address, warmCapacity, freshCapacity, leanVersion, checksDone, failures, policyCapacity,
                policy.description(), policy.identity());
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
