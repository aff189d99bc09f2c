package dev.leanforge.loop.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the clustered tests share: a free port for each node, waiting for a node's future, closing the nodes. */
final class Ports {

    private Ports() {}

    /** A port free a moment ago (another process may take it before the node binds it: tests use few). */
    static int free() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Closes every node at once (leaving the cluster one by one would re-balance it each time). */
    static void closeAll(List<Vertx> nodes) throws Exception {
        List<Future<Void>> closing = new ArrayList<>();
        for (Vertx vertx : nodes) {
            closing.add(vertx.close());
        }
        await(Future.join(closing), 60);
    }

    static <T> T await(Future<T> future, int seconds) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    }
}
