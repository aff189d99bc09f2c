package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.loop.cluster.ClusterOptions;
import dev.leanforge.loop.cluster.ClusterOptions.KubernetesDns;
import dev.leanforge.loop.cluster.ClusterOptions.MemberList;
import dev.leanforge.loop.cluster.ClusterVertx;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --cluster dns:SERVICE_DNS_NAME[:PORT]}: Kubernetes DNS discovery instead of a member list, on worker (and,
 * through the same options, campaign run and star run); every mistake in it an exit 2 before anything joins or starts
 * Lean.
 */
class ClusterDnsOptionsTest {

    @TempDir
    Path tmp;

    private NoLeanCli cli;
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void cli() {
        cli = new NoLeanCli(tmp.resolve("empty-home"));
        out = cli.out;
        err = cli.err;
    }

    private int run(String... args) {
        return cli.run(args);
    }

    private int worker(String cluster) {
        return run("worker", "--cluster", cluster, "--server-cmd", "false", "--lean-version", "4.24.0");
    }

    private static ClusterOptions options(String... args) {
        ClusterCliOptions cluster = new ClusterCliOptions();
        new CommandLine(cluster).parseArgs(args);
        return cluster.options(Duration.ofSeconds(10), Duration.ofMinutes(5));
    }

    @Test
    void aDnsNameIsKubernetesDiscoveryAtTheClusterPortUnlessGivenOne() {
        ClusterOptions options = options("--cluster", "dns:workers.leanforge.svc.cluster.local", "--bind",
                "127.0.0.1", "--cluster-port", "5801");
        assertThat(options.join()).isEqualTo(new KubernetesDns("workers.leanforge.svc.cluster.local"));
        assertThat(options.bindHost()).isEqualTo("127.0.0.1");
        var kubernetes = ClusterVertx.hazelcastConfig(options).getNetworkConfig().getJoin().getKubernetesConfig();
        assertThat(kubernetes.isEnabled()).isTrue();
        assertThat(kubernetes.getProperty("service-dns")).isEqualTo("workers.leanforge.svc.cluster.local");
        assertThat(kubernetes.getProperty("service-port")).isEqualTo("5801");

        assertThat(options("--cluster", "dns:workers:5702").join()).isEqualTo(new KubernetesDns("workers", 5702));
    }

    @Test
    void aMemberListIsAsBefore() {
        assertThat(options("--cluster", "127.0.0.1:5701,127.0.0.1:5702").join())
                .isEqualTo(new MemberList(List.of("127.0.0.1:5701", "127.0.0.1:5702")));
        assertThat(options("--cluster", "127.0.0.1:5701", "--cluster", "10.0.0.2").join())
                .isEqualTo(new MemberList(List.of("127.0.0.1:5701", "10.0.0.2")));
    }

    @Test
    void anEmptyNameIsAUsageError() {
        assertThat(worker("dns:")).isEqualTo(LeanforgeCli.EXIT_USAGE);
        assertThat(err.toString()).contains("--cluster: Kubernetes DNS discovery needs the Service's DNS name "
                + "(dns:NAME[:PORT], e.g. dns:workers.leanforge.svc.cluster.local)");
    }

    @Test
    void aBadPortIsAUsageError() {
        assertThat(worker("dns:workers:http")).isEqualTo(LeanforgeCli.EXIT_USAGE);
        assertThat(err.toString()).contains("--cluster: bad port \"http\" in dns:workers:http (dns:NAME[:PORT], "
                + "PORT 1 to 65535)");
        err.getBuffer().setLength(0);
        assertThat(worker("dns:workers:0")).isEqualTo(LeanforgeCli.EXIT_USAGE);
        assertThat(err.toString()).contains("--cluster: bad port 0 in dns:workers:0");
    }

    @Test
    void aDnsNameMixedWithMembersIsAUsageError() {
        assertThat(worker("dns:workers,10.0.0.1:5701")).isEqualTo(LeanforgeCli.EXIT_USAGE);
        assertThat(err.toString()).contains("--cluster: dns:workers is Kubernetes DNS discovery and cannot be mixed "
                + "with other members; give either dns:NAME[:PORT] alone or HOST:PORT,… (got [dns:workers, "
                + "10.0.0.1:5701])");
    }

    @Test
    void theEventBusPortIsFreeUnlessGivenAndOutOfRangeIsAUsageError() {
        assertThat(options("--cluster", "dns:workers").busPort()).isZero();
        assertThat(options("--cluster", "dns:workers", "--cluster-bus-port", "5901").busPort()).isEqualTo(5901);
        assertThat(run("worker", "--cluster", "dns:workers", "--cluster-bus-port", "70000", "--server-cmd", "false",
                "--lean-version", "4.24.0")).isEqualTo(LeanforgeCli.EXIT_USAGE);
        assertThat(err.toString()).contains("--cluster-bus-port");
    }

    @Test
    void helpTellsOfDnsDiscovery() {
        for (String command : List.of("worker", "campaign run", "star run")) {
            out.getBuffer().setLength(0);
            List<String> args = new ArrayList<>(List.of(command.split(" ")));
            args.add("--help");
            assertThat(run(args.toArray(String[]::new))).isZero();
            assertThat(out.toString()).as(command).contains("dns:SERVICE_DNS_NAME[:PORT]", "headless Service");
        }
    }
}
