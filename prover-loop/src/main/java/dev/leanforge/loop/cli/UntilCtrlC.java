package dev.leanforge.loop.cli;

import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The life of a command that serves until Ctrl-C ({@code serve}, {@code verify-server}): the server's verticle
 * deployed in a {@code Vertx} of the command's own, a shutdown hook that asks it to stop, the wait, and the close.
 *
 * <pre>{@code
 * UntilCtrlC life = new UntilCtrlC("serve", out, err);
 * if (!life.deploy(vertx, api, host, port)) return LeanforgeCli.EXIT_USAGE;   // closed, reason printed
 * life.serve(vertx, stopRequested, "Serving … at " + api.url() + ". Press Ctrl-C to stop.");
 * }</pre>
 */
final class UntilCtrlC {

    private static final long CLOSE_TIMEOUT_SECONDS = 10;

    private final String command;
    private final PrintWriter out;
    private final PrintWriter err;

    /** @param command the subcommand's name, for the messages and the hook's thread name */
    UntilCtrlC(String command, PrintWriter out, PrintWriter err) {
        this.command = command;
        this.out = out;
        this.err = err;
    }

    /**
     * Deploys the server; when it cannot start (the port is taken, the host cannot be bound, no answer in time) closes
     * {@code vertx}, prints why and returns false.
     */
    boolean deploy(Vertx vertx, Deployable server, String host, int port) throws InterruptedException {
        try {
            await(vertx.deployVerticle(server).toCompletionStage().toCompletableFuture());
            return true;
        } catch (ExecutionException e) {
            close(vertx);
            err.println(ServeOption.startFailure(e.getCause(), host, port, "--port"));
            return false;
        }
    }

    /**
     * Prints {@code listening}, then waits until {@code stopRequested} completes (Ctrl-C completes it) and closes
     * {@code vertx}. The shutdown hook waits for the close, so Ctrl-C does not end the JVM under it.
     */
    void serve(Vertx vertx, CompletableFuture<Void> stopRequested, String listening) {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        Thread onCtrlC = new Thread(() -> {
            stopRequested.complete(null);
            stopped.orTimeout(CLOSE_TIMEOUT_SECONDS + 5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }, "leanforge-" + command + "-shutdown");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        out.println(listening);
        out.flush();
        try {
            stopRequested.join();
        } finally {
            close(vertx);
            out.println("leanforge " + command + " stopped.");
            out.flush();
            stopped.complete(null);
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for this method to finish.
            }
        }
    }

    private static <T> T await(CompletableFuture<T> future) throws ExecutionException, InterruptedException {
        try {
            return future.get(CLOSE_TIMEOUT_SECONDS * 3, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new ExecutionException(new TimeoutException("no answer within " + CLOSE_TIMEOUT_SECONDS * 3 + " s"));
        }
    }

    private void close(Vertx vertx) {
        try {
            await(vertx.close().toCompletionStage().toCompletableFuture());
        } catch (ExecutionException | InterruptedException e) {
            err.println("leanforge " + command + ": closing failed: " + e.getCause());
        }
    }
}
