package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.toolchain.ToolchainLocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The Lean that commands start runs under bubblewrap by default, with the opt-out and the required mode. */
class LeanOptionsSandboxTest {

    @TempDir
    Path tmp;

    @Command(name = "holder")
    static final class Holder {
        @Mixin
        LeanOptions lean;
    }

    private static void executable(Path file, String script) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The options parsed from {@code args}, on a machine with a toolchain in tmp and the given PATH and env. */
    private LeanOptions parse(Map<String, String> env, String... args) throws IOException {
        executable(tmp.resolve("tc/bin/lean"), "echo 'Lean (version 4.24.0)'");
        Holder holder = new Holder();
        CommandLine cli = new CommandLine(holder);
        OptionLimits.install(cli); // as LeanforgeCli.commandLine() does: --timeout parses through its range
        cli.parseArgs(args);
        holder.lean.locator = new ToolchainLocator(Map.of("LEANFORGE_LEAN_HOME", tmp.resolve("tc").toString()), tmp);
        holder.lean.sandbox.env = env;
        holder.lean.projectDir = tmp;
        return holder.lean;
    }

    /** A PATH whose bwrap runs the command after {@code --} (the probe needs it to exit 0). */
    private Map<String, String> workingBwrap() throws IOException {
        executable(tmp.resolve("sb/bwrap"), "while [ \"$1\" != \"--\" ]; do shift; done; shift; exec \"$@\"");
        return Map.of("PATH", tmp.resolve("sb").toString());
    }

    @Test
    void byDefaultTheStandardServerRunsUnderBwrap() throws IOException {
        ServerCommand command = parse(workingBwrap()).serverCommand();
        assertThat(command.argv().get(0)).isEqualTo(tmp.resolve("sb/bwrap").toString());
        assertThat(command.argv()).contains("--unshare-net", "--die-with-parent", "--new-session")
                .endsWith(tmp.resolve("tc/bin/lean").toString(), "--server", ServerCommand.REPORT_DELAY_OPTION);
    }

    @Test
    void noSandboxAndTheEnvironmentTurnItOff() throws IOException {
        Map<String, String> env = workingBwrap();
        assertThat(parse(env, "--no-sandbox").serverCommand().argv().get(0))
                .isEqualTo(tmp.resolve("tc/bin/lean").toString());
        assertThat(parse(env, "--sandbox", "off").serverCommand().argv().get(0))
                .isEqualTo(tmp.resolve("tc/bin/lean").toString());
        Map<String, String> offByEnv = Map.of("PATH", env.get("PATH"), "LEANFORGE_SANDBOX", "off");
        assertThat(parse(offByEnv).serverCommand().argv().get(0)).isEqualTo(tmp.resolve("tc/bin/lean").toString());
    }

    @Test
    void withoutBwrapAutoRunsUnsandboxedButRequiredRefuses() throws IOException {
        Map<String, String> noBwrap = Map.of("PATH", tmp.resolve("nothing").toString());
        assertThat(parse(noBwrap).serverCommand().argv().get(0)).isEqualTo(tmp.resolve("tc/bin/lean").toString());

        LeanOptions required = parse(noBwrap, "--sandbox", "required");
        assertThatThrownBy(required::serverCommand).isInstanceOf(CliError.class)
                .hasMessageContaining("a sandbox is required").hasMessageContaining("bwrap not found");
        LeanOptions requiredByEnv = parse(Map.of("PATH", "", "LEANFORGE_SANDBOX", "required"));
        assertThatThrownBy(requiredByEnv::serverCommand).isInstanceOf(CliError.class);
    }

    @Test
    void serverCmdIsNeverWrappedAndCannotSatisfyRequired() throws IOException {
        Map<String, String> env = workingBwrap();
        assertThat(parse(env, "--server-cmd", "lean --server").serverCommand().argv())
                .containsExactly("sh", "-c", "lean --server");
        LeanOptions required = parse(env, "--server-cmd", "lean --server", "--sandbox", "required");
        assertThatThrownBy(required::serverCommand).isInstanceOf(CliError.class)
                .hasMessageContaining("does not wrap --server-cmd");
    }

    @Test
    void aBadModeIsAUsageError() throws IOException {
        assertThatThrownBy(() -> parse(Map.of(), "--sandbox", "maybe").serverCommand())
                .isInstanceOf(CliError.class).hasMessageContaining("--sandbox: unknown sandbox mode 'maybe'");
        assertThatThrownBy(() -> parse(Map.of("LEANFORGE_SANDBOX", "yes")).serverCommand())
                .isInstanceOf(CliError.class).hasMessageContaining("LEANFORGE_SANDBOX: unknown sandbox mode 'yes'");
    }
}
