package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.loop.cluster.ClusterOptions;
import dev.leanforge.loop.cluster.ClusterTls;
import dev.leanforge.loop.cluster.TestCertificates;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --cluster-key-store}, {@code --cluster-trust-store} and {@code --cluster-store-password-env} on worker,
 * campaign run and star run: both stores or neither, the password from the environment only, and every mistake an exit
 * 2 naming the file (or the option, or the variable) before anything joins or starts Lean.
 */
class ClusterTlsOptionsTest {

    @TempDir
    static Path certs;

    private static TestCertificates ca;
    private static Path node;

    @TempDir
    Path tmp;

    private final Map<String, String> env = new HashMap<>();
    private NoLeanCli cli;
    private StringWriter out;
    private StringWriter err;

    @BeforeAll
    static void makeCertificates() {
        ca = TestCertificates.ca(certs, "leanforge");
        node = ca.node("node");
    }

    @BeforeEach
    void cli() {
        cli = new NoLeanCli(tmp.resolve("empty-home"), env::get);
        out = cli.out;
        err = cli.err;
    }

    /** Runs the CLI with {@link #env} as the environment of the cluster options, and no Lean to be found. */
    private int run(String... args) {
        return cli.run(args);
    }

    private int worker(String... more) {
        List<String> args = new ArrayList<>(List.of("worker", "--cluster", "127.0.0.1:5701", "--server-cmd",
                "false", "--lean-version", "4.24.0"));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    /** The options parsed as given, with {@link #env}. */
    private ClusterCliOptions parsed(String... args) {
        ClusterCliOptions cluster = new ClusterCliOptions();
        new CommandLine(cluster).parseArgs(args);
        cluster.environment = env::get;
        return cluster;
    }

    private static ClusterOptions options(ClusterCliOptions cluster) {
        return cluster.options(java.time.Duration.ofSeconds(10), java.time.Duration.ofMinutes(5));
    }

    @Test
    void oneStoreWithoutTheOtherIsAUsageError() {
        env.put(ClusterCliOptions.DEFAULT_PASSWORD_ENV, TestCertificates.PASSWORD);
        assertThat(worker("--cluster-key-store", node.toString())).isEqualTo(LeanforgeCli.EXIT_USAGE);
        assertThat(err.toString()).contains("mutual TLS needs both stores", "--cluster-trust-store is missing");
        err.getBuffer().setLength(0);
        assertThat(worker("--cluster-trust-store", ca.trustStore().toString())).isEqualTo(LeanforgeCli.EXIT_USAGE);
        assertThat(err.toString()).contains("mutual TLS needs both stores", "--cluster-key-store is missing");
    }

    @Test
    void storesWithoutAClusterAreAUsageError() {
        assertThat(run("campaign", "run", "--set", "tiny", "--store", tmp.resolve("s.db").toString(),
                "--cluster-key-store", node.toString(), "--cluster-trust-store", ca.trustStore().toString()))
                .isEqualTo(LeanforgeCli.EXIT_USAGE);
        assertThat(err.toString()).contains("--cluster-key-store is for a cluster: give --cluster HOST:PORT");
    }

    @Test
    void theMissingPasswordVariableIsNamed() {
        assertThat(worker("--cluster-key-store", node.toString(), "--cluster-trust-store",
                ca.trustStore().toString(), "--cluster-store-password-env", "MY_STORE_PASS"))
                .isEqualTo(LeanforgeCli.EXIT_USAGE);
        assertThat(err.toString()).contains("environment variable MY_STORE_PASS, which is not set or empty");
    }

    @Test
    void aMissingFileOrAWrongPasswordNamesTheFile() {
        env.put(ClusterCliOptions.DEFAULT_PASSWORD_ENV, TestCertificates.PASSWORD);
        Path missing = tmp.resolve("nowhere.p12");
        assertThat(worker("--cluster-key-store", missing.toString(), "--cluster-trust-store",
                ca.trustStore().toString())).isEqualTo(LeanforgeCli.EXIT_USAGE);
        assertThat(err.toString()).contains("--cluster-key-store " + missing + ": no such file");

        env.put("OTHER_PASS", "not-the-password");
        err.getBuffer().setLength(0);
        assertThat(worker("--cluster-key-store", node.toString(), "--cluster-trust-store",
                ca.trustStore().toString(), "--cluster-store-password-env", "OTHER_PASS"))
                .isEqualTo(LeanforgeCli.EXIT_USAGE);
        assertThat(err.toString()).contains("--cluster-key-store " + node + ": the password does not open it (the "
                + "password is read from the environment variable OTHER_PASS)");

        err.getBuffer().setLength(0);
        assertThat(worker("--cluster-key-store", node.toString(), "--cluster-trust-store", node.toString()))
                .isEqualTo(LeanforgeCli.EXIT_USAGE);
        assertThat(err.toString()).contains("--cluster-trust-store " + node + ": holds no trusted certificate");
    }

    @Test
    void theStoresTravelInTheClusterOptions() {
        env.put("PASS", TestCertificates.PASSWORD);
        ClusterOptions options = options(parsed("--cluster", "127.0.0.1:5701", "--cluster-key-store",
                node.toString(), "--cluster-trust-store", ca.trustStore().toString(),
                "--cluster-store-password-env", "PASS"));
        assertThat(options.tls()).contains(new ClusterTls(node, ca.trustStore(), TestCertificates.PASSWORD));
        assertThat(options(parsed("--cluster", "127.0.0.1:5701")).tls()).isEmpty();
    }

    @Test
    void helpSaysWhereThePasswordComesFrom() {
        for (String command : List.of("worker", "campaign run", "star run")) {
            out.getBuffer().setLength(0);
            List<String> args = new ArrayList<>(List.of(command.split(" ")));
            args.add("--help");
            assertThat(run(args.toArray(String[]::new))).isZero();
            assertThat(out.toString()).as(command).contains("--cluster-key-store=FILE", "--cluster-trust-store=FILE",
                    "--cluster-store-password-env=VAR", "never give a password on", "LEANFORGE_CLUSTER_STORE_PASSWORD");
        }
    }
}
