package dev.leanforge.bridge.toolchain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds a Lean 4 toolchain: {@code LEANFORGE_LEAN_HOME} first, then {@code lake}/{@code lean} on {@code PATH}, then
 * {@code ~/.elan/bin}. The environment and home directory are parameters so tests can describe any machine.
 */
public final class ToolchainLocator {

    /** Printed wherever a command needs Lean and none was found. */
    public static final String INSTALL_HINT = String.join("\n",
            "No Lean 4 toolchain was found. leanforge looked in:",
            "  1. $LEANFORGE_LEAN_HOME/bin (set it to a toolchain directory, e.g. ~/.elan/toolchains/<name>)",
            "  2. lean and lake on PATH",
            "  3. ~/.elan/bin",
            "Install Lean with elan:",
            "  curl https://elan.lean-lang.org/elan-init.sh -sSf | sh -s -- -y --default-toolchain leanprover/lean4:v4.24.0",
            "A Lean that runs elsewhere (docker exec, ssh, a sandbox) can be used with --server-cmd \"<command>\".");

    private static final long VERSION_TIMEOUT_SECONDS = 20;

    private final Map<String, String> env;
    private final Path home;

    public ToolchainLocator(Map<String, String> env, Path home) {
        this.env = Map.copyOf(env);
        this.home = home;
    }

    /** A locator for this process's environment and the user's home directory. */
    public static ToolchainLocator system() {
        return new ToolchainLocator(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** The first toolchain found, with its version when {@code lean --version} runs; empty when there is none. */
    public Optional<Toolchain> locate() {
        for (Candidate candidate : candidates()) {
            Path lean = candidate.dir().resolve("lean");
            if (Files.isExecutable(lean)) {
                Path lake = candidate.dir().resolve("lake");
                return Optional.of(new Toolchain(lean, Files.isExecutable(lake) ? Optional.of(lake) : Optional.empty(),
                        candidate.source(), version(lean)));
            }
        }
        return Optional.empty();
    }

    private record Candidate(Path dir, String source) {}

    private List<Candidate> candidates() {
        List<Candidate> result = new ArrayList<>();
        String leanHome = env.get("LEANFORGE_LEAN_HOME");
        if (leanHome != null && !leanHome.isBlank()) {
            result.add(new Candidate(Path.of(leanHome, "bin"), "LEANFORGE_LEAN_HOME"));
        }
        String path = env.getOrDefault("PATH", "");
        for (String entry : path.split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                result.add(new Candidate(Path.of(entry), "PATH"));
            }
        }
        result.add(new Candidate(home.resolve(".elan").resolve("bin"), "~/.elan"));
        return result;
    }

    private static Optional<String> version(Path lean) {
        try {
            Process process = new ProcessBuilder(lean.toString(), "--version").redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(VERSION_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return new String(out, StandardCharsets.UTF_8).lines().findFirst().map(String::strip);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
