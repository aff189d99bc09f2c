package dev.leanforge.loop.cluster;

import dev.leanforge.loop.bus.BusCodecs;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** A non-clustered Vert.x whose bus has the bus codecs (the objects themselves within a JVM), and a poll for async conditions. */
final class LocalBus {

    private LocalBus() {}

    static Vertx vertx() {
        Vertx vertx = Vertx.vertx();
        BusCodecs.register(vertx);
        return vertx;
    }

    /** Waits (polling) until {@code condition} holds: for messages in flight, never for time to pass. */
    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}
