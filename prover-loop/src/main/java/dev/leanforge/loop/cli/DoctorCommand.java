package dev.leanforge.loop.cli;

import dev.leanforge.bridge.server.Sandbox;
import dev.leanforge.bridge.toolchain.Toolchain;
import dev.leanforge.bridge.toolchain.ToolchainLocator;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code leanforge doctor}: which Lean toolchain leanforge will use (or how to get one), and whether it is sandboxed. */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = {
            "Report the Lean 4 toolchain leanforge will use and whether checks run sandboxed.",
            "Looks in $LEANFORGE_LEAN_HOME/bin, then PATH, then ~/.elan/bin.",
            "Exit codes: 0 toolchain found, 2 none found or a required sandbox unavailable."
        })
final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SandboxOptions sandbox = new SandboxOptions();

    ToolchainLocator locator = ToolchainLocator.system();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int code = locator.locate().map(toolchain -> {
            print(out, toolchain);
            return 0;
        }).orElseGet(() -> {
            spec.commandLine().getErr().println(ToolchainLocator.INSTALL_HINT);
            return LeanforgeCli.EXIT_USAGE;
        });
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
