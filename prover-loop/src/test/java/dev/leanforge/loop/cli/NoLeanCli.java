package dev.leanforge.loop.cli;

import dev.leanforge.bridge.toolchain.ToolchainLocator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import picocli.CommandLine;

/**
 * The CLI as a machine without a Lean toolchain runs it, whatever this one has (so usage errors are the same
 * everywhere), with what it prints kept in {@link #out} and {@link #err}; optionally with its own environment for
 * the cluster's store password.
 */
final class NoLeanCli {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    private final Path home;
    private final UnaryOperator<String> clusterEnvironment;

    /** {@code home}: an empty folder standing in for the user's home (no elan there). */
    NoLeanCli(Path home) {
        this(home, null);
    }

    /** As {@link #NoLeanCli(Path)}, the cluster options reading their environment variables from {@code env}. */
    NoLeanCli(Path home, UnaryOperator<String> clusterEnvironment) {
        this.home = home;
        this.clusterEnvironment = clusterEnvironment;
    }

    int run(String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K made = CommandLine.defaultFactory().create(type);
                if (made instanceof LeanOptions lean) {
                    lean.locator = new ToolchainLocator(Map.of("PATH", "", "LEANFORGE_NO_INSTALL", "1"), home);
                }
                if (clusterEnvironment != null && made instanceof ClusterCliOptions cluster) {
                    cluster.environment = clusterEnvironment;
                }
                return made;
            }
        };
        return LeanforgeCli.commandLine(factory).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
    }

    /** Forgets what was printed so far. */
    void clear() {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
    }
}
