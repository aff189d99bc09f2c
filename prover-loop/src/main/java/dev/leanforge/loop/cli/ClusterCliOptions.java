package dev.leanforge.loop.cli;

import dev.leanforge.loop.cluster.ClusterOptions;
import dev.leanforge.loop.cluster.ClusterVertx;
import dev.leanforge.loop.config.Limit;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Option;

/**
 * How {@code worker} and {@code campaign run --cluster} join a cluster: the members to join through, the cluster's
 * name, the address to bind and the port. Hazelcast over TCP-IP, never multicast; see docs/cluster.md.
 */
final class ClusterCliOptions {

    /** How long joining may take before the command gives up. */
    static final Duration JOIN_TIMEOUT = Duration.ofSeconds(90);

    @Option(names = "--cluster", paramLabel = "HOST:PORT", split = ",", splitSynopsisLabel = ",",
            description = "Join a cluster through these members, comma-separated (Hazelcast TCP-IP, no multicast; "
                    + "list some or all nodes, this one may be among them). A campaign then checks on the cluster's "
                    + "workers (`leanforge worker`) and starts no Lean itself.")
    List<String> members;

    @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = ClusterOptions.DEFAULT_NAME,
            description = "Only nodes of the same cluster name join each other. Default: ${DEFAULT-VALUE}.")
    String clusterName;

    @Option(names = "--bind", paramLabel = "HOST", defaultValue = ClusterOptions.DEFAULT_BIND,
            description = "Address this node binds and announces to the cluster. Default: ${DEFAULT-VALUE} (this "
                    + "machine only); set this machine's private-network address for a real cluster.")
    String bind;

    @Within(Limit.CLUSTER_PORT)
    @Option(names = "--cluster-port", paramLabel = "PORT", defaultValue = "5701",
            description = "Hazelcast port, the next free one above it when taken. Default: ${DEFAULT-VALUE}.")
    int port;

    boolean enabled() {
        return members != null && !members.isEmpty();
    }

    ClusterOptions options(Duration workerTimeout, Duration noWorkerWait) {
        try {
            return ClusterOptions.builder().members(members.stream().map(String::strip)
                            .filter(m -> !m.isEmpty()).toList()).clusterName(clusterName).bindHost(bind).port(port)
                    .workerTimeout(workerTimeout).noWorkerWait(noWorkerWait).build();
        } catch (IllegalArgumentException e) {
            throw new CliError("--cluster: " + e.getMessage(), e);
        }
    }

    /** Joins the cluster (blocking, at most {@link #JOIN_TIMEOUT}). */
    static Vertx join(ClusterOptions options, VertxOptions base, VertxMetricsFactory metrics) {
        try {
            return ClusterVertx.start(options, base, metrics).toCompletionStage().toCompletableFuture()
                    .get(JOIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new CliError("cannot join cluster \"" + options.clusterName() + "\" through " + options.members()
                    + " from " + options.bindHost() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new CliError("cannot join cluster \"" + options.clusterName() + "\" through " + options.members()
                    + " within " + JOIN_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliError("interrupted", e);
        }
    }
}
