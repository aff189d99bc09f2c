package dev.leanforge.loop.cli;

import dev.leanforge.loop.http.HttpApiOptions;
import dev.leanforge.loop.http.HttpApiVerticle;
import dev.leanforge.loop.http.InstrumentedVertx;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.leanforge.loop.cluster.ClusterMeters;
import dev.leanforge.loop.cluster.ClusterOptions;
import dev.leanforge.loop.cluster.WorkerLeases;
import java.util.concurrent.atomic.AtomicReference;
import io.vertx.core.Vertx;
import io.vertx.micrometer.MicrometerMetricsFactory;
import java.util.Optional;
import io.vertx.core.VertxOptions;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --serve [HOST:]PORT}, a picocli mixin: the dashboard and HTTP API (docs/dashboard.md) inside the command's
 * own process, where they receive the live progress events that a separate {@code leanforge serve} never sees
 * (the event bus is local to a process). A command that runs campaigns uses it like this:
 *
 * <pre>{@code
 * @Mixin ServeOption serve;
 * …
 * Vertx vertx = serve.newVertx();        // reports Vert.x's own metrics to /metrics when serving
 * serve.start(vertx, storeFile, err);    // with --serve: deploys the dashboard and prints its URL; else nothing
 * }</pre>
 *
 * <p>The dashboard lives as long as that {@code Vertx}: closing it at the end of the command stops it.
 */
final class ServeOption {

    private static final long START_TIMEOUT_SECONDS = 30;

    @Option(names = "--serve", paramLabel = "[HOST:]PORT", converter = Address.Converter.class,
            description = "Also serve the dashboard, with this run's live progress, while the command runs; "
                    + "PORT 0 picks a free one, HOST defaults to " + HttpApiOptions.DEFAULT_HOST
                    + " (this machine only). The URL is printed on stderr.")
    Address address;

    private PrometheusMeterRegistry registry;

    /** The cluster's Lean this run checks with, once it coordinates one: shown on the dashboard. */
    private final AtomicReference<WorkerLeases> cluster = new AtomicReference<>();

    /** Where the dashboard listens. */
    record Address(String host, int port) {

        /** Reads {@code PORT}, {@code HOST:PORT} or {@code [IPv6]:PORT}. */
        static Address parse(String text) {
            String usage = "--serve takes [HOST:]PORT with PORT in 0..65535 (0 picks a free one), e.g. 8080 or "
                    + "0.0.0.0:8080; got \"" + text + "\"";
            int colon = text.lastIndexOf(':');
            String host = colon < 0 ? HttpApiOptions.DEFAULT_HOST : text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(usage, e);
            }
            if (host.isBlank() || port < 0 || port > 65_535) {
                throw new IllegalArgumentException(usage);
            }
            return new Address(host, port);
        }

        static final class Converter implements ITypeConverter<Address> {
            @Override
            public Address convert(String value) {
                try {
                    return parse(value);
                } catch (IllegalArgumentException e) {
                    throw new TypeConversionException(e.getMessage());
                }
            }
        }
    }

    /** As {@link #newVertx()}, joined to the cluster of {@code cluster} (blocking). */
    Vertx newClusteredVertx(ClusterOptions cluster) {
        return address == null ? ClusterCliOptions.join(cluster, new VertxOptions(), null)
                : ClusterCliOptions.join(cluster, InstrumentedVertx.options(new VertxOptions()),
                        new MicrometerMetricsFactory(registry()));
    }

    /** With {@code --serve}: shows the workers of {@code lean} on the dashboard and {@code /metrics}. */
    void showCluster(WorkerLeases lean) {
        if (address != null) {
            cluster.set(lean);
            ClusterMeters.bind(registry(), lean);
        }
    }

    /** The command's Vert.x instance: with {@code --serve}, one whose own metrics go to the dashboard's registry. */
    Vertx newVertx() {
        return address == null ? Vertx.vertx() : InstrumentedVertx.create(new VertxOptions(), registry());
    }

    /**
     * With {@code --serve}: deploys the dashboard over {@code store} (which must exist) in {@code vertx} and prints
     * its URL on {@code err}. Without it: nothing.
     *
     * @throws CliError when the address cannot be bound or the dashboard does not start
     */
    void start(Vertx vertx, Path store, PrintWriter err) {
        if (address == null) {
            return;
        }
        HttpApiVerticle api = new HttpApiVerticle(new HttpApiOptions(address.host(), address.port(), store,
                HttpApiOptions.DEFAULT_HEARTBEAT), registry(),
                () -> Optional.ofNullable(cluster.get()).map(WorkerLeases::snapshot));
        try {
            vertx.deployVerticle(api).toCompletionStage().toCompletableFuture()
                    .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new CliError(startFailure(e.getCause(), address.host(), address.port(), "--serve"), e.getCause());
        } catch (TimeoutException e) {
            throw new CliError("The dashboard did not start within " + START_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliError("interrupted", e);
        }
        err.println("Dashboard with live progress at " + api.url() + " while this command runs.");
        err.flush();
    }

    /**
     * Why the dashboard did not start, for people: a port in use says so and names {@code option} to choose
     * another one.
     */
    static String startFailure(Throwable failure, String host, int port, String option) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return "Cannot listen on " + host + ":" + port + ": " + cause.getMessage() + ". Another server may be "
                        + "using that port: stop it or choose another with " + option + ".";
            }
        }
        return "The dashboard could not start on " + host + ":" + port + ": " + failure.getMessage();
    }

    private PrometheusMeterRegistry registry() {
        if (registry == null) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        }
        return registry;
    }
}
