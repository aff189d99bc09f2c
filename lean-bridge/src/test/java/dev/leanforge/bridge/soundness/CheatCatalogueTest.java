package dev.leanforge.bridge.soundness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.bridge.verdict.LeanMessage.Severity;
import dev.leanforge.bridge.verdict.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every trick of spec §7.3 that a candidate proof can play is stopped: REJECTED by {@link SourcePolicy} before
 * Lean runs, FAILED by {@link Acceptance} on the diagnostics Lean prints, or both (defence in depth).
 *
 * <p>The diagnostics are WRITTEN FROM THE SPEC (§4.2 message texts, §7.2 axiom lists per Lean era, §7.3 effects),
 * not recorded from a Lean run: Lean is not available here. Where the spec says Lean prints nothing useful (the
 * trick's effect is invisible in diagnostics), the row has no diagnostics and relies on the policy alone; those
 * rows are exactly the ones docs/verdicts.md lists as covered by the scan only.
 */
class CheatCatalogueTest {
    private static final CheckTask BASE = new CheckTask("import Mathlib", "T", "theorem T : (2 : ℕ) + 2 = 4 :=", "");

    /**
     * @param construct the policy rule expected to fire (null: the policy lets it through)
     * @param lean      the diagnostics Lean would publish (null: not modelled, the policy must stop it)
     * @param failure   a fragment of the expected FAILED reason when {@code lean} is given
     */
    record Trick(String name, String proof, String construct, Function<Diagnostics, List<LeanMessage>> lean,
                 String failure) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String SORRY_WARNING = "declaration uses `sorry`";

    static Stream<Trick> tricks() {
        return Stream.of(
                new Trick("sorry", "by sorry", "sorry",
                        d -> List.of(d.onName(Severity.WARNING, SORRY_WARNING), d.axioms("propext", "sorryAx")),
                        "declaration uses sorry"),
                new Trick("sorry, pre-4.28 warning spelling", "by\n  norm_num\n  sorry", "sorry",
                        d -> List.of(d.onName(Severity.WARNING, "declaration uses 'sorry'"), d.axioms("sorryAx")),
                        "declaration uses sorry"),
                new Trick("admit", "by admit", "admit",
                        d -> List.of(d.onName(Severity.WARNING, SORRY_WARNING), d.axioms("sorryAx")),
                        "declaration uses sorry"),
                new Trick("stop", "by\n  stop\n  norm_num", "stop",
                        d -> List.of(d.onName(Severity.WARNING, SORRY_WARNING), d.axioms("sorryAx")),
                        "declaration uses sorry"),
                new Trick("set_option warn.sorry false hides the warning only",
                        "by\n  set_option warn.sorry false in\n  sorry", "set_option",
                        d -> List.of(d.axioms("propext", "sorryAx")), "sorryAx"),
                new Trick("sorryAx named directly", "sorryAx _ false", "sorryAx",
                        d -> List.of(d.axioms("sorryAx")), "sorryAx"),
                new Trick("axiom declared after the proof", "by norm_num\naxiom cheat : False", "axiom",
                        d -> List.of(d.axioms("propext")), null),
                new Trick("custom axiom from a dependency", "cheat.elim", null,
                        d -> List.of(d.axioms("propext", "cheat")), "uses custom axiom cheat"),
                new Trick("native_decide (ofReduceBool era)", "by native_decide", "native_decide",
                        d -> List.of(d.axioms("propext", "Lean.ofReduceBool")), "Lean.ofReduceBool"),
                new Trick("native_decide (trustCompiler era)", "by native_decide", "native_decide",
                        d -> List.of(d.axioms("Lean.ofReduceBool", "Lean.trustCompiler")), "Lean.ofReduceBool"),
                new Trick("native_decide (per-computation ._native. axioms)", "by native_decide", "native_decide",
                        d -> List.of(d.axioms("T._native.native_decide.ax_1_1")), "T._native.native_decide.ax_1_1"),
                new Trick("decide +native", "by decide +native", "native",
                        d -> List.of(d.axioms("T._native.native_decide.ax_1_1")), "._native."),
                new Trick("decide with native config", "by decide (config := { native := true })", "native",
                        d -> List.of(d.axioms("Lean.ofReduceBool", "Lean.trustCompiler")), "Lean.ofReduceBool"),
                new Trick("Lean.ofReduceBool by hand", "Lean.ofReduceBool _ _ rfl", "ofReduceBool",
                        d -> List.of(d.axioms("Lean.ofReduceBool")), "Lean.ofReduceBool"),
                new Trick("bv_decide", "by bv_decide", "bv_decide",
                        d -> List.of(d.axioms("propext", "Classical.choice", "Lean.ofReduceBool")),
                        "Lean.ofReduceBool"),
                new Trick("csimp lemma proved by sorry + native_decide: sorryAx disappears",
                        "by native_decide\n\n@[csimp] theorem fast_eq : @slow = @fast := sorry", "native_decide",
                        d -> List.of(d.axioms("Lean.ofReduceBool", "Lean.trustCompiler")), "Lean.ofReduceBool"),
                new Trick("csimp lemma after an honest proof", "by decide\n\n@[csimp] theorem fast_eq : @slow = @fast "
                        + ":= sorry", "csimp",
                        d -> List.of(Diagnostics.at(Severity.WARNING, d.document().declarationEndLine(), 19,
                                SORRY_WARNING), d.axioms("propext")), "declaration uses sorry"),
                new Trick("implemented_by", "by decide\n@[implemented_by fastImpl] def slow : Nat := 0",
                        "implemented_by", null, null),
                new Trick("extern", "by decide\n@[extern \"lean_fast\"] opaque fast : Nat → Nat", "extern", null, null),
                new Trick("debug.skipKernelTC", "by\n  set_option debug.skipKernelTC true in\n  exact bogus",
                        "set_option", null, null),
                new Trick("metaprogram adding declarations (run_tac)", "by\n  run_tac addDeclUnchecked", "run_tac",
                        null, null),
                new Trick("metaprogram adding declarations (run_cmd)", "by norm_num\nrun_cmd addDeclUnchecked",
                        "run_cmd", null, null),
                new Trick("local instance redefining +", "by decide\nlocal instance instNatAdd : Add Nat := ⟨Nat.mul⟩",
                        "local", null, null),
                new Trick("notation changing meaning", "by decide\nnotation \"4\" => 5", "notation", null, null),
                new Trick("macro changing a tactic", "by decide\nmacro \"decide\" : tactic => `(tactic| sorry)",
                        "macro", null, null),
                new Trick("same name in another namespace",
                        "by norm_num\nnamespace Other\ntheorem T : (2 : ℕ) + 2 = 5 := sorry\nend Other", "namespace",
                        d -> List.of(d.axiomsFor("Other.T", "sorryAx")), "no #print axioms answer"),
                new Trick("#exit before the trailing checks", "by\n  exact bogus\n#exit", "#exit",
                        d -> List.of(), "no #print axioms answer"),
                new Trick("unterminated comment swallowing the suffix", "by\n  norm_num /-", "unterminated",
                        d -> List.of(), "no #print axioms answer"),
                new Trick("unbalanced bracket ending the term early", "by exact h) ;\n#print axioms T", "bracket",
                        null, null),
                new Trick("partial def", "by decide\npartial def loop : Nat → Nat := loop", "partial", null, null),
                new Trick("unsafe def", "by decide\nunsafe def f : Nat := 0", "unsafe", null, null),
                new Trick("opaque", "by decide\nopaque f : Nat", "opaque", null, null),
                new Trick("maxHeartbeats 0", "by\n  set_option maxHeartbeats 0 in\n  norm_num", "set_option",
                        null, null),
                new Trick("#eval loop / IO", "by decide\n#eval IO.Process.run {cmd := \"sh\"}", "#eval", null, null),
                new Trick("initialize", "by decide\ninitialize IO.println \"x\"", "initialize", null, null),
                new Trick("custom elab", "by decide\nelab \"x\" : term => pure (Lean.mkConst ``True)", "elab",
                        null, null),
                new Trick("heartbeat exhaustion is an answer, not a timeout", "by\n  set_option maxHeartbeats 400000 "
                        + "in\n  simp", null,
                        d -> List.of(d.inProof(Severity.ERROR, "(deterministic) timeout at `whnf`, maximum number "
                                + "of heartbeats (400000) has been reached"), d.axioms("sorryAx")),
                        "heartbeat limit reached"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tricks")
    void everyTrickIsRejectedOrFailed(Trick trick) {
        CheckTask task = new CheckTask(BASE.header(), BASE.theoremName(), BASE.statement(), trick.proof());
        PolicyResult policy = SourcePolicy.standard().check(task);
        if (trick.construct() == null) {
            assertThat(policy).isInstanceOf(PolicyResult.Allowed.class);
        } else {
            assertThat(policy).isInstanceOf(PolicyResult.Rejected.class);
            assertThat(((PolicyResult.Rejected) policy).construct()).isEqualTo(trick.construct());
        }

        if (trick.lean() != null) {
            Diagnostics lean = new Diagnostics(task);
            Verdict v = Acceptance.decide(task, lean.document(), trick.lean().apply(lean), Duration.ZERO);
            if (trick.failure() == null) {
                // Lean cannot see this trick: the policy is the only line of defence.
                assertThat(v).isInstanceOf(Verdict.Proved.class);
                assertThat(policy).isInstanceOf(PolicyResult.Rejected.class);
            } else {
                assertThat(v).isInstanceOf(Verdict.Failed.class);
                assertThat(((Verdict.Failed) v).reason()).contains(trick.failure());
            }
        } else {
            assertThat(policy).as("a trick Lean's diagnostics do not reveal must be rejected by the policy")
                    .isInstanceOf(PolicyResult.Rejected.class);
        }
    }
}
