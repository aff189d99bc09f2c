package dev.leanforge.loop.cli;

import dev.leanforge.bridge.server.Sandbox;
import dev.leanforge.bridge.server.SandboxMode;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.toolchain.Toolchain;
import dev.leanforge.bridge.toolchain.ToolchainLocator;
import dev.leanforge.loop.config.Limit;
import java.nio.file.Path;
import dev.leanforge.loop.config.CampaignConfig;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every command that talks to Lean shares: where the project is, how to start Lean, how long to wait. */
public final class LeanOptions {

    private static final Logger LOG = LoggerFactory.getLogger(LeanOptions.class);

    @Option(names = "--project-dir", paramLabel = "DIR", defaultValue = ".",
            description = "Lean project root the server runs in (a Lake project for Mathlib). "
                    + "Default: the current directory.")
    Path projectDir;

    @Option(names = "--server-cmd", paramLabel = "CMD",
            description = {"Command that starts a Lean language server on stdin/stdout, run with `sh -c` in the project "
                    + "directory; replaces `lake serve` / `lean --server`.",
                "E.g. \"docker exec -i lean lake serve\", \"ssh host 'cd proj && lake serve'\", "
                    + "\"bwrap … lean --server\"."})
    String serverCmd;

    @Within(Limit.TIMEOUT)
    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Wall-clock limit per check; a check that takes longer is TIMEOUT. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Mixin
    SandboxOptions sandbox = new SandboxOptions();

    ToolchainLocator locator = ToolchainLocator.system();

    /**
     * How to start Lean: the user's command as given, else the editor's default for the project with the toolchain
     * found, inside the sandbox (see {@link SandboxOptions}). A {@code --server-cmd} is never wrapped: it may reach
     * Lean over the network or Docker, which the sandbox forbids, so it must bring its own (e.g. lean-sandbox).
     */
    public ServerCommand serverCommand() {
        try {
            if (serverCmd != null) {
                if (sandbox.mode() == SandboxMode.REQUIRED) {
                    throw new CliError("a sandbox is required (--sandbox required or " + SandboxMode.ENV
                            + "=required) but leanforge does not wrap --server-cmd; sandbox that command itself "
                            + "(e.g. lean-sandbox, docs/docker.md#sandboxing) and pass --sandbox auto");
                }
                return ServerCommand.shell(serverCmd, projectDir);
            }
            Toolchain toolchain = locator.locate().orElseThrow(() -> new CliError(ToolchainLocator.INSTALL_HINT));
            ServerCommand standard = ServerCommand.standard(projectDir, toolchain.lean().getParent());
            Sandbox confinement = sandbox.resolve(standard);
            if (confinement instanceof Sandbox.Unavailable unavailable) {
                throw new CliError(unavailable.describe());
            }
            if (confinement instanceof Sandbox.Unsandboxed unsandboxed && sandbox.mode() != SandboxMode.OFF) {
                LOG.warn("{}", unsandboxed.reason());
            }
            return confinement.wrap(standard);
        } catch (IllegalArgumentException e) {
            throw new CliError(e.getMessage(), e);
        }
    }

    /**
     * How a campaign starts Lean.
     *
     * @param toolchainVersion {@code lean --version} of the toolchain found, when Lean is started from it rather
     *                         than by {@code server-cmd}
     */
    public record Launch(ServerCommand server, Optional<String> toolchainVersion) {}

    /**
     * How the campaigns of {@code config} start Lean: its project directory and server command (the options,
     * already laid over the config file) replace these options' own values.
     */
    Launch launch(CampaignConfig config) {
        projectDir = config.projectDir();
        serverCmd = config.serverCmd().orElse(null);
        Optional<String> toolchainVersion = config.serverCmd().isPresent()
                ? Optional.empty()
                : locator.locate().flatMap(Toolchain::version);
        return new Launch(serverCommand(), toolchainVersion);
    }

    public Duration timeout() {
        return timeout;
    }
}
