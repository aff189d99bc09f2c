package dev.leanforge.loop.cli;

import dev.leanforge.loop.config.Limit;
import dev.leanforge.loop.http.HttpApiOptions;
import dev.leanforge.loop.http.HttpApiVerticle;
import dev.leanforge.loop.http.InstrumentedVertx;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code leanforge serve}: the HTTP API and dashboard over a store, until Ctrl-C. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serve the dashboard, the JSON API, Prometheus /metrics and live campaign progress over a store.",
            "Routes and the page are described in docs/dashboard.md. Ctrl-C stops the server.",
            "Exit codes: 0 stopped, 2 no store at that path or the address cannot be bound."
        })
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOption store;

    @Within(Limit.PORT)
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + HttpApiOptions.DEFAULT_PORT,
            description = "The port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = HttpApiOptions.DEFAULT_HOST,
            description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Option(names = "--allowed-host", paramLabel = "NAME",
            description = "Also answer requests for this host name (repeatable; * for any). By default only "
                    + "localhost, the loopback addresses and --host are answered, against DNS rebinding.")
    List<String> allowedHosts = List.of();

    /** Completing it stops the server; Ctrl-C (the shutdown hook) completes it. */
    final CompletableFuture<Void> stopRequested = new CompletableFuture<>();

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(store.file)) {
            err.println("No store at " + store.file.toAbsolutePath()
                    + ". Run a campaign first, or point --store at an existing store.");
            return LeanforgeCli.EXIT_USAGE;
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx vertx = InstrumentedVertx.create(new VertxOptions(), registry);
        HttpApiVerticle api = new HttpApiVerticle(
                new HttpApiOptions(host, port, store.file, HttpApiOptions.DEFAULT_HEARTBEAT)
                        .withAllowedHosts(allowedHosts), registry);
        PrintWriter out = spec.commandLine().getOut();
        UntilCtrlC life = new UntilCtrlC("serve", out, err);
        if (!life.deploy(vertx, api, host, port)) {
            return LeanforgeCli.EXIT_USAGE;
        }
        life.serve(vertx, stopRequested, "Serving the leanforge dashboard at " + api.url() + " (store: "
                + store.file.toAbsolutePath() + "). Press Ctrl-C to stop.");
        return 0;
    }
}
