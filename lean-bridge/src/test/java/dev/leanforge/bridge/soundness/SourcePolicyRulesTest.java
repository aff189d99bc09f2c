package dev.leanforge.bridge.soundness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SourcePolicy}'s rules at their edges (found by mutation testing): where a proof starts with the construct,
 * what {@code set_option} and {@code open} may hold, the allow-lists, and what is scanned after unreadable text.
 */
class SourcePolicyRulesTest {
    private static final SourcePolicy POLICY = SourcePolicy.standard();
    private static final PolicyResult ALLOWED = new PolicyResult.Allowed();

    private static PolicyResult.Rejected rejected(SourcePolicy policy, String proof) {
        PolicyResult r = policy.check(proof);
        assertThat(r).as("policy result for %s", proof).isInstanceOf(PolicyResult.Rejected.class);
        return (PolicyResult.Rejected) r;
    }

    private static PolicyResult.Rejected rejected(String proof) {
        return rejected(POLICY, proof);
    }

    // --- set_option ----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "by set_option maxHeartbeats 400000 in simp",
        "by set_option pp.all true in simp",
        "by set_option pp.all false in simp",
        "by set_option pp.mvars.anonymous \"x\" in simp",
        "set_option maxRecDepth 2000 in by decide",
        "by set_option synthInstance.maxSize 256 in simp",
        "by set_option linter.unusedVariables false in simp",
        "by set_option maxHeartbeats 1 in simp"
    })
    void setOptionWithAnAllowedOptionAndASimpleValue(String proof) {
        assertThat(POLICY.check(proof)).isEqualTo(ALLOWED);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // proof | the reason
        "by set_option maxHeartbeats foo in simp | `set_option` must have the form `set_option NAME VALUE in …`; "
                + "without `in` it is a command after the proof",
        "by set_option maxHeartbeats (1) in simp | `set_option` must have the form `set_option NAME VALUE in …`; "
                + "without `in` it is a command after the proof",
        "by set_option 1 2 in simp | `set_option` must have the form `set_option NAME VALUE in …`; "
                + "without `in` it is a command after the proof",
        "by set_option maxHeartbeats | `set_option` must have the form `set_option NAME VALUE in …`; "
                + "without `in` it is a command after the proof",
        "by set_option maxHeartbeats 0 | `set_option maxHeartbeats 0` removes the heartbeat limit",
        "by set_option maxHeartbeats 00 in simp | `set_option maxHeartbeats 0` removes the heartbeat limit",
        "by set_option maxHeartbeats 0o0 in simp | `set_option maxHeartbeats 0` removes the heartbeat limit",
        "by set_option maxHeartbeats 0_0 in simp | `set_option maxHeartbeats 0` removes the heartbeat limit",
        "set_option debug.skipKernelTC true in exact h | `set_option debug.skipKernelTC` is not allowed (allowed: "
                + "linter., maxHeartbeats, maxRecDepth, pp., synthInstance.maxHeartbeats, synthInstance.maxSize)",
        "by set_option ppx true in simp | `set_option ppx` is not allowed (allowed: "
                + "linter., maxHeartbeats, maxRecDepth, pp., synthInstance.maxHeartbeats, synthInstance.maxSize)"
    })
    void setOptionRefusalsSayWhy(String proof, String reason) {
        PolicyResult.Rejected r = rejected(proof);
        assertThat(r.construct()).isEqualTo("set_option");
        assertThat(r.reason()).isEqualTo(reason);
        assertThat(r.position()).isEqualTo(new PolicyResult.Position(1, proof.indexOf("set_option")));
    }

    @Test
    void zeroIsOnlyRefusedForHeartbeats() {
        assertThat(POLICY.check("by set_option maxRecDepth 0 in simp")).isEqualTo(ALLOWED);
        assertThat(POLICY.check("by set_option maxHeartbeats 10 in simp")).isEqualTo(ALLOWED);
        assertThat(rejected("by set_option synthInstance.maxHeartbeats 0x00 in simp").reason())
                .isEqualTo("`set_option synthInstance.maxHeartbeats 0` removes the heartbeat limit");
    }

    @Test
    void theOptionNameIsNotCodeButTheRestIs() {
        // `pp.sorry` names an option; after `in` the proof is scanned again.
        assertThat(POLICY.check("by set_option pp.sorry true in simp")).isEqualTo(ALLOWED);
        assertThat(rejected("by set_option pp.all true in sorry").construct()).isEqualTo("sorry");
        SourcePolicy anyOption = POLICY.allowing("set_option");
        assertThat(anyOption.check("by set_option warn.sorry false in simp")).isEqualTo(ALLOWED);
        assertThat(rejected(anyOption, "by set_option warn.sorry sorry in simp").construct()).isEqualTo("sorry");
        assertThat(rejected(anyOption, "by simp\nset_option warn.sorry").construct()).isEqualTo("in");
    }

    @Test
    void allowedOptionsAreExactNamesOrFamilies() {
        SourcePolicy traced = POLICY.allowingOptions("trace.", "autoImplicit");
        assertThat(traced.check("by set_option trace.Meta true in simp")).isEqualTo(ALLOWED);
        assertThat(traced.check("by set_option autoImplicit true in simp")).isEqualTo(ALLOWED);
        assertThat(traced.check("by set_option maxHeartbeats 5 in simp")).isEqualTo(ALLOWED);
        assertThat(rejected(traced, "by set_option autoImplicitX true in simp").construct()).isEqualTo("set_option");
        assertThat(rejected(traced, "by set_option traceX true in simp").construct()).isEqualTo("set_option");
        assertThat(rejected("by set_option trace.Meta true in simp").construct()).isEqualTo("set_option");
    }

    // --- open --------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "open Nat in exact h",
        "by open Nat (succ) in simp",
        "by open Nat renaming succ → s in simp",
        "by open scoped Nat hiding succ in simp",
        "by open Nat Int in simp"
    })
    void scopedOpensAreAllowed(String proof) {
        assertThat(POLICY.check(proof)).isEqualTo(ALLOWED);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "by open Foo.sorry in simp                    | sorry  | 8",
        "by open Nat hiding sorry in simp             | sorry  | 19",
        "by open Nat renaming sorry → s in simp       | sorry  | 21",
        "by open scoped native_decide in simp         | native_decide | 15",
        "by open Nat (sorry) in simp                  | sorry  | 13",
        "by open in simp                              | open   | 3",
        "by open Nat; exact foo in bar                | open   | 3",
        "by open Nat := foo in bar                    | open   | 3",
        "by open Nat                                  | open   | 3",
        "by open Nat in                               | in     | 12"
    })
    void opensThatHideAWordOrAreNotScopedAreRefused(String proof, String construct, int column) {
        PolicyResult.Rejected r = rejected(proof);
        assertThat(r.construct()).isEqualTo(construct);
        assertThat(r.position()).isEqualTo(new PolicyResult.Position(1, column));
    }

    @Test
    void anOpenNamingAForbiddenWordSaysSo() {
        assertThat(rejected("by open Foo.sorry in simp").reason())
                .isEqualTo("`Foo.sorry` leaves the goal unproved (the theorem would depend on sorryAx)");
        assertThat(rejected("by open in simp").reason())
                .isEqualTo("`open` without `in` starts a new command after the proof");
        assertThat(POLICY.allowing("open").check("by open sorry in simp")).isInstanceOf(PolicyResult.Rejected.class);
    }

    // --- attributes, docstrings, brackets ------------------------------------------------------------------------

    @Test
    void anAttributeListAtTheStartOrNeverClosed() {
        PolicyResult.Rejected first = rejected("@[simp] x");
        assertThat(first.construct()).isEqualTo("attribute");
        assertThat(first.reason()).isEqualTo("`@[` gives attributes to a declaration after the proof");
        assertThat(first.position()).isEqualTo(new PolicyResult.Position(1, 0));
        assertThat(rejected("trivial\n@[simp").construct()).isEqualTo("attribute");
        assertThat(rejected("trivial\n@[simp").position()).isEqualTo(new PolicyResult.Position(2, 0));
        // Forbidden attributes are named first, also at the start and when the list is never closed.
        assertThat(rejected("@[csimp] x").construct()).isEqualTo("csimp");
        assertThat(rejected("trivial @[implemented_by").construct()).isEqualTo("implemented_by");
        // Only up to the list's `]`: what follows is scanned on its own.
        assertThat(rejected("trivial @[simp] sorry").construct()).isEqualTo("attribute");
    }

    @Test
    void allowedAttributesAreBracketsClosedByTheirSquareBracket() {
        SourcePolicy attributes = POLICY.allowing("attribute");
        assertThat(attributes.check("trivial @[simp] h")).isEqualTo(ALLOWED);
        PolicyResult.Rejected mismatch = rejected(attributes, "trivial @[simp) h");
        assertThat(mismatch.construct()).isEqualTo("bracket");
        assertThat(mismatch.reason()).isEqualTo("`)` does not match `@[`");
        PolicyResult.Rejected open = rejected(attributes, "trivial @[simp");
        assertThat(open.reason()).isEqualTo("`@[` is never closed in the proof");
        assertThat(rejected(attributes, "trivial @[csimp] h").construct()).isEqualTo("csimp");
    }

    @Test
    void bracketReasonsAndPositions() {
        PolicyResult.Rejected close = rejected("by exact h\n  ⟩");
        assertThat(close.reason()).isEqualTo("`⟩` closes a bracket the proof did not open");
        assertThat(close.position()).isEqualTo(new PolicyResult.Position(2, 2));
        PolicyResult.Rejected mismatch = rejected("by exact ⟦h)");
        assertThat(mismatch.reason()).isEqualTo("`)` does not match `⟦`");
        PolicyResult.Rejected unclosed = rejected("by exact (⦃h⦄ [x]");
        assertThat(unclosed.reason()).isEqualTo("`(` is never closed in the proof");
        assertThat(unclosed.position()).isEqualTo(new PolicyResult.Position(1, 9));
        assertThat(POLICY.check("by exact ⟨(h), [x], {y}, ⦃z⦄, ⟦w⟧⟩")).isEqualTo(ALLOWED);
    }

    @Test
    void docCommentsMayBeAllowed() {
        SourcePolicy docs = POLICY.allowing("doc comment");
        assertThat(docs.check("by\n  /-- doc -/\n  trivial")).isEqualTo(ALLOWED);
        assertThat(docs.check("trivial\n/-! module doc -/")).isEqualTo(ALLOWED);
        PolicyResult.Rejected doc = rejected("by\n  /-- doc -/\n  trivial");
        assertThat(doc.reason()).isEqualTo("a docstring `/--` belongs to a declaration after the proof");
        assertThat(doc.position()).isEqualTo(new PolicyResult.Position(2, 2));
        assertThat(rejected("trivial\n/-! m -/").reason())
                .isEqualTo("a module doc `/-!` is a command: it ends the declaration");
    }

    // --- allow-lists -------------------------------------------------------------------------------------------

    @Test
    void whatAllowingAccepts() {
        assertThatThrownBy(() -> POLICY.allowing("#")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown construct '#': use a key of SourcePolicy.NAME_RULES or KEYWORD_RULES, "
                        + "a #command, 'set_option' or 'open'");
        assertThat(POLICY.allowing("#e").check("trivial\n#e x")).isEqualTo(ALLOWED);
        assertThat(rejected(POLICY.allowing("#e"), "trivial\n#eval x").construct()).isEqualTo("#eval");
        assertThat(POLICY.allowing("instance").check("trivial\ninstance : Foo := x")).isEqualTo(ALLOWED);
        assertThat(POLICY.allowing("sorry").check("by exact Foo.sorry")).isEqualTo(ALLOWED);
        // Allowing one word leaves the others refused, and the standard policy unchanged.
        assertThat(rejected(POLICY.allowing("sorry"), "by exact sorryAx").construct()).isEqualTo("sorryAx");
        assertThat(rejected("by exact Foo.sorry").construct()).isEqualTo("sorry");
        assertThat(rejected("trivial\n#e x").reason()).isEqualTo("`#e` is a command: it ends the declaration");
    }

    @Test
    void aKeywordIsOnlyAPlainWord() {
        PolicyResult.Rejected r = rejected("trivial\ninstance : Foo := x");
        assertThat(r.reason()).isEqualTo("`instance` changes instances, attributes or what unfolds");
        assertThat(r.position()).isEqualTo(new PolicyResult.Position(2, 0));
        assertThat(POLICY.check("by exact Foo.instance")).isEqualTo(ALLOWED);
        assertThat(POLICY.check("by exact «axiom»")).isEqualTo(ALLOWED);
        // Strings and characters are not words.
        assertThat(POLICY.check("by exact (\"axiom\", 'a')")).isEqualTo(ALLOWED);
    }

    // --- comments -------------------------------------------------------------------------------------------

    @Test
    void codeAfterACommentThatLooksNestedIsScanned() {
        // Lean reads `/-/- -/` as a whole comment (the `/` after `/-` is skipped), so what follows is code, and the
        // `-/` in the line comment closes nothing. Read as a nested comment, `run_tac` would hide inside it.
        PolicyResult.Rejected r = rejected("by\n  /-/- -/ run_tac pure () -- -/\n  trivial");
        assertThat(r.construct()).isEqualTo("run_tac");
        assertThat(r.position()).isEqualTo(new PolicyResult.Position(2, 10));
        assertThat(rejected("by trivial /-/- -/ native_decide -- -/").construct()).isEqualTo("native_decide");
        assertThat(POLICY.check("by trivial /-/- sorry -/")).isEqualTo(ALLOWED);
    }

    // --- unreadable text ---------------------------------------------------------------------------------------

    @Test
    void nothingAfterUnreadableTextIsScanned() {
        PolicyResult.Rejected r = rejected("by\texact sorry");
        assertThat(r.construct()).isEqualTo("malformed");
        assertThat(r.reason()).isEqualTo("a tab: Lean does not allow tabs");
        assertThat(r.position()).isEqualTo(new PolicyResult.Position(1, 2));
        // Before it, a forbidden word is named as itself.
        assertThat(rejected("by sorry\texact h").construct()).isEqualTo("sorry");
    }

    @Test
    void unreadableTextIsNamedByItsCause() {
        PolicyResult.Rejected unterminated = rejected("by exact \"abc");
        assertThat(unterminated.construct()).isEqualTo("unterminated");
        assertThat(unterminated.reason()).isEqualTo("string is never closed (no matching \"): it would swallow the "
                + "rest of the document, including the trailing #print axioms");
        assertThat(unterminated.position()).isEqualTo(new PolicyResult.Position(1, 9));
        PolicyResult.Rejected ambiguous = rejected("by exact (a <-- b)");
        assertThat(ambiguous.construct()).isEqualTo("ambiguous");
        assertThat(ambiguous.position()).isEqualTo(new PolicyResult.Position(1, 13));
    }

    @Test
    void aTwoLineGapIsRefusedAtItsSecondLineBreak() {
        // The error sits on a line break: the position is where that line break is, not after it.
        PolicyResult.Rejected r = rejected("by exact \"a\\\n\nb\"");
        assertThat(r.construct()).isEqualTo("malformed");
        assertThat(r.position()).isEqualTo(new PolicyResult.Position(2, 0));
        assertThat(PolicyResult.Position.at("a\nb", 1)).isEqualTo(new PolicyResult.Position(1, 1));
        assertThat(PolicyResult.Position.at("a\nb", 2)).isEqualTo(new PolicyResult.Position(2, 0));
    }
}
