package dev.leanforge.bridge.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a Lean server is confined, as {@link SandboxPolicy#resolve()} decided: a closed set, so every caller says
 * what it does when there is no sandbox. Lean runs code at elaboration time (a trusted header, a theorem set or a
 * committed ledger can hold {@code #eval}), so this is the wall behind the source policy.
 */
public sealed interface Sandbox {

    /** {@code command} as it runs under this sandbox (unchanged where there is none). */
    ServerCommand wrap(ServerCommand command);

    /** One line for {@code leanforge doctor}: what confines Lean, or why nothing does. */
    String describe();

    /**
     * bubblewrap, optionally under {@code prlimit}. Inside Lean sees {@code /usr} (and the {@code /bin},
     * {@code /lib}… links), the toolchain and {@code readOnly} paths, the project directory — all read-only — and
     * a private {@code /tmp} as its only writable place; no network, its own PID/IPC/UTS namespaces, a cleared
     * environment, no terminal, and it dies with leanforge. The layout is {@code docker/lean-sandbox.sh}'s.
     *
     * @param prlimit  {@code prlimit}, which sets {@code limits} before exec'ing bwrap; empty: no rlimits
     * @param readOnly further paths to bind read-only at their own place (e.g. a JDK for a JVM-based server)
     */
    record Bubblewrap(Path bwrap, Optional<Path> prlimit, SandboxLimits limits, List<Path> readOnly)
            implements Sandbox {

        public Bubblewrap {
            readOnly = List.copyOf(readOnly);
        }

        @Override
        public ServerCommand wrap(ServerCommand command) {
            List<String> argv = new ArrayList<>();
            prlimit.ifPresent(p -> {
                argv.add(p.toString());
                argv.addAll(limits.prlimitOptions());
                argv.add("--");
            });
            argv.add(bwrap.toString());
            argv.addAll(List.of("--ro-bind", "/usr", "/usr"));
            // Merged-/usr systems have /bin, /lib, … as links into /usr; others have real directories.
            for (String dir : List.of("/bin", "/lib", "/lib64", "/sbin")) {
                Path path = Path.of(dir);
                if (Files.isSymbolicLink(path)) {
                    argv.addAll(List.of("--symlink", readLink(path), dir));
                } else if (Files.isDirectory(path)) {
                    argv.addAll(List.of("--ro-bind", dir, dir));
                }
            }
            // The tmpfs before the binds: a toolchain or project under /tmp stays visible on top of it.
            argv.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
                    "--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"));
            Set<String> binds = new LinkedHashSet<>();
            Optional<Path> root = toolchainRoot(command.argv().get(0));
            root.ifPresent(r -> binds.addAll(withRealPath(r)));
            readOnly.forEach(p -> binds.addAll(withRealPath(p)));
            binds.addAll(withRealPath(command.directory()));
            binds.forEach(p -> argv.addAll(List.of("--ro-bind", p, p)));
            String path = root.map(r -> r.resolve("bin") + ":").orElse("") + "/usr/bin:/bin";
            argv.addAll(List.of(
                    "--unshare-all", // user, pid, ipc, uts, cgroup and net: no network at all
                    "--unshare-net",
                    "--die-with-parent", "--new-session", "--clearenv",
                    "--setenv", "PATH", path, "--setenv", "HOME", "/tmp", "--setenv", "LANG", "C.UTF-8"));
            // An elan proxy (~/.elan/bin/lean) finds its toolchains through ELAN_HOME, HOME being the scratch /tmp.
            root.filter(r -> Files.isDirectory(r.resolve("toolchains")))
                    .ifPresent(r -> argv.addAll(List.of("--setenv", "ELAN_HOME", r.toString())));
            argv.addAll(List.of("--chdir", command.directory().toString(), "--"));
            argv.addAll(command.argv());
            return new ServerCommand(argv, command.directory());
        }

        @Override
        public String describe() {
            return "bubblewrap (" + bwrap + "): no network, read-only file system except a private /tmp, "
                    + "own PID namespace, cleared environment, dies with leanforge; "
                    + prlimit.map(p -> "rlimits via " + p + ": " + limits.describe())
                    .orElse("no rlimits (prlimit not found; install util-linux)");
        }

        /** {@code /opt/lean} for {@code /opt/lean/bin/lean}: the toolchain the executable belongs to. */
        private static Optional<Path> toolchainRoot(String program) {
            Path path = Path.of(program);
            if (!path.isAbsolute() || path.getParent() == null || path.getParent().getParent() == null) {
                return Optional.empty();
            }
            Path root = path.getParent().getParent();
            return root.getParent() == null ? Optional.empty() : Optional.of(root); // never bind / itself
        }

        private static List<String> withRealPath(Path path) {
            Set<String> both = new LinkedHashSet<>();
            both.add(path.toAbsolutePath().normalize().toString());
            try {
                both.add(path.toRealPath().toString());
            } catch (java.io.IOException missing) {
                // bind only the path as given; bwrap says so if it does not exist
            }
            return List.copyOf(both);
        }

        private static String readLink(Path link) {
            try {
                return Files.readSymbolicLink(link).toString();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read the link " + link, e);
            }
        }
    }

    /** Lean runs as the server command says, unconfined: the mode is {@code off}, or {@code auto} found no bwrap. */
    record Unsandboxed(String reason) implements Sandbox {
        @Override
        public ServerCommand wrap(ServerCommand command) {
            return command;
        }

        @Override
        public String describe() {
            return reason;
        }
    }

    /** The mode is {@code required} and no sandbox works: Lean must not be started. */
    record Unavailable(String reason) implements Sandbox {
        @Override
        public ServerCommand wrap(ServerCommand command) {
            throw new IllegalStateException(describe());
        }

        @Override
        public String describe() {
            return "a sandbox is required (" + SandboxMode.ENV + "=required or --sandbox required) but " + reason;
        }
    }
}
