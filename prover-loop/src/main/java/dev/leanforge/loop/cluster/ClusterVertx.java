package dev.leanforge.loop.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * A clustered Vert.x instance with the Hazelcast cluster manager, configured from {@link ClusterOptions}: Vert.x's
 * own Hazelcast configuration (the maps its event bus needs) with the cluster name, multicast and auto-detection off,
 * one join method ({@link ClusterOptions.Join}: TCP-IP through the member list, or Kubernetes discovery by DNS
 * lookup), the bind address, the port (counting upwards when taken), no phone-home, logging through
 * slf4j, and failure detection in seconds rather than Hazelcast's minute; and the event bus, with mutual TLS when
 * {@link ClusterOptions#tls()} is set.
 */
public final class ClusterVertx {

    /** Seconds between Hazelcast heartbeats, and without one before a member is dropped. */
    static final int HEARTBEAT_SECONDS = 1;
    static final int MAX_NO_HEARTBEAT_SECONDS = 10;

    /**
     * Seconds one DNS lookup of Kubernetes discovery may take (Hazelcast's property {@code service-dns-timeout}, in
     * seconds; its default is 5). Cluster DNS answers in milliseconds; a slow first answer while a pod starts is
     * retried at the next discovery round anyway, so a longer wait only delays the start.
     */
    static final int SERVICE_DNS_TIMEOUT_SECONDS = 5;

    private ClusterVertx() {}

    /** The Hazelcast configuration for {@code options}. */
    public static Config hazelcastConfig(ClusterOptions options) {
        Config config = ConfigUtil.loadConfig();
        config.setClusterName(options.clusterName());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.heartbeat.interval.seconds", Integer.toString(HEARTBEAT_SECONDS));
        config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(MAX_NO_HEARTBEAT_SECONDS));
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        config.setProperty("hazelcast.socket.bind.any", "false");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(options.port()).setPortAutoIncrement(true);
        network.setPublicAddress(null);
        network.getInterfaces().setEnabled(true).setInterfaces(List.of(address(options.bindHost())));
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        // Hazelcast refuses a configuration with two join methods on: exactly one of these is enabled.
        if (options.join() instanceof ClusterOptions.MemberList list) {
            join.getTcpIpConfig().setEnabled(true).setMembers(list.members());
            join.getKubernetesConfig().setEnabled(false);
        } else if (options.join() instanceof ClusterOptions.KubernetesDns dns) {
            join.getTcpIpConfig().setEnabled(false);
            // DNS lookup mode (service-dns set): no Kubernetes API, no token or RBAC. Each address the name resolves
            // to is tried at service-port only, so it is always set: the given port, else this node's own.
            join.getKubernetesConfig().setEnabled(true)
                    .setProperty("service-dns", dns.serviceDns())
                    .setProperty("service-dns-timeout", Integer.toString(SERVICE_DNS_TIMEOUT_SECONDS))
                    .setProperty("service-port", Integer.toString(dns.servicePort().orElse(options.port())));
        } else {
            throw new IllegalStateException("unknown join method " + options.join()); // Join is sealed
        }
        return config;
    }

    /** The IP address of {@code host} (Hazelcast's interfaces are addresses); blocking on a name. */
    private static String address(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve the bind address " + host + ": " + e.getMessage(), e);
        }
    }

    /**
     * The event-bus options for {@code options}: bound to the bind address on {@link ClusterOptions#busPort()} (0: a
     * free port), announced at the bind address; with {@link ClusterOptions#tls()}, mutual TLS: this node's certificate from the key store, peers'
     * certificates checked against the trust store, and a certificate required of every connecting node too
     * ({@link ClientAuth#REQUIRED}), and no trusting of every server (Vert.x's event bus does by default). The
     * clustered event bus verifies no host names, only the chain to a trusted CA, so node certificates need no names
     * or addresses.
     */
    public static EventBusOptions eventBusOptions(ClusterOptions options) {
        EventBusOptions bus = new EventBusOptions().setHost(options.bindHost()).setPort(options.busPort())
                .setClusterPublicHost(options.bindHost());
        options.tls().ifPresent(tls -> bus.setSsl(true)
                .setKeyCertOptions(new PfxOptions().setPath(tls.keyStore().toString()).setPassword(tls.password()))
                .setTrustOptions(new PfxOptions().setPath(tls.trustStore().toString()).setPassword(tls.password()))
                .setClientAuth(ClientAuth.REQUIRED)
                .setTrustAll(false)); // the event bus trusts every server certificate unless told not to
        return bus;
    }

    /** Joins (or starts) the cluster; completes with the clustered instance. */
    public static Future<Vertx> start(ClusterOptions options) {
        return start(options, new VertxOptions(), null);
    }

    /**
     * As {@link #start(ClusterOptions)}, with {@code base} options (their event-bus options replaced) and, when not
     * null, {@code metrics} (the dashboard's registry).
     */
    public static Future<Vertx> start(ClusterOptions options, VertxOptions base, VertxMetricsFactory metrics) {
        EventBusOptions bus;
        try {
            options.tls().ifPresent(ClusterTls::check); // a wrong store fails here, not after joining
            bus = eventBusOptions(options);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        System.setProperty("hazelcast.logging.type", "slf4j");
        VertxBuilder builder = Vertx.builder()
                .with(new VertxOptions(base).setEventBusOptions(bus))
                .withClusterManager(new HazelcastClusterManager(hazelcastConfig(options)));
        if (metrics != null) {
            builder = builder.withMetrics(metrics);
        }
        return builder.buildClustered();
    }
}
