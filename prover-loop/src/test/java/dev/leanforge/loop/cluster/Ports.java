package dev.leanforge.loop.cluster;

import io.vertx.core.Future;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

/** What the clustered tests share: a free port for each node, and waiting for a node's future. */
final class Ports {

    private Ports() {}

    /** A port free a moment ago (another process may take it before the node binds it: tests use few). */
    static int free() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static <T> T await(Future<T> future, int seconds) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    }
}
