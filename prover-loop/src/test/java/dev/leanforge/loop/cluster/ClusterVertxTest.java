package dev.leanforge.loop.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import dev.leanforge.loop.cluster.ClusterOptions.KubernetesDns;
import dev.leanforge.loop.cluster.ClusterOptions.MemberList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The Hazelcast configuration {@link ClusterVertx#hazelcastConfig} makes for each join method, and the join methods'
 * own checks ({@link ClusterOptions#parseJoin} included), without joining anything. A real join by DNS:
 * {@link ClusterDnsJoinTest}.
 */
class ClusterVertxTest {

    private static JoinConfig join(ClusterOptions options) {
        return ClusterVertx.hazelcastConfig(options).getNetworkConfig().getJoin();
    }

    @Test
    void aMemberListJoinsByTcpIpOnly() {
        ClusterOptions options = ClusterOptions.builder().members(List.of("10.0.0.10:5701", "10.0.0.11"))
                .clusterName("lab").build();
        assertThat(options.join()).isEqualTo(new MemberList(List.of("10.0.0.10:5701", "10.0.0.11")));
        JoinConfig join = join(options);
        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.0.0.10:5701", "10.0.0.11");
        assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
        join.verify(); // Hazelcast's own check: one join method at most
    }

    @Test
    void aDnsNameJoinsByKubernetesDiscoveryInDnsLookupModeOnly() {
        ClusterOptions options = ClusterOptions.builder()
                .join(new KubernetesDns("workers.leanforge.svc.cluster.local", 5801)).clusterName("lab")
                .bindHost("127.0.0.1").port(5701).build();
        Config config = ClusterVertx.hazelcastConfig(options);
        JoinConfig join = config.getNetworkConfig().getJoin();
        assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
        assertThat(join.getKubernetesConfig().getProperties()).containsOnly(
                entry("service-dns", "workers.leanforge.svc.cluster.local"),
                entry("service-dns-timeout",
                        Integer.toString(ClusterVertx.SERVICE_DNS_TIMEOUT_SECONDS)),
                entry("service-port", "5801"));
        assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
        join.verify();
        // the rest is as with a member list
        assertThat(config.getClusterName()).isEqualTo("lab");
        assertThat(config.getNetworkConfig().getPort()).isEqualTo(5701);
        assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    }

    @Test
    void withoutAServicePortTheMembersAreLookedForAtThisNodesPort() {
        ClusterOptions options = ClusterOptions.builder().join(new KubernetesDns("workers")).port(5711).build();
        assertThat(join(options).getKubernetesConfig().getProperty("service-port")).isEqualTo("5711");
    }

    @Test
    void parseJoinTellsAListFromADnsName() {
        assertThat(ClusterOptions.parseJoin(List.of(" 127.0.0.1:5701", "", "10.0.0.2 ")))
                .isEqualTo(new MemberList(List.of("127.0.0.1:5701", "10.0.0.2")));
        assertThat(ClusterOptions.parseJoin(List.of("dns:workers.leanforge.svc.cluster.local")))
                .isEqualTo(new KubernetesDns("workers.leanforge.svc.cluster.local", OptionalInt.empty()));
        assertThat(ClusterOptions.parseJoin(List.of("dns:workers:5702", " ")))
                .isEqualTo(new KubernetesDns("workers", 5702));
        assertThat(ClusterOptions.parseJoin(List.of("DNS:localhost"))).isEqualTo(new KubernetesDns("localhost"));
    }

    @Test
    void aBadDnsNameOrPortOrAMixIsRefusedWithTheReason() {
        assertThatThrownBy(() -> ClusterOptions.parseJoin(List.of("dns:")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs the Service's DNS name");
        assertThatThrownBy(() -> ClusterOptions.parseJoin(List.of("dns::5701")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs the Service's DNS name");
        assertThatThrownBy(() -> ClusterOptions.parseJoin(List.of("dns:workers:http")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad port \"http\" in dns:workers:http (dns:NAME[:PORT], PORT 1 to 65535)");
        assertThatThrownBy(() -> ClusterOptions.parseJoin(List.of("dns:workers:70000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad port 70000 in dns:workers:70000 (dns:NAME[:PORT], PORT 1 to 65535)");
        assertThatThrownBy(() -> ClusterOptions.parseJoin(List.of("dns:workers:")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("bad port \"\"");
        assertThatThrownBy(() -> ClusterOptions.parseJoin(List.of("dns:workers", "10.0.0.1:5701")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dns:workers is Kubernetes DNS discovery and cannot be mixed with other members");
        assertThatThrownBy(() -> ClusterOptions.parseJoin(List.of("dns:a", "dns:b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be mixed");
        assertThatThrownBy(() -> ClusterOptions.parseJoin(List.of("dns:5701")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a DNS name: \"5701\"");
        assertThatThrownBy(() -> ClusterOptions.parseJoin(List.of("dns:my workers")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a DNS name");
        assertThatThrownBy(() -> ClusterOptions.parseJoin(List.of(" ", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one member address");
    }

    @Test
    void theJoinMethodsCheckThemselves() {
        assertThatThrownBy(() -> new KubernetesDns(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KubernetesDns("workers", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the service port must be 1 to 65535, got 0");
        assertThatThrownBy(() -> new MemberList(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClusterOptions.builder().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one member address (HOST:PORT) or a DNS name");
        assertThat(new KubernetesDns("workers", 5701).describe()).isEqualTo("Kubernetes DNS workers:5701");
        assertThat(new KubernetesDns("workers").describe()).isEqualTo("Kubernetes DNS workers");
        assertThat(new MemberList(List.of("a:1", "b:2")).describe()).isEqualTo("[a:1, b:2]");
    }

    @Test
    void theEventBusTakesAFreePortUnlessOneIsGiven() {
        ClusterOptions.Builder builder = ClusterOptions.builder().members(List.of("10.0.0.10")).bindHost("10.0.0.2");
        assertThat(ClusterVertx.eventBusOptions(builder.build()).getPort()).isZero();
        io.vertx.core.eventbus.EventBusOptions bus = ClusterVertx.eventBusOptions(builder.busPort(5801).build());
        assertThat(bus.getPort()).isEqualTo(5801);
        assertThat(bus.getHost()).isEqualTo("10.0.0.2");
        assertThat(bus.getClusterPublicHost()).isEqualTo("10.0.0.2");
        assertThatThrownBy(() -> builder.busPort(65_536).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("event bus port").hasMessageContaining("65536");
        assertThatThrownBy(() -> builder.busPort(-1).build()).isInstanceOf(IllegalArgumentException.class);
    }
}
