package dev.leanforge.bridge.goal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GoalParserTest {

    @Test
    void caseTagHypothesesAndTarget() {
        Goal g = GoalParser.parse("case succ\nn m : Nat\nh : n = m\n⊢ n + 1 = m + 1");

        assertThat(g.caseTag()).contains("succ");
        assertThat(g.hypotheses()).containsExactly(
                new Goal.Hypothesis(List.of("n", "m"), "Nat"),
                new Goal.Hypothesis(List.of("h"), "n = m"));
        assertThat(g.target()).isEqualTo("n + 1 = m + 1");
    }

    @Test
    void goalWithoutHypotheses() {
        Goal g = GoalParser.parse("⊢ True");

        assertThat(g.caseTag()).isEmpty();
        assertThat(g.hypotheses()).isEmpty();
        assertThat(g.target()).isEqualTo("True");
    }

    @Test
    void inaccessibleNamesKeepTheirDagger() {
        Goal g = GoalParser.parse("x : Bool\nh✝ : ¬x = true\n⊢ Nat");

        assertThat(g.hypotheses().get(1).names()).containsExactly("h✝");
        assertThat(g.hypotheses().get(1).type()).isEqualTo("¬x = true");
    }

    @Test
    void oldNamelessInaccessibleHypothesisHasNoNames() {
        Goal g = GoalParser.parse("case succ\nn✝ : Nat\n: 0 + n✝ = n✝\n⊢ 0 + Nat.succ n✝ = Nat.succ n✝");

        assertThat(g.hypotheses().get(1).names()).isEmpty();
        assertThat(g.hypotheses().get(1).type()).isEqualTo("0 + n✝ = n✝");
    }

    @Test
    void colonsInsideTheTypeDoNotSplitNames() {
        Goal g = GoalParser.parse("h : ∀ {p : α → Prop} [inst : DecidablePred p], p a → p b\n⊢ p a");

        assertThat(g.hypotheses().get(0).names()).containsExactly("h");
        assertThat(g.hypotheses().get(0).type()).isEqualTo("∀ {p : α → Prop} [inst : DecidablePred p], p a → p b");
    }

    @Test
    void typeAndTargetWrappedOverIndentedLines() {
        String text = "f : ℕ → ℕ\nh : ∀ (n : ℕ),\n    f n = n + 1 ∧\n      f (n + 1) = n + 2\n⊢ f 0 =\n    1";
        Goal g = GoalParser.parse(text);

        assertThat(g.hypotheses()).hasSize(2);
        assertThat(g.hypotheses().get(1).type()).isEqualTo("∀ (n : ℕ),\n    f n = n + 1 ∧\n      f (n + 1) = n + 2");
        assertThat(g.target()).isEqualTo("f 0 =\n    1");
        assertThat(g.text()).isEqualTo(text);
    }

    @Test
    void typeStartingOnTheLineAfterTheColon() {
        String text = "hlong :\n  a_very_long_name_one + a_very_long_name_two = a_very_long_name_three\n⊢ True";
        Goal g = GoalParser.parse(text);

        assertThat(g.hypotheses().get(0).names()).containsExactly("hlong");
        assertThat(g.hypotheses().get(0).type())
                .isEqualTo("\n  a_very_long_name_one + a_very_long_name_two = a_very_long_name_three");
        assertThat(g.text()).isEqualTo(text);
    }

    @Test
    void letBoundHypothesisHasAValue() {
        Goal g = GoalParser.parse("x : Nat := 5\nf : Nat → Nat := fun n => n + (1 : Nat)\n⊢ f x = 6");

        assertThat(g.hypotheses().get(0)).isEqualTo(new Goal.Hypothesis(List.of("x"), "Nat", Optional.of("5")));
        assertThat(g.hypotheses().get(1).type()).isEqualTo("Nat → Nat");
        assertThat(g.hypotheses().get(1).value()).contains("fun n => n + (1 : Nat)");
        assertThat(g.text()).isEqualTo("x : Nat := 5\nf : Nat → Nat := fun n => n + (1 : Nat)\n⊢ f x = 6");
    }

    @Test
    void guillemetNamesMayContainSpaces() {
        Goal g = GoalParser.parse("«my h» y : P\n⊢ P");

        assertThat(g.hypotheses().get(0).names()).containsExactly("«my h»", "y");
    }

    @Test
    void unsolvedGoalsMessageWithSeveralGoals() {
        String message = "unsolved goals\ncase left\np q : Prop\nhp : p\n⊢ p\n\ncase right\np q : Prop\nhp : p\n⊢ q";
        List<Goal> goals = GoalParser.parseUnsolvedGoals(message);

        assertThat(goals).extracting(Goal::caseTag).containsExactly(Optional.of("left"), Optional.of("right"));
        assertThat(goals).extracting(Goal::target).containsExactly("p", "q");
    }

    @Test
    void unsolvedGoalsSkipsTrailingTextThatIsNoGoal() {
        List<Goal> goals = GoalParser.parseUnsolvedGoals("Unsolved goals\n⊢ False\n\nNote: the goal was left open");

        assertThat(goals).extracting(Goal::target).containsExactly("False");
    }

    @Test
    void otherMessagesHaveNoUnsolvedGoals() {
        assertThat(GoalParser.parseUnsolvedGoals("type mismatch\n  rfl\nhas type\n  1 = 1 : Prop")).isEmpty();
        assertThat(GoalParser.isUnsolvedGoals("unsolved goals\n⊢ Nat")).isTrue();
        assertThat(GoalParser.isUnsolvedGoals("No goals to be solved")).isFalse();
    }

    @Test
    void parseAllOfNoGoalsIsEmpty() {
        assertThat(GoalParser.parseAll(List.of())).isEmpty();
        assertThat(GoalParser.parseAll(List.of("⊢ True", "⊢ False"))).extracting(Goal::target)
                .containsExactly("True", "False");
    }

    @Test
    void textWithoutTurnstileIsRefusedWithTheLine() {
        assertThatThrownBy(() -> GoalParser.parse("x : Nat"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no line starting with ⊢");
        assertThatThrownBy(() -> GoalParser.parse("not a hypothesis\n⊢ True"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("goal line 1").hasMessageContaining("not a hypothesis");
        assertThatThrownBy(() -> GoalParser.parse("⊢ True\nstray"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("goal line 2");
    }
}
