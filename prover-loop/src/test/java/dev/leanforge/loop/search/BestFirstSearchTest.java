package dev.leanforge.loop.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.leanforge.bridge.goal.Goal;
import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.bridge.session.TacticState;
import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.policy.Policy.Completion;
import dev.leanforge.loop.policy.PromptFormat;
import dev.leanforge.loop.proof.Attempt;
import dev.leanforge.loop.proof.StepOutcome;
import dev.leanforge.loop.proof.TacticStep;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Best-first search's decisions, driven without Vert.x or Lean through {@link FakeSearch}. */
class BestFirstSearchTest {

    private static final Duration MS = Duration.ofMillis(1);

    /** Lean's goal answers by tactic prefix; a prefix not listed gets an error. */
    private final Map<String, GoalAnswer> lean = new HashMap<>(Map.of("by", goals("P")));
    /** The policy's tactics by the target of the goal in the prompt; a prompt not listed gets {@code done}. */
    private final Map<String, List<Completion>> tactics = new HashMap<>();

    private static GoalAnswer goals(String target) {
        return new GoalAnswer.State(new TacticState(List.of(new Goal(Optional.empty(), List.of(), target)), List.of()),
                MS);
    }

    private static GoalAnswer closed() {
        return new GoalAnswer.State(new TacticState(List.of(), List.of()), MS);
    }

    private static GoalAnswer error(String text) {
        return new GoalAnswer.State(new TacticState(List.of(new Goal(Optional.empty(), List.of(), "P")),
                List.of(new LeanMessage(LeanMessage.Severity.ERROR, 3, 2, 3, 6, text))), MS);
    }

    private static String at(String target) {
        return PromptFormat.tactic("⊢ " + target);
    }

    private static Completion tactic(String text, double logProb) {
        return new Completion(text, logProb);
    }

    private void policy(String target, Completion... completions) {
        tactics.put(at(target), List.of(completions));
    }

    private FakeSearch search(Function<String, Verdict> checker) {
        return search(List.of(), List.of(), checker);
    }

    private FakeSearch search(List<Attempt> finished, List<TacticStep> steps, Function<String, Verdict> checker) {
        return new FakeSearch(finished, steps,
                prompt -> tactics.getOrDefault(prompt, List.of(tactic("done", Double.NaN))),
                prefix -> lean.getOrDefault(prefix, error("unknown tactic")), checker);
    }

    private static Verdict proved(String proof) {
        return new Verdict.Proved(List.of(), List.of(), MS);
    }

    private static Verdict failed(String proof) {
        return new Verdict.Failed("error", List.of(), List.of(), List.of(), MS);
    }

    private static void assertDone(Future<Void> search) {
        assertThat(search.succeeded()).as("search finished: " + search.cause()).isTrue();
    }

    /** P: simp errs, intro n leads to Q, omega to R; at Q, rfl closes the goal. */
    private void twoStepTree() {
        policy("P", tactic("simp", -0.1), tactic("intro n", -0.5), tactic("omega", -3.0));
        lean.put("by\n  simp", error("simp made no progress"));
        lean.put("by\n  intro n", goals("Q"));
        lean.put("by\n  omega", goals("R"));
        policy("Q", tactic("rfl\nfoo", -0.2)); // a policy that ignores the stop string: the first line counts
        lean.put("by\n  intro n\n  rfl", closed());
    }

    @Test
    void findsATwoStepProofPruningTheTacticThatErredAndRecordsEachExpansion() {
        twoStepTree();
        FakeSearch search = search(BestFirstSearchTest::proved);
        BestFirstSearch bestFirst = new BestFirstSearch(3, 4, 10, 1);

        assertDone(bestFirst.search(search));

        assertThat(search.prompts).containsExactly(at("P"), at("Q"));
        assertThat(search.goalRequests).containsExactly("by", "by\n  simp", "by\n  intro n", "by\n  omega",
                "by\n  intro n\n  rfl");
        assertThat(search.proofs()).containsExactly("by\n  intro n\n  rfl");
        assertThat(search.attempts.get(0).policyLogProb().getAsDouble()).isCloseTo(-0.7, within(1e-9));
        assertThat(search.recorded).hasSize(2);
        assertThat(search.recorded.get(0)).extracting(TacticStep::tactic).containsExactly("simp", "intro n", "omega");
        assertThat(search.recorded.get(0)).extracting(TacticStep::outcome).containsExactly(
                new StepOutcome.Error("simp made no progress"), new StepOutcome.Goals("⊢ Q"),
                new StepOutcome.Goals("⊢ R"));
        assertThat(search.recorded.get(1)).singleElement().satisfies(step -> {
            assertThat(step.prefix()).isEqualTo("by\n  intro n");
            assertThat(step.goalState()).isEqualTo("⊢ Q");
            assertThat(step.outcome()).isEqualTo(new StepOutcome.Closed());
        });
        assertThat(bestFirst.samples(search.attempts).verified()).containsExactly(true);
        assertThat(bestFirst.reportedK()).containsExactly(1);
        assertThat(bestFirst.budget()).containsExactly(Map.entry("width", 3), Map.entry("depth", 4),
                Map.entry("nodes", 10), Map.entry("retries", 1));
    }

    /** P: a (-1.0) to A, b (-0.2) to B; at B, c (-2.0) to C; at A, d (-0.1) to D; every node beyond leads on. */
    private void wideTree(boolean logProbs) {
        double unknown = Double.NaN;
        policy("P", tactic("a", logProbs ? -1.0 : unknown), tactic("b", logProbs ? -0.2 : unknown));
        lean.put("by\n  a", goals("A"));
        lean.put("by\n  b", goals("B"));
        policy("B", tactic("c", logProbs ? -2.0 : unknown));
        lean.put("by\n  b\n  c", goals("C"));
        policy("A", tactic("d", logProbs ? -0.1 : unknown));
        lean.put("by\n  a\n  d", goals("D"));
        lean.put("by\n  a\n  d\n  done", goals("E"));
        lean.put("by\n  b\n  c\n  done", goals("F"));
    }

    @Test
    void theNodeWithTheHighestCumulativeLogProbabilityIsExpandedNextUntilTheNodeBudgetIsSpent() {
        wideTree(true);
        FakeSearch search = search(BestFirstSearchTest::failed);
        BestFirstSearch bestFirst = new BestFirstSearch(2, 10, 4, 0);

        assertDone(bestFirst.search(search));

        // B (-0.2) before A (-1.0); then A (-1.0) before C (-2.2); then D (-1.1).
        assertThat(search.prompts).containsExactly(at("P"), at("B"), at("A"), at("D"));
        assertThat(search.attempts).isEmpty();
        assertThat(bestFirst.samples(search.attempts).verified()).as("spent without a proof").containsExactly(false);
    }

    @Test
    void withoutLogProbabilitiesTheSearchIsBreadthFirstInTheOrderTacticsWereProposed() {
        wideTree(false);
        FakeSearch search = search(BestFirstSearchTest::failed);

        assertDone(new BestFirstSearch(2, 10, 4, 0).search(search));

        assertThat(search.prompts).containsExactly(at("P"), at("A"), at("B"), at("D"));
    }

    @Test
    void nodesAtTheDepthLimitAndGoalStatesSeenBeforeAreNotExpanded() {
        twoStepTree();
        FakeSearch shallow = search(BestFirstSearchTest::proved);
        assertDone(new BestFirstSearch(3, 1, 10, 0).search(shallow));
        assertThat(shallow.prompts).containsExactly(at("P"));
        assertThat(shallow.attempts).isEmpty();

        policy("P", tactic("skip", -0.1));
        lean.put("by\n  skip", goals("P"));
        FakeSearch looping = search(BestFirstSearchTest::proved);
        assertDone(new BestFirstSearch(3, 10, 10, 0).search(looping));
        assertThat(looping.prompts).as("skip leads back to the root's goals").containsExactly(at("P"));
    }

    @Test
    void refusedTacticsAreErrorsAndCheckerFailuresAreUndecidedSteps() {
        policy("P", tactic("native_decide", -0.1), tactic("decide", -0.2), tactic("exact h", -0.3));
        lean.put("by\n  native_decide", new GoalAnswer.Rejected("native_decide trusts compiled code", MS));
        lean.put("by\n  decide", new GoalAnswer.Timeout(Duration.ofSeconds(60), Duration.ofSeconds(60)));
        lean.put("by\n  exact h", new GoalAnswer.Crashed("server exited", MS));
        FakeSearch search = search(BestFirstSearchTest::proved);

        assertDone(new BestFirstSearch(3, 4, 10, 0).search(search));

        assertThat(search.recorded.get(0)).extracting(TacticStep::outcome).containsExactly(
                new StepOutcome.Error("refused by the source policy: native_decide trusts compiled code"),
                new StepOutcome.Undecided("TIMEOUT: no answer within 60000 ms"),
                new StepOutcome.Undecided("CRASHED: server exited"));
        assertThat(search.prompts).hasSize(1);
    }

    @Test
    void aCandidateWhoseCheckCrashedIsSubmittedAgainWithinTheRetriesAndIsNoSampleIfNeverDecided() {
        policy("P", tactic("trivial", -0.1));
        lean.put("by\n  trivial", closed());
        FakeSearch search = search(proof -> new Verdict.Crashed("exit 134", MS));
        BestFirstSearch bestFirst = new BestFirstSearch(1, 4, 10, 2);

        assertDone(bestFirst.search(search));

        assertThat(search.proofs()).containsExactly("by\n  trivial", "by\n  trivial", "by\n  trivial");
        assertThat(bestFirst.samples(search.attempts).size()).isZero();
    }

    @Test
    void aResumedSearchReplaysStoredExpansionsAndRedoesNoCheck() {
        twoStepTree();
        FakeSearch first = search(BestFirstSearchTest::failed);
        BestFirstSearch bestFirst = new BestFirstSearch(3, 4, 10, 0);
        assertDone(bestFirst.search(first));
        assertThat(first.prompts).containsExactly(at("P"), at("Q"), at("R"));
        List<TacticStep> stored = first.recorded.stream().flatMap(List::stream).toList();

        Function<String, Verdict> noCheck = proof -> {
            throw new AssertionError("checked again: " + proof);
        };
        FakeSearch replayed = search(first.attempts, stored, noCheck);
        assertDone(bestFirst.search(replayed));
        assertThat(replayed.prompts).isEmpty();
        assertThat(replayed.goalRequests).isEmpty();
        assertThat(replayed.attempts).isEmpty();

        // Killed after the root's expansion was stored: only what comes after it is asked again.
        FakeSearch partial = search(List.of(), first.recorded.get(0), BestFirstSearchTest::failed);
        assertDone(bestFirst.search(partial));
        assertThat(partial.prompts).containsExactly(at("Q"), at("R"));
        assertThat(partial.goalRequests).doesNotContain("by", "by\n  simp");

        FakeSearch provedBefore = search(List.of(FakeSearch.stored(0, "by\n  intro n\n  rfl",
                proved(""))), List.of(), noCheck);
        assertDone(bestFirst.search(provedBefore));
        assertThat(provedBefore.goalRequests).isEmpty();
    }
}
