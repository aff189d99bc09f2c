package dev.leanforge.bridge.soundness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.verdict.Verdict;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SourcePolicyTest {
    private static final SourcePolicy POLICY = SourcePolicy.standard();

    private static PolicyResult.Rejected rejected(String proof) {
        PolicyResult r = POLICY.check(proof);
        assertThat(r).as("policy result for %s", proof).isInstanceOf(PolicyResult.Rejected.class);
        return (PolicyResult.Rejected) r;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "by simp",
        "by\n  intro h\n  exact h",
        "fun h => ⟨h.1, h.2⟩",
        "by omega",
        "by decide",
        "by decide +kernel",
        "by\n  have hsorry_free : True := trivial\n  exact hsorry_free",
        "by exact sorry_lemma'",
        "by\n  -- sorry, native_decide and #exit in a comment do not count\n  trivial",
        "by\n  /- a block comment with sorry /- nested axiom -/ still inside -/\n  trivial",
        "by\n  have : \"sorry\" = \"sorry\" := rfl\n  trivial",
        "by exact (r#\"#exit {sorry}\"#).length.le_refl",
        "by exact ('{' : Char) = '{' |>.elim trivial",
        "by\n  open Nat in\n  simp [succ_le]",
        "by\n  open scoped BigOperators in\n  simp",
        "by open Nat hiding add_comm in exact h",
        "by\n  set_option maxHeartbeats 400000 in\n  simp",
        "by\n  set_option maxRecDepth 10000 in\n  decide",
        "by set_option pp.all true in rfl",
        "by\n  calc a = b := h\n    _ = c := h'",
        "by exact Nat.le_refl _",
        "by simp [«my lemma»]",
        "by exact «instance»",
        "#[1, 2].size_pos",
        "by rw [h₁, h₂]; exact hα"
    })
    void ordinaryProofsAreAllowed(String proof) {
        assertThat(POLICY.check(proof)).isEqualTo(new PolicyResult.Allowed());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "by sorry                                  | sorry",
        "by admit                                  | admit",
        "by\\n  stop\\n  simp                      | stop",
        "by exact «sorry»                          | sorry",
        "by exact sorryAx _ false                  | sorryAx",
        "by native_decide                          | native_decide",
        "by decide +native                         | native",
        "by decide (config := { native := true })  | native",
        "Lean.ofReduceBool _ _ rfl                 | ofReduceBool",
        "by exact Lean.«ofReduceBool» _ _ rfl      | ofReduceBool",
        "by exact (Lean.trustCompiler)             | trustCompiler",
        "by bv_decide                              | bv_decide",
        "by run_tac Lean.Elab.Tactic.evalTactic x  | run_tac",
        "by exact by_elab pure q(trivial)          | by_elab",
        "trivial\\n@[csimp] theorem x : @f = @g := rfl | csimp",
        "trivial\\n@[implemented_by g] def f := 1  | implemented_by",
        "trivial\\n@[extern \"c\"] opaque f : Nat   | extern",
        "trivial\\naxiom cheat : False             | axiom",
        "trivial\\nlocal instance : Add Nat := ⟨Nat.mul⟩ | local",
        "trivial\\ninstance : Add Nat := ⟨Nat.mul⟩ | instance",
        "trivial\\nattribute [simp] foo            | attribute",
        "trivial\\nnotation \"2\" => 3             | notation",
        "trivial\\ninfixl:65 \" + \" => Nat.mul    | infixl",
        "trivial\\nmacro \"t\" : term => `(sorry) | macro",
        "trivial\\nelab \"t\" : tactic => pure ()  | elab",
        "trivial\\nsyntax \"t\" : tactic           | syntax",
        "trivial\\ninitialize pure ()              | initialize",
        "trivial\\nunsafe def f : Nat := 0         | unsafe",
        "trivial\\npartial def f : Nat → Nat := f  | partial",
        "trivial\\ntheorem other : True := trivial | theorem",
        "trivial\\nnamespace X                     | namespace",
        "trivial\\nend                             | end",
        "trivial\\n#exit                           | #exit",
        "trivial\\n#eval IO.println 1              | #eval",
        "trivial\\n#print axioms foo               | #print",
        "trivial\\nrun_cmd pure ()                 | run_cmd",
        "by exact (s!\"{sorry}\").length           | sorry",
        "by exact `sorry                           | sorry",
        "trivial\\nopen Nat                        | open",
        "by exact h)                               | bracket",
        "by exact (h                               | bracket",
        "by exact ⟨h, h]                           | bracket",
        "by exact ‹h                               | bracket",
        "by exact h›                               | bracket",
        "by trivial /- swallow the rest            | unterminated",
        "by exact \"unclosed                       | unterminated",
        "by exact «unclosed                        | unterminated",
        "by\\n  /-- doc comment -/\\n  trivial       | doc comment",
        "trivial\\n/-! module doc -/                | doc comment",
        "by exact (s!\"{\"\" ++ toString (by run_tac pure (); exact 0) ++ \"\"}\").length | ambiguous",
        "by have := 1 <-- comment? no: code      | ambiguous",
        "by exact '\\q'                          | malformed",
        "by\texact h                              | malformed",
        "by exact s!\"{native_decide}\"          | native_decide",
        "trivial\\n@[simp] theorem x : True := trivial | attribute",
        "trivial\\nunif_hint (n : Nat) where n =?= 0 ⊢ n =?= 1 | unif_hint",
        "trivial\\nseal foo                       | seal",
        "trivial\\nsimproc foo (x) := fun _ => pure .continue | simproc",
        "trivial\\nbinder_predicate x \" > \" y:term => `(x > y) | binder_predicate",
        "trivial\\nadd_decl_doc foo               | add_decl_doc",
        "by\\n  open Nat in                        | in",
        "by\\n  simp\\nset_option maxHeartbeats 400 in | in"
    })
    void forbiddenConstructsAreRejected(String proof, String construct) {
        assertThat(rejected(proof.replace("\\n", "\n")).construct()).isEqualTo(construct);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "by\n  set_option maxHeartbeats 0 in\n  simp",
        "by\n  set_option synthInstance.maxHeartbeats 0 in\n  simp",
        "by\n  set_option maxHeartbeats 0x0 in\n  simp",
        "by\n  set_option maxHeartbeats 0b000 in\n  simp",
        "by\n  set_option maxHeartbeats 0.0 in\n  simp",
        "by\n  set_option maxHeartbeats 0. in\n  simp",
        "by\n  set_option maxHeartbeats 0e7 in\n  simp",
        "by\n  set_option maxHeartbeats 1e99999999999 in\n  simp",
        "by\n  set_option debug.skipKernelTC true in\n  exact h",
        "by\n  set_option warn.sorry false in\n  exact h",
        "by\n  set_option maxHeartbeats 400000\n  simp",
        "trivial\nset_option autoImplicit true",
        "by set_option trace.Meta.synthInstance true in simp"
    })
    void setOptionOutsideTheAllowedFormIsRejected(String proof) {
        PolicyResult.Rejected r = rejected(proof);
        assertThat(r.construct()).isEqualTo("set_option");
    }

    @Test
    void aWordGluedToANumberIsStillSeen() {
        assertThat(rejected("by exact 0sorry").construct()).isEqualTo("sorry");
    }

    @Test
    void setOptionReasonsNameTheProblem() {
        assertThat(rejected("by set_option debug.skipKernelTC true in exact h").reason())
                .contains("debug.skipKernelTC").contains("not allowed");
        assertThat(rejected("by set_option maxHeartbeats 0 in simp").reason()).contains("removes the heartbeat limit");
        assertThat(rejected("by set_option maxHeartbeats 1000\nsimp").reason()).contains("without `in`");
    }

    @Test
    void positionIsOneBasedLineAndUtf16Column() {
        PolicyResult.Rejected r = rejected("by\n  have h : 𝔽 = 𝔽 := rfl\n  exact (by  sorry)");
        assertThat(r.position()).isEqualTo(new PolicyResult.Position(3, 13));

        PolicyResult.Rejected afterEmoji = rejected("by exact («𝔽» ; native_decide)");
        assertThat(afterEmoji.position()).isEqualTo(new PolicyResult.Position(1, 17));
    }

    @Test
    void reasonNamesTheConstructAndTheVerdictCarriesThePosition() {
        PolicyResult.Rejected r = rejected("by\n  native_decide");
        assertThat(r.reason()).isEqualTo("`native_decide` trusts compiled code instead of the kernel");

        Verdict.Rejected v = r.toVerdict(Duration.ofMillis(3));
        assertThat(v.reason()).isEqualTo(r.reason() + " (proof line 2, column 2)");
        assertThat(v.elapsed()).isEqualTo(Duration.ofMillis(3));
    }

    @Test
    void onlyTheProofIsScanned() {
        CheckTask task = new CheckTask("import Lean\nset_option maxHeartbeats 0", "sorry_free",
                "theorem sorry_free (native : Bool) : True :=", "trivial");
        assertThat(POLICY.check(task)).isInstanceOf(PolicyResult.Allowed.class);
        assertThat(POLICY.check(new CheckTask("", "t", "theorem t : True :=", "by sorry")))
                .isInstanceOf(PolicyResult.Rejected.class);
    }

    @Test
    void allowListIsPerPolicyCopy() {
        SourcePolicy nativeOk = POLICY.allowing("native_decide", "#check");

        assertThat(nativeOk.check("by native_decide")).isInstanceOf(PolicyResult.Allowed.class);
        assertThat(nativeOk.check("trivial\n#check Nat")).isInstanceOf(PolicyResult.Allowed.class);
        assertThat(nativeOk.check("by sorry")).isInstanceOf(PolicyResult.Rejected.class);
        assertThat(POLICY.check("by native_decide")).isInstanceOf(PolicyResult.Rejected.class);

        SourcePolicy traced = POLICY.allowingOptions("trace.");
        assertThat(traced.check("by set_option trace.Meta.synthInstance true in simp"))
                .isInstanceOf(PolicyResult.Allowed.class);
        assertThat(POLICY.allowing("set_option").check("by set_option warn.sorry false in simp"))
                .isInstanceOf(PolicyResult.Allowed.class);
        assertThat(POLICY.allowing("open").check("trivial\nopen Nat")).isInstanceOf(PolicyResult.Allowed.class);
    }

    @Test
    void unknownConstructsAreRefusedClearly() {
        assertThatThrownBy(() -> POLICY.allowing("sory"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown construct 'sory'");
    }

    @Test
    void everyRuleWordRejectsOnItsOwn() {
        for (String word : SourcePolicy.NAME_RULES.keySet()) {
            assertThat(rejected("by exact " + word).construct()).isEqualTo(word);
            assertThat(rejected("by exact Foo." + word).construct()).isEqualTo(word);
        }
        for (String word : SourcePolicy.KEYWORD_RULES.keySet()) {
            assertThat(rejected("trivial\n" + word + " x").construct()).isEqualTo(word);
            assertThat(POLICY.check("by exact «" + word + "»")).as(word).isInstanceOf(PolicyResult.Allowed.class);
        }
    }
}
