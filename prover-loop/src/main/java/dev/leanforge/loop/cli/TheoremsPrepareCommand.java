package dev.leanforge.loop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.bridge.toolchain.Toolchain;
import dev.leanforge.loop.theorems.Manifest;
import dev.leanforge.loop.theorems.TheoremSet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code leanforge theorems prepare --set minif2f}: the Lake project a Mathlib set needs, made with the toolchain
 * found (installed if need be) and remembered for the set, so that {@code campaign run --set minif2f} uses it. The
 * same project as docker/mathlib-project.sh makes.
 */
@Command(
        name = "prepare",
        mixinStandardHelpOptions = true,
        description = {
            "Make the Lake project a set that needs Mathlib is checked in: lean-toolchain (the set's toolchain), "
                    + "lakefile.toml requiring Mathlib at the set's revision, LeanforgeWork.lean (import Mathlib); "
                    + "then `lake update`, `lake exe cache get` (Mathlib's prebuilt cache, several GB) and "
                    + "`lake build`, with the set's toolchain (installed first when none is found).",
            "The directory is remembered for the set in ~/.cache/leanforge/projects.json: `campaign run --set NAME` "
                    + "uses it when its own --project-dir is no Lake project. Needs network, git and curl. Files "
                    + "already in the directory are kept; run it again after an interruption.",
        },
        footer = {"", "Exit codes: 0 done (or the set needs no Mathlib), 1 the set is invalid, 2 usage or "
                + "environment error (no Lean, a step failed)."})
final class TheoremsPrepareCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--set", paramLabel = "NAME", required = true, description = "The set needing Mathlib.")
    String set;

    @Mixin
    TheoremsCommand.DirOption dir;

    @Option(names = "--project-dir", paramLabel = "DIR",
            description = "Where to make the project. Default: ~/.cache/leanforge/projects/NAME "
                    + "($XDG_CACHE_HOME/leanforge/projects/NAME).")
    Path projectDir;

    @Option(names = "--no-install", description = "Never install Lean (also LEANFORGE_NO_INSTALL=1).")
    boolean noInstall;

    /** How Lean is found and installed; tests describe other machines through its locator. */
    LeanOptions lean = new LeanOptions();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TheoremSet theoremSet;
        try {
            theoremSet = TheoremsCommand.readSet(err, dir.dir, set);
        } catch (TheoremsCommand.SetRefused refused) {
            return refused.exitCode;
        }
        Manifest manifest = theoremSet.manifest();
        if (manifest.mathlib().isEmpty()) {
            out.println("set " + set + " needs only core Lean: no Lake project is needed (Lean runs as "
                    + "`lean --server`).");
            return 0;
        }
        String rev = manifest.mathlib().get();
        Path target = (projectDir != null ? projectDir : lean.locator.leanforgeCache().resolve("projects").resolve(set))
                .toAbsolutePath().normalize();

        lean.errOverride = err;
        lean.noInstall = noInstall;
        lean.projectDir = target;
        lean.pinTo(manifest.toolchain(), "the toolchain of set " + set + "'s manifest.json");
        Toolchain toolchain = lean.toolchain(); // installs the set's toolchain if none is found
        if (toolchain.lake().isEmpty()) {
            throw new CliError("the Lean toolchain found (" + toolchain.lean() + ") has no lake next to it; "
                    + "`theorems prepare` needs lake (every toolchain elan installs has it)");
        }
        Path lake = toolchain.lake().get();

        Files.createDirectories(target);
        step(err, "writing lean-toolchain, lakefile.toml and LeanforgeWork.lean in " + target
                + " (Mathlib " + rev + ", " + manifest.toolchain() + ")");
        Files.writeString(target.resolve("lean-toolchain"), manifest.toolchain() + "\n");
        Files.writeString(target.resolve("lakefile.toml"), String.join("\n",
                "name = \"leanforge_work\"",
                "defaultTargets = [\"LeanforgeWork\"]",
                "",
                "[[require]]",
                "name = \"mathlib\"",
                "git = \"https://github.com/leanprover-community/mathlib4\"",
                "rev = \"" + rev + "\"",
                "",
                "[[lean_lib]]",
                "name = \"LeanforgeWork\"",
                ""));
        Files.writeString(target.resolve("LeanforgeWork.lean"), "import Mathlib\n");

        List<List<String>> steps = List.of(List.of("update"), List.of("exe", "cache", "get"), List.of("build"));
        for (int i = 0; i < steps.size(); i++) {
            List<String> command = new ArrayList<>(List.of(lake.toString()));
            command.addAll(steps.get(i));
            step(err, "[" + (i + 1) + "/" + steps.size() + "] lake " + String.join(" ", steps.get(i)) + "   (in "
                    + target + ")");
            int code = run(command, target, toolchain, err);
            if (code != 0) {
                err.println("leanforge theorems prepare: `lake " + String.join(" ", steps.get(i)) + "` failed (exit "
                        + code + "); fix what it says (network? disk?) and run the same command again.");
                err.flush();
                return LeanforgeCli.EXIT_USAGE;
            }
        }
        if (!namesMathlib(target.resolve("lake-manifest.json"))) {
            err.println("leanforge theorems prepare: " + target.resolve("lake-manifest.json")
                    + " names no mathlib package after `lake update`");
            err.flush();
            return LeanforgeCli.EXIT_USAGE;
        }
        PreparedProjects projects = lean.preparedProjects();
        projects.remember(set, new PreparedProjects.Project(target, manifest.toolchain(), rev));
        out.println("Lake project for " + set + " ready in " + target + " (Mathlib " + rev + "); remembered in "
                + projects.file() + ": `campaign run --set " + set + "` uses it.");
        return 0;
    }

    private static void step(PrintWriter err, String what) {
        err.println("leanforge: " + what);
        err.flush();
    }

    /** Runs {@code command} in {@code dir} with the toolchain's bin first on PATH, its output on {@code err}. */
    private static int run(List<String> command, Path dir, Toolchain toolchain, PrintWriter err) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        String path = builder.environment().getOrDefault("PATH", "");
        builder.environment().put("PATH", toolchain.lean().getParent() + (path.isEmpty() ? "" : ":" + path));
        Process process = builder.start();
        process.getOutputStream().close();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                err.println("  " + line);
                err.flush();
            }
        }
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CliError("interrupted", e);
        }
    }

    private static boolean namesMathlib(Path lakeManifest) {
        try {
            for (JsonNode pkg : JSON.readTree(lakeManifest.toFile()).path("packages")) {
                if (pkg.path("name").asText().equals("mathlib")) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
