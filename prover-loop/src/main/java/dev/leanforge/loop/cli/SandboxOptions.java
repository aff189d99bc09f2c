package dev.leanforge.loop.cli;

import dev.leanforge.bridge.server.Sandbox;
import dev.leanforge.bridge.server.SandboxMode;
import dev.leanforge.bridge.server.SandboxPolicy;
import dev.leanforge.bridge.server.ServerCommand;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --sandbox MODE} / {@code --no-sandbox}, else {@code LEANFORGE_SANDBOX}: whether the Lean servers leanforge
 * starts run under bubblewrap. Shared by every command that starts Lean (through {@link LeanOptions}) and by
 * {@code doctor}, so both decide the same way.
 */
final class SandboxOptions {

    @Option(names = "--sandbox", paramLabel = "MODE",
            description = "Run Lean under bubblewrap: auto (where bwrap works, else unsandboxed with a warning), "
                    + "required (refuse to start Lean without it) or off. Default: $LEANFORGE_SANDBOX, else auto. "
                    + "Not applied to --server-cmd.")
    String mode;

    @Option(names = "--no-sandbox", description = "Run Lean unsandboxed (same as --sandbox off).")
    boolean off;

    /** Where PATH and LEANFORGE_SANDBOX are read; tests describe other machines. */
    Map<String, String> env = System.getenv();

    SandboxMode mode() {
        if (off) {
            return SandboxMode.OFF;
        }
        try {
            return mode != null ? SandboxMode.parse(mode) : SandboxMode.fromEnv(env);
        } catch (IllegalArgumentException e) {
            throw new CliError((mode != null ? "--sandbox: " : SandboxMode.ENV + ": ") + e.getMessage(), e);
        }
    }

    /** Finds and probes bwrap (milliseconds) unless the mode is off. */
    Sandbox resolve() {
        return SandboxPolicy.builder().mode(mode()).env(env).build().resolve();
    }

    /** As {@link #resolve()}, and {@code server}'s program must start inside the sandbox too. */
    Sandbox resolve(ServerCommand server) {
        return SandboxPolicy.builder().mode(mode()).env(env).build().resolve(server);
    }
}
