package dev.leanforge.loop.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a node joins a cluster: Hazelcast's TCP-IP member list (no multicast), the cluster name, the address it binds
 * and announces, and the coordinator's patience with workers.
 *
 * @param members       {@code HOST:PORT} (or {@code HOST}) of some members to join through; this node's own
 *                      address may be among them
 * @param clusterName   nodes join only a cluster of the same name (default {@value #DEFAULT_NAME})
 * @param bindHost      the address this node binds and announces (Hazelcast and the event bus); the default
 *                      {@value #DEFAULT_BIND} only reaches nodes of this machine: set it for a real network
 * @param port          Hazelcast's port, counting upwards from it when taken (default {@value #DEFAULT_PORT})
 * @param workerTimeout a worker not heard from for this long is lost (default 10 s)
 * @param noWorkerWait  how long a coordinator's checks wait while no worker takes them (default 5 min)
 * @param tls           mutual TLS on the event bus, when present (default none: every node must agree)
 */
public record ClusterOptions(List<String> members, String clusterName, String bindHost, int port,
                             Duration workerTimeout, Duration noWorkerWait, Optional<ClusterTls> tls) {

    public static final String DEFAULT_NAME = "leanforge";
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 5701;

    public ClusterOptions {
        members = List.copyOf(members);
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(workerTimeout, "workerTimeout");
        Objects.requireNonNull(noWorkerWait, "noWorkerWait");
        Objects.requireNonNull(tls, "tls");
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one member address (HOST:PORT)");
        }
        if (clusterName.isBlank()) {
            throw new IllegalArgumentException("the cluster name must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535, got " + port);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Splits {@code a:1,b:2} into members; blanks dropped. */
    public static List<String> parseMembers(String list) {
        List<String> out = new ArrayList<>();
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    public static final class Builder {
        private List<String> members = List.of();
        private String clusterName = DEFAULT_NAME;
        private String bindHost = DEFAULT_BIND;
        private int port = DEFAULT_PORT;
        private Duration workerTimeout = Duration.ofSeconds(10);
        private Duration noWorkerWait = Duration.ofMinutes(5);
        private Optional<ClusterTls> tls = Optional.empty();

        public Builder members(List<String> members) {
            this.members = members;
            return this;
        }

        public Builder clusterName(String clusterName) {
            this.clusterName = clusterName;
            return this;
        }

        public Builder bindHost(String bindHost) {
            this.bindHost = bindHost;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder workerTimeout(Duration workerTimeout) {
            this.workerTimeout = workerTimeout;
            return this;
        }

        public Builder noWorkerWait(Duration noWorkerWait) {
            this.noWorkerWait = noWorkerWait;
            return this;
        }

        public Builder tls(Optional<ClusterTls> tls) {
            this.tls = tls;
            return this;
        }

        public ClusterOptions build() {
            return new ClusterOptions(members, clusterName, bindHost, port, workerTimeout, noWorkerWait, tls);
        }
    }
}
