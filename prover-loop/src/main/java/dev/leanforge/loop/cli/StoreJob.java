package dev.leanforge.loop.cli;

import dev.leanforge.loop.campaign.CampaignSetupException;
import dev.leanforge.loop.config.ConfigException;
import dev.leanforge.loop.store.Store;
import dev.leanforge.loop.store.StoreException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How {@code campaign run} and {@code star run} carry out their work: the store opened, a Vert.x instance of their
 * own with the campaign progress bar (and, with {@code --serve}, the dashboard), the job awaited, and its ending
 * turned into an exit code — 0 done; 1 stopped part-way (kept in the store, the same command resumes it); a usage
 * error (exit 2) when the store, a policy, Lean or the settings could not be set up.
 */
final class StoreJob {

    /** Prints a finished job's result. */
    @FunctionalInterface
    interface Done<T> {
        void print(T result) throws IOException;
    }

    private StoreJob() {}

    /**
     * @param job     starts the work in the Vert.x instance, recording into the store
     * @param stopped what to tell the user when the job stopped part-way with this cause
     */
    static <T> int run(Path storeFile, Supplier<Vertx> vertxFactory, ServeOption serve, boolean progress,
            PrintWriter err, BiFunction<Vertx, Store, Future<T>> job, Done<T> done,
            Function<Throwable, String> stopped) {
        try (Store store = openStore(storeFile)) {
            Vertx vertx = vertxFactory.get();
            CampaignProgressBar display = CampaignProgressBar.attach(vertx, err, progress);
            try {
                serve.start(vertx, storeFile, err);
                T result = job.apply(vertx, store).toCompletionStage().toCompletableFuture().get();
                display.close();
                done.print(result);
                return 0;
            } catch (ExecutionException e) {
                display.close();
                Throwable cause = e.getCause();
                if (cause instanceof CampaignSetupException || cause instanceof ConfigException) {
                    throw new CliError(cause.getMessage(), cause);
                }
                err.println(stopped.apply(cause));
                err.flush();
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliError("interrupted", e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                display.close();
                vertx.close().toCompletionStage().toCompletableFuture().join();
            }
        }
    }

    /** Opens the store a run records into; one that cannot be opened is a usage error (exit 2). */
    private static Store openStore(Path file) {
        try {
            return Store.open(file);
        } catch (StoreException e) {
            throw new CliError(e.getMessage(), e);
        }
    }
}
