package dev.leanforge.bridge.goal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leanforge.bridge.recorded.RecordedFixtures;
import dev.leanforge.bridge.recorded.RecordedFixtures.InteractiveExchange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** GoalParser against every goal text real Lean produced in the recorded fixtures (lean4 interactive and REPL). */
class RecordedGoalsTest {

    private static List<InteractiveExchange> exchanges(String leanFile) {
        return RecordedFixtures.interactive(RecordedFixtures.root().resolve("lean4").resolve(leanFile));
    }

    /** Parsing and re-printing must give Lean's text back exactly: nothing dropped or invented. */
    private static List<Goal> parseExactly(List<String> texts) {
        List<Goal> goals = GoalParser.parseAll(texts);
        assertThat(goals).extracting(Goal::text).containsExactlyElementsOf(texts);
        return goals;
    }

    private static List<String> goalStrings(JsonNode result) {
        List<String> texts = new ArrayList<>();
        result.path("goals").forEach(g -> texts.add(g.asText()));
        return texts;
    }

    @Test
    void everyInteractiveFixtureIsCovered() {
        assertThat(RecordedFixtures.files("lean4", ".expected.out")).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("6594.lean.expected.out", "plainGoal.lean.expected.out",
                        "plainTermGoal.lean.expected.out");
    }

    @Test
    void plainGoalFixture() {
        List<InteractiveExchange> all = exchanges("plainGoal.lean");
        assertThat(all).hasSize(29).allMatch(e -> e.method().equals("$/lean/plainGoal"));

        int parsed = 0;
        for (InteractiveExchange e : all) {
            if (e.result().isNull()) {
                continue;
            }
            List<String> texts = goalStrings(e.result());
            parseExactly(texts);
            // rendered = each goal in a lean fence, joined by ---; "no goals" when the list is empty (spec §5.1)
            String rendered = texts.isEmpty() ? "no goals"
                    : String.join("\n---\n", texts.stream().map(t -> "```lean\n" + t + "\n```").toList());
            assertThat(e.result().path("rendered").asText()).isEqualTo(rendered);
            parsed += texts.size();
        }
        assertThat(parsed).isEqualTo(29);
        assertThat(all.stream().filter(e -> e.result().isNull())).hasSize(1);

        Goal first = GoalParser.parse(goalStrings(all.get(0).result()).get(0));
        assertThat(first.hypotheses()).containsExactly(new Goal.Hypothesis(List.of("α"), "Sort ?u"));
        assertThat(first.target()).isEqualTo("α → α");

        Goal succ = GoalParser.parse(goalStrings(at(all, 17, 5).result()).get(0));
        assertThat(succ.caseTag()).contains("succ");
        assertThat(succ.hypotheses()).containsExactly(
                new Goal.Hypothesis(List.of("n✝"), "Nat"),
                new Goal.Hypothesis(List.of(), "0 + n✝ = n✝"));
        assertThat(succ.target()).isEqualTo("0 + Nat.succ n✝ = Nat.succ n✝");

        Goal rw = GoalParser.parse(goalStrings(at(all, 25, 3).result()).get(0));
        assertThat(rw.hypotheses()).extracting(Goal.Hypothesis::names)
                .containsExactly(List.of("n", "m"), List.of("h1"), List.of("h2"));
        assertThat(rw.target()).isEqualTo("0 = n");
        assertThat(goalStrings(at(all, 25, 13).result())).isEmpty();

        Goal inst = GoalParser.parse(goalStrings(at(all, 53, 3).result()).get(0));
        assertThat(inst.hypotheses()).extracting(Goal.Hypothesis::names)
                .containsExactly(List.of("α"), List.of("p"), List.of("a", "b"), List.of("inst✝"), List.of("h"));
        assertThat(inst.hypotheses().get(4).type()).isEqualTo("∀ {p : α → Prop} [inst : DecidablePred p], p a → p b");

        List<Goal> repeated = GoalParser.parseAll(goalStrings(at(all, 76, 29).result()));
        assertThat(repeated).hasSize(3).allSatisfy(g -> assertThat(g.hypotheses()).hasSize(2));
        assertThat(repeated.get(0).hypotheses().get(0).names()).containsExactly("t", "a", "n✝");

        List<Goal> combined = GoalParser.parseAll(goalStrings(at(all, 92, 16).result()));
        assertThat(combined).extracting(Goal::caseTag).containsExactly(Optional.of("left"), Optional.of("right"));
        assertThat(combined).extracting(Goal::target).containsExactly("True", "False");
    }

    @Test
    void issue6594FixtureCaseTags() {
        List<InteractiveExchange> all = exchanges("6594.lean");
        assertThat(all).hasSize(6);
        List<String> tags = new ArrayList<>();
        for (InteractiveExchange e : all) {
            List<Goal> goals = parseExactly(goalStrings(e.result()));
            assertThat(goals).hasSize(1);
            tags.add(goals.get(0).caseTag().orElseThrow());
            assertThat(goals.get(0).hypotheses()).isEmpty();
        }
        assertThat(tags).containsExactly("right", "a", "a.right", "right", "right", "right");
        assertThat(GoalParser.parse(goalStrings(all.get(1).result()).get(0)).target()).isEqualTo("True ∧ True");
    }

    @Test
    void plainTermGoalFixture() {
        List<InteractiveExchange> all = exchanges("plainTermGoal.lean");
        assertThat(all).hasSize(13).allMatch(e -> e.method().equals("$/lean/plainTermGoal"));

        List<String> targets = new ArrayList<>();
        for (InteractiveExchange e : all) {
            String text = e.result().path("goal").asText();
            targets.add(parseExactly(List.of(text)).get(0).target());
        }
        assertThat(targets).containsExactly("0 < 2", "0 < 1", "0 < 1", "1 < 2", "Nat", "OptionM Nat", "?m m n < n",
                "True", "∀ (n : Nat), n < n + 42", "Nat", "∀ (n m : Nat), n + m = m + n", "n < n + 1", "Nat");
        Goal withHyps = GoalParser.parse(all.get(6).result().path("goal").asText());
        assertThat(withHyps.hypotheses()).containsExactly(new Goal.Hypothesis(List.of("m", "n"), "Nat"));
    }

    @Test
    void everyReplGoalParses() {
        int total = 0;
        for (String name : RecordedFixtures.replNames()) {
            for (RecordedFixtures.ReplExchange x : RecordedFixtures.repl(name)) {
                total += parseExactly(x.goalTexts()).size();
            }
        }
        assertThat(total).isEqualTo(37);

        Goal succ = GoalParser.parse(RecordedFixtures.repl("app_type_mismatch").get(2).goalTexts().get(1));
        assertThat(succ.caseTag()).contains("succ");
        assertThat(succ.hypotheses()).containsExactly(new Goal.Hypothesis(List.of("n✝"), "Nat"));
        assertThat(succ.target()).isEqualTo("n✝ + 1 = 0");

        Goal branch = GoalParser.parse(RecordedFixtures.repl("proof_branching").get(1).goalTexts().get(0));
        assertThat(branch.caseTag()).contains("left");
        assertThat(branch.hypotheses()).extracting(Goal.Hypothesis::names)
                .containsExactly(List.of("p", "q", "r"), List.of("h1"), List.of("h2"));
        assertThat(branch.hypotheses().get(2).type()).isEqualTo("q → r");
    }

    private static InteractiveExchange at(List<InteractiveExchange> all, int line, int character) {
        return all.stream().filter(e -> e.line() == line && e.character() == character).findFirst().orElseThrow();
    }
}
