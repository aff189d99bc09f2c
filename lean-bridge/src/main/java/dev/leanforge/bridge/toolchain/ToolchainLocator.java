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
 * {@code ~/.elan/bin}, then the pinned toolchain in leanforge's own elan ({@link #leanforgeElanHome()}, where
 * {@link ElanInstaller} installs it). The environment and home directory are parameters so tests can describe any
 * machine.
 */
public final class ToolchainLocator {

    /** Printed wherever a command needs Lean and none was found. */
    public static final String INSTALL_HINT = String.join("\n",
            "No Lean 4 toolchain was found. leanforge looked in:",
            "  1. $LEANFORGE_LEAN_HOME/bin (set it to a toolchain directory, e.g. ~/.elan/toolchains/<name>)",
            "  2. lean and lake on PATH",
            "  3. ~/.elan/bin",
            "  4. leanforge's own elan ($XDG_CACHE_HOME/leanforge/elan, default ~/.cache/leanforge/elan)",
            "check, campaign run, star run and `doctor --install` install the pinned toolchain there themselves",
            "(unless --no-install or LEANFORGE_NO_INSTALL=1). Or install Lean with elan yourself:",
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

    /** The environment this locator reads. */
    public Map<String, String> env() {
        return env;
    }

    /** The home directory this locator reads. */
    public Path home() {
        return home;
    }

    /**
     * leanforge's own elan, where {@link ElanInstaller} installs toolchains: {@code $XDG_CACHE_HOME/leanforge/elan}
     * when {@code XDG_CACHE_HOME} is an absolute path, else {@code ~/.cache/leanforge/elan}. A user's own elan
     * ({@code ~/.elan}, {@code $ELAN_HOME}) is never touched.
     */
    public Path leanforgeElanHome() {
        return leanforgeCache().resolve("elan");
    }

    /** leanforge's cache folder: {@code $XDG_CACHE_HOME/leanforge}, else {@code ~/.cache/leanforge}. */
    public Path leanforgeCache() {
        String xdg = env.get("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : home.resolve(".cache");
        return cache.resolve("leanforge");
    }

    /** An installer into {@link #leanforgeElanHome()}, configured by this locator's environment. */
    public ElanInstaller installer() {
        return new ElanInstaller(this);
    }

    /**
     * The first toolchain found, with its version when {@code lean --version} runs; empty when there is none. In
     * leanforge's own elan only the repository's pin ({@link PinnedToolchain#DEFAULT}) is looked for.
     */
    public Optional<Toolchain> locate() {
        return locate(PinnedToolchain.standard());
    }

    /**
     * As {@link #locate()}, looking for {@code pinned} in leanforge's own elan. The places before it are searched
     * whatever their version: compare {@link Toolchain#version()} with {@code pinned} to warn.
     */
    public Optional<Toolchain> locate(PinnedToolchain pinned) {
        for (Candidate candidate : candidates(pinned)) {
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

    private List<Candidate> candidates(PinnedToolchain pinned) {
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
        result.add(new Candidate(toolchainBin(pinned), "leanforge's elan (" + leanforgeElanHome() + ")"));
        return result;
    }

    /**
     * Where {@code pinned}'s own {@code lean} and {@code lake} are in leanforge's elan (the toolchain itself, not
     * elan's proxies, so nothing needs {@code ELAN_HOME} to run them).
     */
    public Path toolchainBin(PinnedToolchain pinned) {
        return leanforgeElanHome().resolve("toolchains").resolve(pinned.elanDirName()).resolve("bin");
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
