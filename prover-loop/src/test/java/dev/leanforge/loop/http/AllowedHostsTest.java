package dev.leanforge.loop.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.net.HostAndPort;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedHostsTest {

    private static boolean allows(AllowedHosts hosts, String hostHeader) {
        return hosts.allows(hostHeader == null ? null : HostAndPort.parseAuthority(hostHeader, -1));
    }

    @Test
    void aLoopbackServerAnswersOnlyLocalNamesWithAnyPort() {
        AllowedHosts hosts = AllowedHosts.of("127.0.0.1", List.of());

        assertThat(List.of("localhost", "localhost:8080", "127.0.0.1:1", "[::1]:8080", "[::1]", "LocalHost"))
                .allMatch(host -> allows(hosts, host));
        assertThat(List.of("evil.example", "evil.example:8080", "localhost.evil.example", "10.0.0.1"))
                .noneMatch(host -> allows(hosts, host));
        assertThat(allows(hosts, null)).as("no Host header").isFalse();
    }

    @Test
    void theBoundNameAndGivenNamesAreAnswered() {
        AllowedHosts hosts = AllowedHosts.of("dash.lan", List.of("Proxy.Example"));

        assertThat(allows(hosts, "dash.lan:8080")).isTrue();
        assertThat(allows(hosts, "proxy.example")).isTrue();
        assertThat(allows(hosts, "10.0.0.1")).isFalse();
    }

    @Test
    void onEveryInterfaceAnyAddressIsAnsweredButNamesStillNeedAllowing() {
        AllowedHosts v4 = AllowedHosts.of("0.0.0.0", List.of());
        AllowedHosts v6 = AllowedHosts.of("::", List.of());

        assertThat(allows(v4, "192.168.1.5:8080")).isTrue();
        assertThat(allows(v6, "[fe80::1]:8080")).isTrue();
        assertThat(allows(v4, "evil.example")).isFalse();
    }

    @Test
    void aStarAnswersAnyHost() {
        AllowedHosts any = AllowedHosts.of("127.0.0.1", List.of("*"));

        assertThat(allows(any, "evil.example")).isTrue();
        assertThat(allows(any, null)).isTrue();
    }
}
