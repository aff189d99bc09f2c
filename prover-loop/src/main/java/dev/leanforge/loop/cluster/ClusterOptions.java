package dev.leanforge.loop.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a node joins a cluster: how it finds the other members ({@link Join}: a TCP-IP member list, or Kubernetes DNS
 * discovery; never multicast), the cluster name, the address it binds and announces, and the coordinator's patience
 * with workers.
 *
 * @param join          how this node finds the members it joins through
 * @param clusterName   nodes join only a cluster of the same name (default {@value #DEFAULT_NAME})
 * @param bindHost      the address this node binds and announces (Hazelcast and the event bus); the default
 *                      {@value #DEFAULT_BIND} only reaches nodes of this machine: set it for a real network
 * @param port          Hazelcast's port, counting upwards from it when taken (default {@value #DEFAULT_PORT})
 * @param busPort       the event bus's port; 0 (the default) takes a free one, which a firewall or a NetworkPolicy
 *                      cannot name in advance
 * @param workerTimeout a worker not heard from for this long is lost (default 10 s)
 * @param noWorkerWait  how long a coordinator's checks wait while no worker takes them (default 5 min)
 * @param tls           mutual TLS on the event bus, when present (default none: every node must agree)
 */
public record ClusterOptions(Join join, String clusterName, String bindHost, int port, int busPort,
                             Duration workerTimeout, Duration noWorkerWait, Optional<ClusterTls> tls) {

    public static final String DEFAULT_NAME = "leanforge";
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 5701;

    /** The prefix of {@code --cluster dns:NAME[:PORT]}: Kubernetes DNS discovery instead of a member list. */
    public static final String DNS_PREFIX = "dns:";

    /**
     * How a node finds the members it joins through. A closed set: {@link ClusterVertx#hazelcastConfig} turns each
     * into one Hazelcast join method, with every other method (multicast, auto-detection) off.
     */
    public sealed interface Join {
        /** For messages: what the node joins through. */
        String describe();
    }

    /**
     * Hazelcast TCP-IP join through a fixed list.
     *
     * @param members {@code HOST:PORT} (or {@code HOST}) of some members to join through; this node's own address may
     *                be among them
     */
    public record MemberList(List<String> members) implements Join {
        public MemberList {
            members = List.copyOf(members);
            if (members.isEmpty()) {
                throw new IllegalArgumentException("a cluster needs at least one member address (HOST:PORT)");
            }
        }

        @Override
        public String describe() {
            return members.toString();
        }
    }

    /**
     * Hazelcast's Kubernetes discovery in DNS lookup mode: the members are the addresses the name resolves to — a
     * headless Service's name resolves to its pods' IPs — each at one port. Needs no access to the Kubernetes API.
     *
     * @param serviceDns  the name to resolve, e.g. {@code workers.leanforge.svc.cluster.local}
     * @param servicePort the Hazelcast port of every member found; empty: this node's own port (in Kubernetes every
     *                    pod has its own IP, so all use the same port)
     */
    public record KubernetesDns(String serviceDns, OptionalInt servicePort) implements Join {
        public KubernetesDns {
            Objects.requireNonNull(serviceDns, "serviceDns");
            Objects.requireNonNull(servicePort, "servicePort");
            if (serviceDns.isBlank()) {
                throw new IllegalArgumentException("Kubernetes DNS discovery needs the Service's DNS name "
                        + "(dns:NAME[:PORT], e.g. dns:workers.leanforge.svc.cluster.local)");
            }
            if (!serviceDns.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("not a DNS name: \"" + serviceDns + "\" (letters, digits, '.', "
                        + "'-' and '_' only)");
            }
            if (serviceDns.matches("[0-9.]+")) {
                // dns:5701 is a host named "dns" at port 5701 mistyped, or a Service name forgotten
                throw new IllegalArgumentException("not a DNS name: \"" + serviceDns + "\" (dns:NAME[:PORT] takes "
                        + "the Service's DNS name; to join through a host, give HOST:PORT without dns:)");
            }
            if (servicePort.isPresent()) {
                checkPort("the service port", servicePort.getAsInt());
            }
        }

        public KubernetesDns(String serviceDns) {
            this(serviceDns, OptionalInt.empty());
        }

        public KubernetesDns(String serviceDns, int servicePort) {
            this(serviceDns, OptionalInt.of(servicePort));
        }

        @Override
        public String describe() {
            return "Kubernetes DNS " + serviceDns + servicePort.stream().mapToObj(p -> ":" + p).findFirst().orElse("");
        }
    }

    public ClusterOptions {
        Objects.requireNonNull(join, "join");
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(workerTimeout, "workerTimeout");
        Objects.requireNonNull(noWorkerWait, "noWorkerWait");
        Objects.requireNonNull(tls, "tls");
        if (clusterName.isBlank()) {
            throw new IllegalArgumentException("the cluster name must not be blank");
        }
        checkPort("port", port);
        if (busPort != 0) {
            checkPort("the event bus port (0: a free one)", busPort);
        }
    }

    private static void checkPort(String what, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " must be 1 to 65535, got " + port);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The join method of {@code --cluster}'s entries (blanks dropped): {@code dns:NAME[:PORT]} alone is Kubernetes DNS
     * discovery, anything else a member list.
     *
     * @throws IllegalArgumentException for no entry, {@code dns:} without a name or with a bad port, or {@code dns:}
     *                                  mixed with other entries
     */
    public static Join parseJoin(List<String> entries) {
        List<String> given = entries.stream().map(String::strip).filter(e -> !e.isEmpty()).toList();
        List<String> dns = given.stream().filter(e -> e.regionMatches(true, 0, DNS_PREFIX, 0, DNS_PREFIX.length()))
                .toList();
        if (dns.isEmpty()) {
            return new MemberList(given);
        }
        if (given.size() > 1) {
            // one discovery method per node: a list and a DNS name would be two (Hazelcast allows only one)
            throw new IllegalArgumentException(dns.get(0) + " is Kubernetes DNS discovery and cannot be mixed with "
                    + "other members; give either dns:NAME[:PORT] alone or HOST:PORT,… (got " + given + ")");
        }
        String spec = dns.get(0).substring(DNS_PREFIX.length());
        int colon = spec.lastIndexOf(':');
        if (colon < 0) {
            return new KubernetesDns(spec);
        }
        String portText = spec.substring(colon + 1);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port \"" + portText + "\" in " + dns.get(0)
                    + " (dns:NAME[:PORT], PORT 1 to 65535)", e);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("bad port " + port + " in " + dns.get(0)
                    + " (dns:NAME[:PORT], PORT 1 to 65535)");
        }
        return new KubernetesDns(spec.substring(0, colon), port);
    }

    public static final class Builder {
        private Join join;
        private String clusterName = DEFAULT_NAME;
        private String bindHost = DEFAULT_BIND;
        private int port = DEFAULT_PORT;
        private int busPort = 0;
        private Duration workerTimeout = Duration.ofSeconds(10);
        private Duration noWorkerWait = Duration.ofMinutes(5);
        private Optional<ClusterTls> tls = Optional.empty();

        /** Joins through these members (TCP-IP); the same as {@code join(new MemberList(members))}. */
        public Builder members(List<String> members) {
            return join(new MemberList(members));
        }

        /** How this node finds the others; no default: a member list or a DNS name must be given. */
        public Builder join(Join join) {
            this.join = join;
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

        /** The event bus's port; 0 takes a free one. */
        public Builder busPort(int busPort) {
            this.busPort = busPort;
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
            if (join == null) {
                throw new IllegalArgumentException("a cluster needs at least one member address (HOST:PORT) or a "
                        + "DNS name to discover them by (dns:NAME)");
            }
            return new ClusterOptions(join, clusterName, bindHost, port, busPort, workerTimeout, noWorkerWait, tls);
        }
    }
}
