package dev.leanforge.loop.app;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.threadchecker.BlockedThreadEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Vert.x instance for tests that watches for blocked threads much more closely than the defaults: it checks every
 * 50 ms, reports an event loop busy for 500 ms (default 2 s) and a task on the default worker pool busy for 2 s
 * (default 60 s). Every report is kept, so a test can fail on it: {@link #blockedThreads()}.
 */
public final class StrictVertx {

    private final Vertx vertx;
    private final List<String> blocked = Collections.synchronizedList(new ArrayList<>());

    private StrictVertx() {
        vertx = Vertx.vertx(new VertxOptions()
                .setBlockedThreadCheckInterval(50).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                .setMaxEventLoopExecuteTime(500).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                .setMaxWorkerExecuteTime(2).setMaxWorkerExecuteTimeUnit(TimeUnit.SECONDS));
        // Test-only use of Vert.x's internal checker: the public API only logs the warnings.
        ((VertxInternal) vertx).blockedThreadChecker()
                .setThreadBlockedHandler((BlockedThreadEvent event) -> blocked.add(event.toString()));
    }

    public static StrictVertx create() {
        return new StrictVertx();
    }

    public Vertx vertx() {
        return vertx;
    }

    /** Every blocked-thread report so far; a test passes only with none. */
    public List<String> blockedThreads() {
        synchronized (blocked) {
            return List.copyOf(blocked);
        }
    }

    /** Closes the instance and waits for it. */
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
