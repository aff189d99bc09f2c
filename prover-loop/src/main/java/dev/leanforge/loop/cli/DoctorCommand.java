package dev.leanforge.loop.cli;

import dev.leanforge.bridge.toolchain.Toolchain;
import dev.leanforge.bridge.toolchain.ToolchainLocator;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code leanforge doctor}: says which Lean toolchain leanforge will use, or how to get one. */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = {
            "Report the Lean 4 toolchain leanforge will use.",
            "Looks in $LEANFORGE_LEAN_HOME/bin, then PATH, then ~/.elan/bin.",
            "Exit codes: 0 toolchain found, 2 none found."
        })
final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    ToolchainLocator locator = ToolchainLocator.system();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return locator.locate().map(toolchain -> {
            print(out, toolchain);
            return 0;
        }).orElseGet(() -> {
            spec.commandLine().getErr().println(ToolchainLocator.INSTALL_HINT);
            return LeanforgeCli.EXIT_USAGE;
        });
    }

    private static void print(PrintWriter out, Toolchain toolchain) {
        out.println("Lean toolchain found (via " + toolchain.source() + ")");
        out.println("  lean:    " + toolchain.lean());
        out.println("  lake:    " + toolchain.lake().map(Object::toString).orElse("not found (lake serve unavailable)"));
        out.println("  version: " + toolchain.version().orElse("unknown: `lean --version` failed"));
    }
}
