package dev.leanforge.bridge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.session.LeanWorker;
import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.bridge.verdict.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default sandbox: found, probed, and falling back or refusing as the mode says. Fake {@code bwrap} scripts
 * stand for a bwrap that is missing, broken (no user namespaces), hanging or working; the last tests use the real
 * bwrap where this machine has a working one and are skipped elsewhere.
 */
class SandboxPolicyTest {

    @TempDir
    Path tmp;

    private Path fakeBin(String bwrapScript) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path bwrap = bin.resolve("bwrap");
        Files.writeString(bwrap, "#!/bin/sh\n" + bwrapScript + "\n");
        Files.setPosixFilePermissions(bwrap, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    /** A bwrap that records its arguments and runs the command after {@code --} in the {@code --chdir} directory. */
    private static final String PASS_THROUGH = """
            printf '%s\\n' "$@" > "$(dirname "$0")/args"
            while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do
              if [ "$1" = "--chdir" ]; then cd "$2" || exit 1; shift; fi
              shift
            done
            shift
            exec "$@\"""";

    private static Sandbox resolve(SandboxMode mode, Path bin) {
        return SandboxPolicy.builder().mode(mode).env(Map.of("PATH", bin.toString()))
                .probeTimeout(Duration.ofSeconds(2)).build().resolve();
    }

    @Test
    void withoutBwrapAutoRunsUnsandboxedAndSaysHowToInstallIt() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Sandbox sandbox = resolve(SandboxMode.AUTO, empty);

        assertThat(sandbox).isInstanceOf(Sandbox.Unsandboxed.class);
        assertThat(sandbox.describe()).contains("bwrap not found", "checks run unsandboxed", "install bubblewrap");
        ServerCommand plain = ServerCommand.shell("lean --server", tmp);
        assertThat(sandbox.wrap(plain)).isEqualTo(plain);
    }

    @Test
    void withoutBwrapRequiredRefusesToStartLean() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Sandbox sandbox = resolve(SandboxMode.REQUIRED, empty);

        assertThat(sandbox).isInstanceOf(Sandbox.Unavailable.class);
        assertThat(sandbox.describe()).contains("required", "bwrap not found");
        assertThatThrownBy(() -> sandbox.wrap(ServerCommand.shell("lean --server", tmp)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("bwrap not found");
    }

    @Test
    void aBwrapThatCannotCreateNamespacesIsDetectedByTheProbe() throws IOException {
        Path bin = fakeBin("echo 'bwrap: No permissions to creating new namespace, likely because the kernel does "
                + "not allow non-privileged user namespaces.' >&2\nexit 1");

        Sandbox auto = resolve(SandboxMode.AUTO, bin);
        assertThat(auto).isInstanceOf(Sandbox.Unsandboxed.class);
        assertThat(auto.describe()).contains("cannot create a sandbox here", "exited with code 1",
                "No permissions to creating new namespace", "checks run unsandboxed");

        assertThat(resolve(SandboxMode.REQUIRED, bin)).isInstanceOf(Sandbox.Unavailable.class);
    }

    @Test
    void aHangingProbeCountsAsNotWorking() throws IOException {
        Path bin = fakeBin("exec sleep 30");
        long start = System.nanoTime();
        Sandbox sandbox = resolve(SandboxMode.AUTO, bin);
        assertThat(sandbox.describe()).contains("did not finish within 2000 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aServerProgramThatCannotStartInsideTheSandboxFallsBackOrIsRefused() throws IOException {
        Path bin = fakeBin(PASS_THROUGH);
        Path broken = tmp.resolve("lean");
        Files.writeString(broken, "#!/bin/sh\necho 'cannot find toolchain' >&2\nexit 3\n");
        Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwxr-xr-x"));
        ServerCommand server = new ServerCommand(List.of(broken.toString(), "--server"), tmp);
        SandboxPolicy.Builder policy = SandboxPolicy.builder().env(Map.of("PATH", bin.toString()))
                .probeTimeout(Duration.ofSeconds(2));

        Sandbox auto = policy.mode(SandboxMode.AUTO).build().resolve(server);
        assertThat(auto).isInstanceOf(Sandbox.Unsandboxed.class);
        assertThat(auto.describe()).contains(broken + " --version` fails inside the sandbox", "exited with code 3",
                "cannot find toolchain", "checks run unsandboxed");
        assertThat(policy.mode(SandboxMode.REQUIRED).build().resolve(server)).isInstanceOf(Sandbox.Unavailable.class);

        Path working = tmp.resolve("lean-ok");
        Files.writeString(working, "#!/bin/sh\necho 'Lean (version 4.24.0)'\n");
        Files.setPosixFilePermissions(working, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(policy.mode(SandboxMode.AUTO).build()
                .resolve(new ServerCommand(List.of(working.toString(), "--server"), tmp)))
                .isInstanceOf(Sandbox.Bubblewrap.class);
    }

    @Test
    void offNeverLooksForBwrap() throws IOException {
        Path bin = fakeBin("touch \"$(dirname \"$0\")/probed\"; exit 0");
        Sandbox sandbox = resolve(SandboxMode.OFF, bin);
        assertThat(sandbox).isInstanceOf(Sandbox.Unsandboxed.class);
        assertThat(sandbox.describe()).contains("turned off", "LEANFORGE_SANDBOX=off");
        assertThat(bin.resolve("probed")).doesNotExist();
    }

    @Test
    void aWorkingBwrapWrapsTheServerWithoutNetworkReadOnlyAndTiedToLeanforge() throws IOException {
        Path bin = fakeBin(PASS_THROUGH);
        Path project = Files.createDirectories(tmp.resolve("project"));
        Path toolchain = Files.createDirectories(tmp.resolve("toolchain/bin"));

        Sandbox sandbox = resolve(SandboxMode.AUTO, bin);
        assertThat(sandbox).isInstanceOf(Sandbox.Bubblewrap.class);
        assertThat(sandbox.describe()).contains("no network", "no rlimits (prlimit not found");

        ServerCommand wrapped = sandbox.wrap(ServerCommand.standard(project, toolchain));
        List<String> argv = wrapped.argv();
        assertThat(argv.get(0)).isEqualTo(bin.resolve("bwrap").toString());
        assertThat(argv).contains("--unshare-all", "--unshare-net", "--die-with-parent", "--new-session",
                "--clearenv");
        assertThat(argv.subList(argv.indexOf("--") + 1, argv.size()))
                .containsExactly(toolchain.resolve("lean").toString(), "--server", ServerCommand.REPORT_DELAY_OPTION);
        assertThat(String.join(" ", argv))
                .contains("--ro-bind " + project + " " + project)
                .contains("--ro-bind " + tmp.resolve("toolchain") + " " + tmp.resolve("toolchain"))
                .contains("--setenv PATH " + toolchain + ":/usr/bin:/bin")
                .contains("--chdir " + project + " --")
                .doesNotContain("--bind "); // nothing writable but the tmpfs
        assertThat(argv.indexOf("/tmp")).as("the tmpfs comes before the binds, which may lie under /tmp")
                .isLessThan(argv.indexOf(project.toString()));
        assertThat(wrapped.directory()).isEqualTo(project);
    }

    @Test
    void withPrlimitTheLimitsAreSetBeforeBwrapStarts() throws IOException {
        Path bin = fakeBin(PASS_THROUGH);
        Path prlimit = bin.resolve("prlimit");
        Files.writeString(prlimit, "#!/bin/sh\nwhile [ \"$1\" != \"--\" ]; do shift; done\nshift\nexec \"$@\"\n");
        Files.setPosixFilePermissions(prlimit, PosixFilePermissions.fromString("rwxr-xr-x"));

        Sandbox sandbox = resolve(SandboxMode.AUTO, bin);
        List<String> argv = sandbox.wrap(ServerCommand.shell("lean --server", tmp)).argv();
        assertThat(argv.subList(0, 6)).containsExactly(prlimit.toString(), "--as=" + (64L << 30), "--nproc=4096",
                "--fsize=" + (1L << 30), "--", bin.resolve("bwrap").toString());
        assertThat(sandbox.describe()).contains("address space 64 GiB", "4096 processes", "files up to 1 GiB");
    }

    /** The real bwrap and prlimit of this machine, where they work; the test is skipped elsewhere. */
    private Sandbox.Bubblewrap realSandbox(Path... readOnly) {
        Sandbox sandbox = SandboxPolicy.builder().mode(SandboxMode.AUTO).env(Map.of("PATH", "/usr/bin:/bin"))
                .readOnly(readOnly).build().resolve();
        assumeThat(sandbox).as("a working bwrap on this machine: " + sandbox.describe())
                .isInstanceOf(Sandbox.Bubblewrap.class);
        return (Sandbox.Bubblewrap) sandbox;
    }

    @Test
    void underRealBwrapTheServerHasNoNetworkCannotWriteTheProjectAndKeepsItsLimits() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("project"));
        Sandbox.Bubblewrap sandbox = realSandbox();
        String script = "touch wrote 2>/dev/null && echo project-writable; touch /tmp/t && echo tmp-writable; "
                + "grep -c ':' /proc/net/dev; ls /work /root 2>/dev/null | head -1; ulimit -v; "
                + "echo \"HOME=$HOME\"; env | grep -c . ";
        ServerCommand command = sandbox.wrap(new ServerCommand(List.of("/bin/sh", "-c", script), project));
        Process process = command.processBuilder().redirectErrorStream(true).start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        List<String> out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();

        assertThat(out).doesNotContain("project-writable").contains("tmp-writable", "HOME=/tmp");
        assertThat(out.get(1)).as("network interfaces: loopback only").isEqualTo("1");
        assertThat(out).as("address space limit in KiB").contains(Long.toString((64L << 30) / 1024));
        assertThat(project.resolve("wrote")).doesNotExist();
    }

    @Test
    void theStandInAnswersOverLspFromInsideRealBwrap() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("project"));
        Path rules = StandInRules.create().rule(r -> r.match("by decide").axioms("propext")).writeTo(project);
        List<Path> readOnly = new ArrayList<>();
        Arrays.stream(System.getProperty("java.class.path").split(":")).map(Path::of).forEach(readOnly::add);
        // The JDK's own configuration lives under /etc on Debian (links from the JDK's conf directory).
        Optional.of(Path.of("/etc/java-17-openjdk")).filter(Files::isDirectory).ifPresent(readOnly::add);
        Sandbox.Bubblewrap sandbox = realSandbox(readOnly.toArray(Path[]::new));
        ServerCommand command = sandbox.wrap(new ServerCommand(StandInCommand.argv(rules, null, false), project));
        try (LeanWorker worker = LeanWorker.start(command, LeanWorker.Settings.defaults())) {
            Verdict verdict = worker.check(new CheckTask("", "t", "theorem t : 1 + 1 = 2", "by decide"),
                    Duration.ofSeconds(30)).get(60, TimeUnit.SECONDS);
            assertThat(verdict).isInstanceOf(Verdict.Proved.class);
        }
    }
}
