package dev.leanforge.bridge.standin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.standin.LeanWire.Diagnostic;
import dev.leanforge.bridge.standin.RulesFile.Message;
import dev.leanforge.bridge.standin.RulesFile.Rule;
import dev.leanforge.bridge.standin.RulesFile.SorryStyle;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.lsp4j.Position;
import org.junit.jupiter.api.Test;

class ScriptedAnswersTest {

    private static Rule only(Consumer<StandInRules.RuleBuilder> spec) {
        return StandInRules.create().rule(r -> spec.accept(r.match("."))).build().rules().get(0);
    }

    @Test
    void axiomsAnswersHaveLeansForms() {
        assertThat(ScriptedAnswers.axiomsAnswer("Foo.bar", List.of()))
                .isEqualTo("'Foo.bar' does not depend on any axioms");
        assertThat(ScriptedAnswers.axiomsAnswer("Foo.bar", List.of("propext", "Classical.choice", "Quot.sound")))
                .isEqualTo("'Foo.bar' depends on axioms: [propext, Classical.choice, Quot.sound]");
        assertThat(ScriptedAnswers.axiomsAnswer("x", List.of("propext", "sorryAx", "Classical.choice", "Quot.sound")))
                .isEqualTo("'x' depends on axioms: [propext,\n sorryAx,\n Classical.choice,\n Quot.sound]");
    }

    @Test
    void finalDiagnosticsAreInDocumentOrder() {
        StandInDocument doc = new StandInDocument("import A\n\ntheorem t : p := by\n  simp\n  sorry\n\n#print axioms t\n");
        Rule rule = only(r -> r.sorry().axioms("sorryAx")
                .message(Message.warning("unused simp").at("simp"))
                .message(Message.error("late").at("#print")));
        List<Diagnostic> diagnostics = ScriptedAnswers.finalDiagnostics(doc, rule, SorryStyle.QUOTE, true);
        assertThat(diagnostics).extracting(Diagnostic::message).containsExactly(
                "declaration uses 'sorry'", "unused simp", "late", "'t' depends on axioms: [sorryAx]");
    }

    @Test
    void missingAtFallsBackToTheDeclarationLine() {
        StandInDocument doc = new StandInDocument("import A\n\ntheorem t : p := by\n  simp\n");
        Rule rule = only(r -> r.error("e", "not in the text"));
        Diagnostic error = ScriptedAnswers.finalDiagnostics(doc, rule, SorryStyle.BACKTICK, false).get(0);
        assertThat(error.range()).isEqualTo(doc.declarationLine());
    }

    @Test
    void goalsAccomplishedNeedsSilentSupportATacticBlockAndNoError() {
        StandInDocument tactic = new StandInDocument("theorem t : True := by trivial\n");
        StandInDocument term = new StandInDocument("theorem t : True := trivial\n");
        Rule clean = only(r -> r.axioms());
        Rule failing = only(r -> r.error("boom"));
        assertThat(ScriptedAnswers.finalDiagnostics(tactic, clean, SorryStyle.BACKTICK, true))
                .extracting(Diagnostic::message).containsExactly("Goals accomplished!");
        assertThat(ScriptedAnswers.finalDiagnostics(tactic, clean, SorryStyle.BACKTICK, false)).isEmpty();
        assertThat(ScriptedAnswers.finalDiagnostics(term, clean, SorryStyle.BACKTICK, true)).isEmpty();
        assertThat(ScriptedAnswers.finalDiagnostics(tactic, failing, SorryStyle.BACKTICK, true))
                .extracting(Diagnostic::message).containsExactly("boom");
    }

    @Test
    void plainGoalPicksTheLongestMatchingPrefixIgnoringIndentation() {
        StandInDocument doc = new StandInDocument("theorem t : p ∧ q := by\n    constructor\n    exact hp\n");
        Rule rule = only(r -> r.goals("constructor", "case left\n⊢ p", "case right\n⊢ q")
                .goals("constructor\nexact hp", "case right\n⊢ q"));
        assertThat(ScriptedAnswers.plainGoal(doc, new Position(1, 15), rule).goals())
                .containsExactly("case left\n⊢ p", "case right\n⊢ q");
        assertThat(ScriptedAnswers.plainGoal(doc, new Position(1, 15), rule).rendered())
                .isEqualTo("```lean\ncase left\n⊢ p\n```\n---\n```lean\ncase right\n⊢ q\n```");
        assertThat(ScriptedAnswers.plainGoal(doc, new Position(2, 12), rule).goals()).containsExactly("case right\n⊢ q");
        assertThat(ScriptedAnswers.plainGoal(doc, new Position(2, 6), rule)).isNull();
    }
}
