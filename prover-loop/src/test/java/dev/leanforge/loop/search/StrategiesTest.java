package dev.leanforge.loop.search;

import static dev.leanforge.loop.search.FakeSearch.stored;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.goal.Goal;
import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.policy.PromptFormat;
import dev.leanforge.loop.proof.Attempt;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The strategies' decisions, driven without Vert.x or Lean through {@link FakeSearch}. */
class StrategiesTest {

    private static final Duration MS = Duration.ofMillis(1);
    private static final Verdict PROVED = new Verdict.Proved(List.of(), List.of(), MS);
    private static final Verdict CRASHED = new Verdict.Crashed("exit 134", MS);
    private static final Goal GOAL = new Goal(Optional.empty(), List.of(new Goal.Hypothesis(List.of("n"), "Nat")),
            "n + 0 = n");

    private static Verdict failed(String error) {
        return new Verdict.Failed("error", List.of(new LeanMessage(LeanMessage.Severity.ERROR, 3, 40, 3, 44, error),
                new LeanMessage(LeanMessage.Severity.INFORMATION, 4, 0, 4, 10, "'two' depends on axioms: []")),
                List.of(GOAL), List.of(), MS);
    }

    private static Verdict byProof(String proof) {
        return proof.equals("by decide") || proof.equals("by omega") ? PROVED : failed("simp made no progress");
    }

    private static void assertDone(Future<Void> search) {
        assertThat(search.succeeded()).as("search finished: " + search.cause()).isTrue();
    }

    @Test
    void samplingStopsAtTheFirstVerifiedProofAndDropsTheCompletionsNotYetChecked() {
        FakeSearch search = new FakeSearch(List.of(), prompt -> List.of("by simp", "by decide"), StrategiesTest::byProof);
        WholeProofSampling sampling = new WholeProofSampling(4, 2, true);

        assertDone(sampling.search(search));

        assertThat(search.prompts).containsExactly(PromptFormat.wholeProof(FakeSearch.TWO));
        assertThat(search.proofs()).containsExactly("by simp", "by decide");
        assertThat(sampling.samples(search.attempts).verified()).containsExactly(false, true);
        assertThat(sampling.reportedK()).containsExactly(1, 4);
    }

    @Test
    void samplingWithoutStoppingDrawsAllKSamples() {
        FakeSearch search = new FakeSearch(List.of(), prompt -> List.of("by simp", "by decide"), StrategiesTest::byProof);

        assertDone(new WholeProofSampling(4, 0, false).search(search));

        assertThat(search.proofs()).containsExactly("by simp", "by decide", "by simp", "by decide");
        assertThat(search.attempts).extracting(Attempt::attemptIndex).containsExactly(0, 1, 2, 3);
    }

    @Test
    void crashedChecksAreNoSamplesAndAreReplacedUpToTheRetries() {
        AtomicInteger calls = new AtomicInteger();
        FakeSearch search = new FakeSearch(List.of(), prompt -> List.of("by simp"),
                proof -> calls.getAndIncrement() < 2 ? CRASHED : byProof(proof));
        WholeProofSampling sampling = new WholeProofSampling(2, 2, true);

        assertDone(sampling.search(search));

        assertThat(search.attempts).extracting(a -> a.verdict().status()).containsExactly(
                Verdict.Status.CRASHED, Verdict.Status.CRASHED, Verdict.Status.FAILED, Verdict.Status.FAILED);
        assertThat(sampling.samples(search.attempts).verified()).containsExactly(false, false);
    }

    @Test
    void retriesBoundAnAlwaysCrashingChecker() {
        FakeSearch search = new FakeSearch(List.of(), prompt -> List.of("by simp"), proof -> CRASHED);
        WholeProofSampling sampling = new WholeProofSampling(3, 1, true);

        assertDone(sampling.search(search));

        assertThat(search.attempts).hasSize(4); // 3 samples + 1 retry, all crashed
        assertThat(sampling.samples(search.attempts).size()).isZero();
    }

    @Test
    void samplingResumesFromStoredAttemptsWithoutRedoingThem() {
        List<Attempt> earlier = List.of(stored(0, "by simp", failed("x")), stored(2, "by simp", failed("x")));
        FakeSearch search = new FakeSearch(earlier, prompt -> List.of("by decide"), StrategiesTest::byProof);

        assertDone(new WholeProofSampling(3, 0, false).search(search));
        assertThat(search.attempts).extracting(Attempt::attemptIndex).containsExactly(1);

        FakeSearch done = new FakeSearch(List.of(stored(0, "by decide", PROVED)), prompt -> {
            throw new AssertionError("a proved theorem asks nothing");
        }, StrategiesTest::byProof);
        assertDone(new WholeProofSampling(3, 0, true).search(done));
        assertThat(done.attempts).isEmpty();
    }

    @Test
    void feedbackPutsTheFailedProofAndLeansMessagesAndGoalsIntoTheNextPrompt() {
        List<String> answers = new ArrayList<>();
        FakeSearch search = new FakeSearch(List.of(), prompt -> {
            List<String> answer = List.of(prompt.contains("Lean said:") ? "by omega" : "by simp");
            answers.add(answer.get(0));
            return answer;
        }, StrategiesTest::byProof);
        ErrorFeedbackRetry feedback = new ErrorFeedbackRetry(4, 1);

        assertDone(feedback.search(search));

        assertThat(search.proofs()).containsExactly("by simp", "by omega");
        assertThat(search.prompts.get(0)).isEqualTo(PromptFormat.wholeProof(FakeSearch.TWO));
        assertThat(search.prompts.get(1)).isEqualTo(PromptFormat.withFeedback(FakeSearch.TWO, "by simp",
                "error: simp made no progress\nunsolved goal:\nn : Nat\n⊢ n + 0 = n"));
        assertThat(feedback.samples(search.attempts).verified()).containsExactly(true);
    }

    @Test
    void feedbackResumesWithTheStoredFailureAndRetriesACrashWithTheSamePrompt() {
        AtomicInteger checks = new AtomicInteger();
        FakeSearch search = new FakeSearch(List.of(stored(0, "by simp", failed("unknown tactic"))),
                prompt -> List.of("by simp"), proof -> checks.getAndIncrement() == 0 ? CRASHED : byProof(proof));
        ErrorFeedbackRetry feedback = new ErrorFeedbackRetry(2, 1);

        assertDone(feedback.search(search));

        assertThat(search.prompts).hasSize(2).allMatch(p -> p.contains("error: unknown tactic"));
        assertThat(search.prompts.get(0)).isEqualTo(search.prompts.get(1));
        assertThat(search.attempts).extracting(a -> a.verdict().status())
                .containsExactly(Verdict.Status.CRASHED, Verdict.Status.FAILED);
        List<Attempt> all = new ArrayList<>(search.finished());
        all.addAll(search.attempts);
        assertThat(feedback.samples(all).verified()).as("attempts spent: one failed chain").containsExactly(false);
        assertThat(feedback.samples(search.attempts).size()).as("cut short: no sample").isZero();
    }
}
