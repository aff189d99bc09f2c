package dev.leanforge.bridge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.goal.Goal;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.soundness.AxiomsReport;
import dev.leanforge.bridge.soundness.SourcePolicy;
import dev.leanforge.bridge.toolchain.Toolchain;
import dev.leanforge.bridge.toolchain.ToolchainLocator;
import dev.leanforge.bridge.verdict.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real Lean toolchain (core library only, no Mathlib): skipped, with the reason shown, where none is
 * installed. The statements and expected verdicts follow the protocol spec; they have not been run on this machine.
 */
@Tag("lean")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealLeanTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String HEADER = "set_option autoImplicit false";

    @TempDir
    static Path project;
    private ServerCommand command;
    private LeanWorker strict;
    private LeanWorker permissive;

    @BeforeAll
    void startLean() throws Exception {
        Optional<Toolchain> toolchain = ToolchainLocator.system().locate();
        if (toolchain.isEmpty()) {
            return;
        }
        // A directory without a lakefile: `lean --server`, core imports only.
        command = ServerCommand.standard(project, toolchain.get().lean().getParent());
        strict = LeanWorker.start(command, LeanWorker.Settings.defaults());
        // Lets `sorry` and `native_decide` reach Lean, to see that the verdict does not depend on the source scan.
        permissive = LeanWorker.start(command, new LeanWorker.Settings(Duration.ofMinutes(1), 1,
                SourcePolicy.standard().allowing("sorry", "native_decide")));
    }

    /** Each test reports itself skipped, with the reason, rather than the class vanishing from the report. */
    @BeforeEach
    void requireLean() {
        assumeTrue(command != null,
                "no Lean toolchain found (LEANFORGE_LEAN_HOME, PATH, ~/.elan): real-Lean test skipped");
    }

    @AfterAll
    void stopLean() {
        if (strict != null) {
            strict.close();
        }
        if (permissive != null) {
            permissive.close();
        }
    }

    @Test
    void decideProves() throws Exception {
        Verdict verdict = check(strict, task("two_add_two", ": 2 + 2 = 4", "by decide"));
        assertThat(verdict).isInstanceOfSatisfying(Verdict.Proved.class, proved -> assertThat(proved.axioms())
                .allSatisfy(a -> assertThat(AxiomsReport.classify(a)).isEqualTo(AxiomsReport.Kind.STANDARD)));
    }

    @Test
    void failingOmegaFails() throws Exception {
        Verdict verdict = check(strict, task("succ_ne", "(n : Nat) : n + 1 = n", "by omega"));
        assertThat(verdict).isInstanceOfSatisfying(Verdict.Failed.class,
                failed -> assertThat(failed.messages()).anyMatch(m -> m.isError()));
    }

    @Test
    void sorryFailsThroughLeanToo() throws Exception {
        Verdict verdict = check(permissive, task("later", ": 1 = 1", "by sorry"));
        assertThat(verdict).isInstanceOfSatisfying(Verdict.Failed.class,
                failed -> assertThat(failed.reason()).contains("sorry"));
        assertThat(check(strict, task("later", ": 1 = 1", "by sorry"))).isInstanceOf(Verdict.Rejected.class);
    }

    @Test
    void customAxiomInTheHeaderFailsAndIsNamed() throws Exception {
        CheckTask task = new CheckTask(HEADER + "\naxiom cheat : False", "one_eq_two", "theorem one_eq_two : 1 = 2 :=",
                "cheat.elim");
        Verdict verdict = check(strict, task);
        assertThat(verdict).isInstanceOfSatisfying(Verdict.Failed.class, failed -> {
            assertThat(failed.axioms()).contains("cheat");
            assertThat(failed.reason()).contains("cheat");
        });
    }

    @Test
    void nativeDecideIsNeverProved() throws Exception {
        CheckTask task = task("big", ": 123456 * 654321 = 80779853376", "by native_decide");
        assertThat(check(strict, task)).isInstanceOf(Verdict.Rejected.class);
        Verdict verdict = check(permissive, task);
        assertThat(verdict).isInstanceOfSatisfying(Verdict.Failed.class, failed -> assertThat(failed.axioms())
                .anyMatch(a -> AxiomsReport.classify(a) != AxiomsReport.Kind.STANDARD));
    }

    @Test
    void goalsAfterConstructor() throws Exception {
        GoalAnswer answer = strict.goals(HEADER, "theorem and_intro (p q : Prop) (hp : p) (hq : q) : p ∧ q :=",
                "by\n  constructor", TIMEOUT).get(3, TimeUnit.MINUTES);
        assertThat(answer).isInstanceOf(GoalAnswer.State.class);
        TacticState state = ((GoalAnswer.State) answer).state();
        assertThat(state.goals()).extracting(Goal::caseTag)
                .containsExactly(Optional.of("left"), Optional.of("right"));
        assertThat(state.errors()).isEmpty();
    }

    @Test
    void freshProcessTierAgrees() {
        Verdict verdict = new FreshProcessChecker(command).check(task("fresh", ": 2 + 2 = 4", "by decide"), TIMEOUT);
        assertThat(verdict).isInstanceOf(Verdict.Proved.class);
    }

    private static Verdict check(LeanWorker worker, CheckTask task) throws Exception {
        return worker.check(task, TIMEOUT).get(3, TimeUnit.MINUTES);
    }

    private static CheckTask task(String name, String signature, String proof) {
        return new CheckTask(HEADER, name, "theorem " + name + " " + signature + " :=", proof);
    }
}
