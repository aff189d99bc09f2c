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
 * A Vert.x instance for tests that fails on what production would only log: it checks every 50 ms, reports an event
 * loop busy for 2 s (Vert.x's default) and a task on the default worker pool busy for 10 s (default 60 s). Every
 * report is kept, so a test can fail on it: {@link #blockedThreads()}. Tighter limits made tests fail on a loaded
 * 2-core machine where nothing blocked; a real block (a process wait, model compute) lasts far longer.
 */
public final class StrictVertx {

    private final Vertx vertx;
    private final List<String> blocked = Collections.synchronizedList(new ArrayList<>());

    private StrictVertx() {
        vertx = Vertx.vertx(new VertxOptions()
                .setBlockedThreadCheckInterval(50).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                .setMaxEventLoopExecuteTime(2).setMaxEventLoopExecuteTimeUnit(TimeUnit.SECONDS)
                .setMaxWorkerExecuteTime(10).setMaxWorkerExecuteTimeUnit(TimeUnit.SECONDS));
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
