package dev.leanforge.bridge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.toolchain.ToolchainLocator;
import dev.leanforge.bridge.verdict.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A Mathlib header on a real toolchain, through {@code lake serve}: runs where {@code LEANFORGE_MATHLIB_PROJECT}
 * names a Lake project that depends on Mathlib and has been built ({@code lake exe cache get && lake build}),
 * and a toolchain is found; skipped with the reason otherwise. Not run on this project's CI, which has no Lean.
 */
@Tag("lean")
class RealMathlibTest {

    private static final String HEADER = "import Mathlib\nopen Nat";
    /** Loading Mathlib's .olean files takes a while on the first check. */
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @Test
    void mathlibHeaderIsElaboratedOnceAndServesSeveralChecks() throws Exception {
        String projectDir = System.getenv("LEANFORGE_MATHLIB_PROJECT");
        assumeTrue(projectDir != null && Files.isDirectory(Path.of(projectDir)),
                "LEANFORGE_MATHLIB_PROJECT does not name a built Mathlib project: Mathlib test skipped");
        assumeTrue(ToolchainLocator.system().locate().isPresent(),
                "no Lean toolchain found (LEANFORGE_LEAN_HOME, PATH, ~/.elan): Mathlib test skipped");
        ServerCommand command = ServerCommand.standard(Path.of(projectDir),
                ToolchainLocator.system().locate().orElseThrow().lean().getParent());

        try (LeanWorker worker = LeanWorker.start(command, LeanWorker.Settings.defaults())) {
            Verdict first = check(worker, task("mathlib_first", "(a b : ℝ) : (a + b) ^ 2 = a ^ 2 + 2 * a * b + b ^ 2",
                    "by ring"));
            Verdict second = check(worker, task("mathlib_second", "(n : ℕ) (h : 2 ≤ n) : 4 ≤ n ^ 2", "by nlinarith"));
            Verdict wrong = check(worker, task("mathlib_wrong", "(a : ℝ) : a ^ 2 ≥ a", "by nlinarith"));

            assertThat(first).isInstanceOf(Verdict.Proved.class);
            assertThat(second).isInstanceOf(Verdict.Proved.class);
            assertThat(wrong).isInstanceOf(Verdict.Failed.class);
            // The header stayed open: later checks reused the elaborated `import Mathlib`.
            assertThat(worker.isWarm(HEADER)).isTrue();
        }
    }

    private static Verdict check(LeanWorker worker, CheckTask task) throws Exception {
        return worker.check(task, TIMEOUT).get(6, TimeUnit.MINUTES);
    }

    private static CheckTask task(String name, String signature, String proof) {
        return new CheckTask(HEADER, name, "theorem " + name + " " + signature + " :=", proof);
    }
}
