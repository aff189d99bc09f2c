package dev.leanforge.loop.cli;

import dev.leanforge.loop.cluster.ClusterOptions;
import dev.leanforge.loop.cluster.ClusterTls;
import dev.leanforge.loop.cluster.ClusterVertx;
import dev.leanforge.loop.config.Limit;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * How {@code worker}, {@code campaign run --cluster} and {@code star run --cluster} join a cluster: the members to
 * join through (or the Kubernetes Service whose DNS name finds them), the cluster's name, the address to bind and
 * the port, and the stores for mutual TLS on the event bus. Hazelcast over TCP-IP or Kubernetes DNS discovery, never
 * multicast; see docs/cluster.md.
 */
final class ClusterCliOptions {

    /** How long joining may take before the command gives up. */
    static final Duration JOIN_TIMEOUT = Duration.ofSeconds(90);

    @Option(names = "--cluster", paramLabel = "HOST:PORT", split = ",", splitSynopsisLabel = ",",
            description = "Join a cluster through these members, comma-separated (Hazelcast TCP-IP, no multicast; "
                    + "list some or all nodes, this one may be among them); or, alone, dns:SERVICE_DNS_NAME[:PORT]: "
                    + "find the members by resolving that name, e.g. a Kubernetes headless Service's "
                    + "(dns:workers.leanforge.svc.cluster.local), each at PORT (default: --cluster-port). A campaign "
                    + "then checks on the cluster's workers (`leanforge worker`) and starts no Lean itself.")
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

    @Within(Limit.PORT)
    @Option(names = "--cluster-bus-port", paramLabel = "PORT", defaultValue = "0",
            description = "The event bus's port (leases and their answers travel on it); 0 takes a free one. Set it "
                    + "where a firewall or a Kubernetes NetworkPolicy must name the ports nodes reach each other on. "
                    + "Default: ${DEFAULT-VALUE}.")
    int busPort;

    @Option(names = "--cluster-key-store", paramLabel = "FILE",
            description = "Mutual TLS on the event bus: this node's PKCS#12 key store (its private key and the "
                    + "certificate your CA signed for it). Needs --cluster-trust-store; every node of the cluster "
                    + "must then be started with TLS. See docs/cluster.md, Security.")
    Path keyStore;

    @Option(names = "--cluster-trust-store", paramLabel = "FILE",
            description = "Mutual TLS: PKCS#12 trust store of the CA certificate(s) whose nodes this one talks to; "
                    + "a node without a certificate they signed can neither answer leases nor send hellos.")
    Path trustStore;

    @Option(names = "--cluster-store-password-env", paramLabel = "VAR", defaultValue = DEFAULT_PASSWORD_ENV,
            description = "The environment variable holding the password of both stores (never give a password on "
                    + "the command line). Default: ${DEFAULT-VALUE}.")
    String passwordEnv;

    static final String DEFAULT_PASSWORD_ENV = "LEANFORGE_CLUSTER_STORE_PASSWORD";

    /** Where the store password is read (tests replace it). */
    UnaryOperator<String> environment = System::getenv;

    /** Whether {@code --cluster} is given; TLS stores without it are a usage error. */
    boolean enabled() {
        boolean enabled = members != null && !members.isEmpty();
        if (!enabled && (keyStore != null || trustStore != null)) {
            throw new CliError((keyStore != null ? "--cluster-key-store" : "--cluster-trust-store")
                    + " is for a cluster: give --cluster HOST:PORT,… too");
        }
        return enabled;
    }

    ClusterOptions options(Duration workerTimeout, Duration noWorkerWait) {
        Optional<ClusterTls> tls = tls();
        try {
            return ClusterOptions.builder().join(ClusterOptions.parseJoin(members)).clusterName(clusterName)
                    .bindHost(bind).port(port).busPort(busPort)
                    .workerTimeout(workerTimeout).noWorkerWait(noWorkerWait).tls(tls).build();
        } catch (IllegalArgumentException e) {
            throw new CliError("--cluster: " + e.getMessage(), e);
        }
    }

    /** The TLS stores, loaded once here so that a mistake fails before joining; empty without them. */
    Optional<ClusterTls> tls() {
        if (keyStore == null && trustStore == null) {
            return Optional.empty();
        }
        if (keyStore == null || trustStore == null) {
            throw new CliError("mutual TLS needs both stores: --cluster-key-store FILE (this node's key and "
                    + "certificate) and --cluster-trust-store FILE (the CA's certificate); "
                    + (keyStore == null ? "--cluster-key-store" : "--cluster-trust-store") + " is missing "
                    + "(docs/cluster.md, Security)");
        }
        if (passwordEnv == null || passwordEnv.isBlank()) {
            throw new CliError("--cluster-store-password-env: name the environment variable holding the store "
                    + "password");
        }
        String password = environment.apply(passwordEnv);
        if (password == null || password.isEmpty()) {
            throw new CliError("--cluster-key-store: the store password is read from the environment variable "
                    + passwordEnv + ", which is not set or empty; set it (or name another with "
                    + "--cluster-store-password-env)");
        }
        try {
            ClusterTls.checkKeyStore(keyStore, password);
        } catch (IllegalArgumentException e) {
            throw new CliError("--cluster-key-store " + e.getMessage() + hint(e), e);
        }
        try {
            ClusterTls.checkTrustStore(trustStore, password);
        } catch (IllegalArgumentException e) {
            throw new CliError("--cluster-trust-store " + e.getMessage() + hint(e), e);
        }
        return Optional.of(new ClusterTls(keyStore, trustStore, password));
    }

    private String hint(IllegalArgumentException e) {
        return e.getMessage().endsWith("the password does not open it")
                ? " (the password is read from the environment variable " + passwordEnv + ")" : "";
    }

    /** How this node's event bus is protected, for the line saying it joined. */
    static String busSecurity(ClusterOptions options) {
        return options.tls().isPresent() ? "event bus: mutual TLS"
                : "event bus unauthenticated: see docs/cluster.md, Security";
    }

    /** Joins the cluster (blocking, at most {@link #JOIN_TIMEOUT}). */
    static Vertx join(ClusterOptions options, VertxOptions base, VertxMetricsFactory metrics) {
        try {
            return ClusterVertx.start(options, base, metrics).toCompletionStage().toCompletableFuture()
                    .get(JOIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new CliError("cannot join cluster \"" + options.clusterName() + "\" through " + options.join().describe()
                    + " from " + options.bindHost() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new CliError("cannot join cluster \"" + options.clusterName() + "\" through " + options.join().describe()
                    + " within " + JOIN_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliError("interrupted", e);
        }
    }
}
