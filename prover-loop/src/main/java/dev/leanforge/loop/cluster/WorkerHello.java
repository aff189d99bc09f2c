package dev.leanforge.loop.cluster;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * What a worker publishes on {@link #ADDRESS} every {@link WorkerVerticle.Settings#helloEvery()}: its heartbeat and
 * its capacity. Crosses the bus as a {@link JsonObject} (a codec every Vert.x node has).
 *
 * @param workerId      unique per worker process
 * @param address       the event-bus address that takes its leases
 * @param warmCapacity  checks and goal requests at once (its warm Lean servers)
 * @param freshCapacity fresh-process rechecks at once
 * @param leanVersion   the Lean version it runs
 * @param checksDone    leases it answered since it started (any coordinator)
 * @param failures      leases it could not answer (Lean unavailable, refused by its pool)
 */
public record WorkerHello(String workerId, String address, int warmCapacity, int freshCapacity, String leanVersion,
                          long checksDone, long failures) {

    /** Where workers publish their hellos; every coordinator of the cluster listens. */
    public static final String ADDRESS = "leanforge.cluster.workers";

    public WorkerHello {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(leanVersion, "leanVersion");
    }

    /** The address of worker {@code workerId}. */
    public static String addressOf(String workerId) {
        return "leanforge.cluster.worker." + workerId;
    }

    public JsonObject toJson() {
        return new JsonObject().put("workerId", workerId).put("address", address).put("warmCapacity", warmCapacity)
                .put("freshCapacity", freshCapacity).put("leanVersion", leanVersion).put("checksDone", checksDone)
                .put("failures", failures);
    }

    /** @throws IllegalArgumentException for a message that is no hello (a foreign publisher) */
    public static WorkerHello fromJson(JsonObject json) {
        try {
            return new WorkerHello(json.getString("workerId"), json.getString("address"),
                    json.getInteger("warmCapacity", 0), json.getInteger("freshCapacity", 0),
                    json.getString("leanVersion"), json.getLong("checksDone", 0L), json.getLong("failures", 0L));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a worker hello: " + json.encode(), e);
        }
    }
}
