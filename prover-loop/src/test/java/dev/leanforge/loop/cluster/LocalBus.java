package dev.leanforge.loop.cluster;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.app.LocalCodec;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** A non-clustered Vert.x whose bus passes the bridge's types by reference, and a poll for async conditions. */
final class LocalBus {

    private LocalBus() {}

    static Vertx vertx() {
        Vertx vertx = Vertx.vertx();
        LocalCodec.register(vertx);
        vertx.eventBus().codecSelector(body -> body instanceof CheckTask || body instanceof Verdict
                || body instanceof GoalAnswer ? LocalCodec.NAME : null);
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
