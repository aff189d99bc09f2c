package dev.leanforge.loop.cli;

import dev.leanforge.bridge.server.Sandbox;
import dev.leanforge.bridge.toolchain.ElanInstaller;
import dev.leanforge.bridge.toolchain.PinnedToolchain;
import dev.leanforge.bridge.toolchain.Toolchain;
import dev.leanforge.bridge.toolchain.ToolchainLocator;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code leanforge doctor}: which Lean toolchain leanforge will use (or how to get one), and whether it is sandboxed. */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = {
            "Report the Lean 4 toolchain leanforge will use and whether checks run sandboxed.",
            "Looks in $LEANFORGE_LEAN_HOME/bin, then PATH, then ~/.elan/bin, then leanforge's own elan "
                    + "(~/.cache/leanforge/elan). The pinned toolchain is ./lean-toolchain, else the leanforge "
                    + "checkout's lean-toolchain; a Lean of another version is warned about.",
            "--install installs the pinned toolchain into leanforge's own elan when none is found (or the one "
                    + "found is another version), with elan's installer from $LEANFORGE_ELAN_INIT (a URL or file), "
                    + "else " + ElanInstaller.DEFAULT_SOURCE + ".",
            "Exit codes: 0 toolchain found, 2 none found (or installing failed) or a required sandbox unavailable."
        })
final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SandboxOptions sandbox = new SandboxOptions();

    @Option(names = "--install", description = "Install the pinned toolchain into leanforge's own elan when none is "
            + "found or the one found is another version (network, a few hundred MB).")
    boolean install;

    ToolchainLocator locator = ToolchainLocator.system();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LeanOptions lean = new LeanOptions(); // the pin and the warning, as every command that starts Lean decides them
        lean.projectDir = Path.of(".");
        lean.locator = locator;
        PinnedToolchain pin = lean.pin();
        Optional<Toolchain> found = locator.locate(pin);
        int code = 0;
        boolean otherVersion = found.flatMap(Toolchain::version).filter(v -> !pin.matches(v)).isPresent();
        if (install && (found.isEmpty() || otherVersion)) {
            Path pinnedLean = locator.toolchainBin(pin).resolve("lean");
            if (Files.isExecutable(pinnedLean)) {
                out.println(pin + " is installed already: " + pinnedLean);
            } else {
                try {
                    Toolchain installed = locator.installer().install(pin, err);
                    found = found.isEmpty() ? Optional.of(installed) : found;
                } catch (ElanInstaller.InstallException e) {
                    err.println(e.getMessage());
                    err.flush();
                    code = LeanforgeCli.EXIT_USAGE;
                }
            }
            if (otherVersion && code == 0) {
                out.println("To use " + pin + " instead of the Lean found: export LEANFORGE_LEAN_HOME="
                        + locator.toolchainBin(pin).getParent());
            }
        }
        out.println("Pinned toolchain: " + pin);
        if (found.isPresent()) {
            print(out, found.get());
            lean.mismatch(found.get()).ifPresent(out::println);
        } else if (code == 0) {
            err.println(ToolchainLocator.INSTALL_HINT);
            err.println("Run `leanforge doctor --install` to install " + pin + " into "
                    + locator.leanforgeElanHome() + " now.");
            err.flush();
            code = LeanforgeCli.EXIT_USAGE;
        }
        // Said with or without a toolchain: where Lean runs matters as much as which Lean.
        Sandbox confinement = sandbox.resolve();
        String state = confinement instanceof Sandbox.Bubblewrap ? "checks run sandboxed"
                : confinement instanceof Sandbox.Unsandboxed ? "checks run UNSANDBOXED" : "UNAVAILABLE";
        out.println("Sandbox: " + state);
        out.println("  " + confinement.describe());
        out.println("  (a --server-cmd runs as given: leanforge sandboxes only the Lean it starts itself)");
        return confinement instanceof Sandbox.Unavailable ? LeanforgeCli.EXIT_USAGE : code;
    }

    private static void print(PrintWriter out, Toolchain toolchain) {
        out.println("Lean toolchain found (via " + toolchain.source() + ")");
        out.println("  lean:    " + toolchain.lean());
        out.println("  lake:    " + toolchain.lake().map(Object::toString).orElse("not found (lake serve unavailable)"));
        out.println("  version: " + toolchain.version().orElse("unknown: `lean --version` failed"));
    }
}
