package dev.leanforge.bridge.server;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Decides the {@link Sandbox} Lean servers run in: finds {@code bwrap} (and {@code prlimit}) on the
 * {@code PATH}, and — because bwrap can be installed yet unable to create namespaces (a container's seccomp
 * profile, disabled user namespaces) — proves it works with one quick run of {@code true} under the same flags.
 * {@code auto} falls back to no sandbox with the reason, {@code required} answers {@link Sandbox.Unavailable}.
 *
 * <pre>{@code
 * Sandbox sandbox = SandboxPolicy.builder().mode(SandboxMode.fromEnv(System.getenv())).build().resolve();
 * ServerCommand command = sandbox.wrap(ServerCommand.standard(projectDir, toolchainBin));
 * }</pre>
 *
 * @param env          where {@code PATH} is read from
 * @param readOnly     further paths the sandboxed server may read (see {@link Sandbox.Bubblewrap})
 * @param probeTimeout how long the trial run may take
 */
public record SandboxPolicy(SandboxMode mode, Map<String, String> env, SandboxLimits limits, List<Path> readOnly,
                            Duration probeTimeout) {

    public static final String INSTALL_HINT = "install bubblewrap (e.g. apt-get install bubblewrap) or pass "
            + "--no-sandbox to accept running unsandboxed";

    public SandboxPolicy {
        Objects.requireNonNull(mode, "mode");
        env = Map.copyOf(env);
        Objects.requireNonNull(limits, "limits");
        readOnly = List.copyOf(readOnly);
        Objects.requireNonNull(probeTimeout, "probeTimeout");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs the probe where bwrap is found (a few milliseconds); call once per command, not per server. */
    public Sandbox resolve() {
        if (mode == SandboxMode.OFF) {
            return new Sandbox.Unsandboxed("sandbox turned off (--no-sandbox, --sandbox off or "
                    + SandboxMode.ENV + "=off): checks run unsandboxed");
        }
        Optional<Path> bwrap = onPath("bwrap");
        if (bwrap.isEmpty()) {
            return unavailable("bwrap not found on PATH", INSTALL_HINT);
        }
        Sandbox.Bubblewrap sandbox = new Sandbox.Bubblewrap(bwrap.get(), onPath("prlimit"), limits, readOnly);
        Optional<String> failure = probe(sandbox.wrap(new ServerCommand(List.of("true"),
                Path.of(System.getProperty("java.io.tmpdir")))));
        if (failure.isPresent()) {
            return unavailable(bwrap.get() + " cannot create a sandbox here (" + failure.get() + ")",
                    "bubblewrap needs unprivileged user namespaces; in Docker see docs/docker.md#sandboxing");
        }
        return sandbox;
    }

    /**
     * As {@link #resolve()}, then a second trial: {@code server}'s own program answers {@code --version} inside the
     * sandbox. A toolchain the sandbox cannot see (an elan proxy outside its binds, a Lake that wants to write)
     * would otherwise crash every check; in {@code auto} it runs unsandboxed with the reason instead.
     */
    public Sandbox resolve(ServerCommand server) {
        Sandbox sandbox = resolve();
        if (!(sandbox instanceof Sandbox.Bubblewrap bubblewrap)) {
            return sandbox;
        }
        ServerCommand version = new ServerCommand(List.of(server.argv().get(0), "--version"), server.directory());
        Optional<String> failure = probe(bubblewrap.wrap(version));
        return failure.isEmpty() ? sandbox : unavailable("`" + server.argv().get(0) + " --version` fails inside the "
                + "sandbox (" + failure.get() + ")", "pass --no-sandbox, or see docs/bridge.md#running-lean-sandboxed");
    }

    private Sandbox unavailable(String why, String hint) {
        return mode == SandboxMode.REQUIRED
                ? new Sandbox.Unavailable(why + "; " + hint)
                : new Sandbox.Unsandboxed(why + ": checks run unsandboxed; " + hint);
    }

    /** Empty when the sandboxed {@code trial} ran and exited 0; else what went wrong, in one line. */
    private Optional<String> probe(ServerCommand trial) {
        Process process;
        try {
            process = trial.processBuilder().redirectErrorStream(true).start();
        } catch (IOException e) {
            return Optional.of("cannot run it: " + e.getMessage());
        }
        try {
            process.getOutputStream().close();
            if (!process.waitFor(probeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return Optional.of("a trial run did not finish within " + probeTimeout.toMillis() + " ms");
            }
            String output = new String(process.getInputStream().readNBytes(4096), StandardCharsets.UTF_8).strip();
            return process.exitValue() == 0 ? Optional.empty()
                    : Optional.of("a trial run exited with code " + process.exitValue()
                    + (output.isEmpty() ? "" : ": " + output.lines().findFirst().orElse("")));
        } catch (IOException e) {
            return Optional.of("a trial run failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return Optional.of("interrupted during a trial run");
        }
    }

    private Optional<Path> onPath(String name) {
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, name)) && !Files.isDirectory(Path.of(dir, name))) {
                return Optional.of(Path.of(dir, name).toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /** Defaults: mode {@code auto}, this process's environment, {@link SandboxLimits#defaults()}, a 10 s probe. */
    public static final class Builder {
        private SandboxMode mode = SandboxMode.AUTO;
        private Map<String, String> env = System.getenv();
        private SandboxLimits limits = SandboxLimits.defaults();
        private final List<Path> readOnly = new ArrayList<>();
        private Duration probeTimeout = Duration.ofSeconds(10);

        public Builder mode(SandboxMode mode) {
            this.mode = mode;
            return this;
        }

        public Builder env(Map<String, String> env) {
            this.env = env;
            return this;
        }

        public Builder limits(SandboxLimits limits) {
            this.limits = limits;
            return this;
        }

        public Builder readOnly(Path... paths) {
            readOnly.addAll(List.of(paths));
            return this;
        }

        public Builder probeTimeout(Duration probeTimeout) {
            this.probeTimeout = probeTimeout;
            return this;
        }

        public SandboxPolicy build() {
            return new SandboxPolicy(mode, env, limits, readOnly, probeTimeout);
        }
    }
}
