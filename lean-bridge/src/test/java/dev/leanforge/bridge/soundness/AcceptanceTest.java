package dev.leanforge.bridge.soundness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.goal.Goal;
import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.bridge.verdict.LeanMessage.Severity;
import dev.leanforge.bridge.verdict.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Acceptance rules on diagnostics written from spec §4.2/§7.2 (not recorded from Lean). */
class AcceptanceTest {
    private static final CheckTask TASK = new CheckTask("import Mathlib", "Foo.add_comm'",
            "theorem Foo.add_comm' (a b : ℕ) : a + b = b + a :=", "by\n  omega");
    private static final Duration ELAPSED = Duration.ofMillis(1234);

    private final Diagnostics lean = new Diagnostics(TASK);

    private Verdict decide(LeanMessage... messages) {
        return Acceptance.decide(TASK, lean.document(), List.of(messages), ELAPSED);
    }

    private Verdict.Failed failed(LeanMessage... messages) {
        Verdict v = decide(messages);
        assertThat(v).isInstanceOf(Verdict.Failed.class);
        return (Verdict.Failed) v;
    }

    @Test
    void standardAxiomsProve() {
        LeanMessage answer = lean.axioms("propext", "Classical.choice", "Quot.sound");
        Verdict v = decide(answer);

        assertThat(v).isEqualTo(new Verdict.Proved(List.of("propext", "Classical.choice", "Quot.sound"),
                List.of(answer), ELAPSED));
    }

    @Test
    void noAxiomsAtAllProves() {
        assertThat(decide(lean.axioms())).isInstanceOf(Verdict.Proved.class);
    }

    @Test
    void wrappedAnswerProvesAndNonSorryWarningsAreKept() {
        LeanMessage linter = lean.inProof(Severity.WARNING, "unused variable `h`\nnote: this linter can be disabled");
        LeanMessage answer = Diagnostics.at(Severity.INFORMATION, lean.document().axiomsLine(), 0,
                "'Foo.add_comm'' depends on axioms: [propext,\n Classical.choice,\n Quot.sound]");
        Verdict v = decide(linter, answer);

        assertThat(v).isInstanceOf(Verdict.Proved.class);
        assertThat(((Verdict.Proved) v).messages()).containsExactly(linter, answer);
    }

    @Test
    void missingAnswerFails() {
        Verdict.Failed f = failed();
        assertThat(f.reason()).isEqualTo("no #print axioms answer for Foo.add_comm' on line 6");
        assertThat(f.axioms()).isEmpty();
        assertThat(f.elapsed()).isEqualTo(ELAPSED);
    }

    @Test
    void answerForAnotherConstantIsNoAnswer() {
        assertThat(failed(lean.axiomsFor("Other.add_comm'")).reason()).startsWith("no #print axioms answer");
        assertThat(failed(lean.axiomsFor("add_comm'")).reason()).startsWith("no #print axioms answer");
    }

    @Test
    void answerPrintedElsewhereIsNoEvidence() {
        // e.g. text printed from inside the proof that imitates the answer
        LeanMessage fake = lean.inProof(Severity.INFORMATION, "'Foo.add_comm'' does not depend on any axioms");
        LeanMessage warned = lean.onAxiomsLine(Severity.WARNING, "'Foo.add_comm'' does not depend on any axioms");

        assertThat(failed(fake).reason()).startsWith("no #print axioms answer");
        assertThat(failed(warned).reason()).startsWith("no #print axioms answer");
    }

    @Test
    void forbiddenAxiomsFailNamingTheAxiom() {
        Verdict.Failed sorry = failed(lean.axioms("propext", "sorryAx", "Classical.choice", "Quot.sound"));
        assertThat(sorry.reason()).contains("sorryAx");
        assertThat(sorry.axioms()).containsExactly("propext", "sorryAx", "Classical.choice", "Quot.sound");

        assertThat(failed(lean.axioms("cheat")).reason()).isEqualTo("uses custom axiom cheat");
        assertThat(failed(lean.axioms("propext", "Lean.ofReduceBool")).reason()).contains("Lean.ofReduceBool");
        assertThat(failed(lean.axioms("Lean.ofReduceBool", "Lean.trustCompiler")).reason())
                .contains("Lean.ofReduceBool").contains("forbidden axioms: Lean.ofReduceBool, Lean.trustCompiler");
        assertThat(failed(lean.axioms("propext", "Foo.add_comm'._native.native_decide.ax_1_1")).reason())
                .contains("Foo.add_comm'._native.native_decide.ax_1_1");
    }

    @Test
    void anyErrorFailsEvenWithACleanAnswer() {
        LeanMessage headerError = Diagnostics.at(Severity.ERROR, 0, 0,
                "Imports are out of date and must be rebuilt; use the \"Restart File\" command in your editor.");
        Verdict.Failed f = failed(headerError, lean.axioms("propext"));

        assertThat(f.reason()).startsWith("error at line 1 (header): Imports are out of date");
        assertThat(f.axioms()).containsExactly("propext");
    }

    @Test
    void sorryWarningFailsInBothSpellings() {
        // pre-4.28 form ('sorry') and the form since v4.28.0-rc1 (`sorry`), spec §10
        for (String text : List.of("declaration uses 'sorry'", "declaration uses `sorry`")) {
            Verdict.Failed f = failed(lean.onName(Severity.WARNING, text), lean.axioms("propext"));
            assertThat(f.reason()).isEqualTo("declaration uses sorry (line 3)");
        }
    }

    @Test
    void unknownConstantOnTheAxiomsLineMeansTheTheoremWasNotDeclared() {
        for (String text : List.of("unknown constant 'Foo.add_comm''", "Unknown constant `Foo.add_comm'`")) {
            Verdict.Failed f = failed(lean.onAxiomsLine(Severity.ERROR, text));
            assertThat(f.reason()).startsWith("Foo.add_comm' was not declared: ");
        }
    }

    @Test
    void heartbeatAndRecursionLimitsAreFailedNotTimeout() {
        String newForm = "(deterministic) timeout at `whnf`, maximum number of heartbeats (200000) has been reached\n"
                + "Use `set_option maxHeartbeats <num>` to set the limit.";
        String oldForm = "(deterministic) timeout at 'whnf', maximum number of heartbeats (200000) has been reached "
                + "(use 'set_option maxHeartbeats <num>' to set the limit)";
        for (String text : List.of(newForm, oldForm)) {
            Verdict.Failed f = failed(lean.inProof(Severity.ERROR, text));
            assertThat(f.reason()).startsWith("heartbeat limit reached at line 3 (proof): (deterministic) timeout");
        }
        assertThat(failed(lean.inProof(Severity.ERROR, "maximum recursion depth has been reached\nuse "
                + "`set_option maxRecDepth <num>` to increase limit")).reason())
                .isEqualTo("recursion limit reached at line 3 (proof)");
    }

    @Test
    void unsolvedGoalsAreParsedIntoTheVerdict() {
        LeanMessage first = lean.inProof(Severity.ERROR,
                "unsolved goals\ncase inl\na b : ℕ\nh : a < b\n⊢ a + b = b + a\n\ncase inr\na b : ℕ\n⊢ b + a = a + b");
        LeanMessage second = Diagnostics.at(Severity.ERROR, lean.document().declarationEndLine(), 2,
                "unsolved goals\n⊢ False");
        Verdict.Failed f = failed(second, first, lean.axioms("propext", "sorryAx"));

        assertThat(f.reason()).isEqualTo("unsolved goals at line 3 (proof) (+1 more errors)");
        assertThat(f.unsolvedGoals()).extracting(Goal::caseTag)
                .containsExactly(Optional.of("inl"), Optional.of("inr"), Optional.empty());
        assertThat(f.unsolvedGoals().get(0).hypotheses()).extracting(Goal.Hypothesis::names)
                .containsExactly(List.of("a", "b"), List.of("h"));
        assertThat(f.axioms()).containsExactly("propext", "sorryAx");
        assertThat(f.messages()).containsExactly(second, first, lean.axioms("propext", "sorryAx"));
    }

    @Test
    void unparsableGoalTextStillFails() {
        Verdict.Failed f = failed(lean.inProof(Severity.ERROR, "unsolved goals\nsomething unexpected"));
        assertThat(f.reason()).startsWith("unsolved goals");
        assertThat(f.unsolvedGoals()).isEmpty();
    }

    @Test
    void kernelRejection() {
        assertThat(failed(lean.onName(Severity.ERROR, "(kernel) declaration has metavariables 'Foo.add_comm''"))
                .reason()).isEqualTo("kernel rejected the declaration at line 3 (statement): "
                        + "(kernel) declaration has metavariables 'Foo.add_comm''");
    }
}
