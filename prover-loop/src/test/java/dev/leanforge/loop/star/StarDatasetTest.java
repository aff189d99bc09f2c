package dev.leanforge.loop.star;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.policy.PromptFormat;
import dev.leanforge.loop.store.Attempt;
import dev.leanforge.loop.store.TacticPair;
import dev.leanforge.loop.theorems.Split;
import dev.leanforge.loop.theorems.Theorem;
import dev.leanforge.trainer.data.DpoRecord;
import dev.leanforge.trainer.data.SftRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class StarDatasetTest {

    private static final Theorem A = theorem("a");
    private static final Theorem B = theorem("b");
    private static final Theorem C = theorem("c");

    private static Theorem theorem(String name) {
        return new Theorem("s", name, Split.TRAIN, OptionalInt.empty(), List.of(), "S.lean", 1, 1, "-- h",
                "theorem " + name + " : True :=", " by sorry", Optional.empty(), List.of());
    }

    private final List<Attempt> attempts = new ArrayList<>();

    private void attempt(Theorem theorem, String proof, Verdict verdict) {
        attempts.add(new Attempt(1, theorem.name(), attempts.size(), proof, verdict, OptionalDouble.empty()));
    }

    private static Verdict proved() {
        return new Verdict.Proved(List.of(), List.of(), Duration.ZERO);
    }

    private static Verdict failed() {
        return new Verdict.Failed("error", List.of(), List.of(), List.of(), Duration.ZERO);
    }

    @Test
    void shortestDistinctVerifiedProofsAreTheExamplesAndRefusedOnesTheNegatives() {
        attempt(A, "by simp_all", proved());
        attempt(A, "by trivial", failed());
        attempt(A, "by simp", proved());
        attempt(A, "by simp", proved()); // found again: one example
        attempt(A, "by rfl", new Verdict.Rejected("uses sorry", Duration.ZERO));
        attempt(B, "by exact x", failed());

        StarDataset one = StarDataset.of(List.of(A, B), attempts, List.of(), 1);
        assertThat(one.sft()).containsExactly(PromptFormat.training(A, "by simp"));
        assertThat(one.solved()).containsExactly("a");
        assertThat(one.dpo()).containsExactly(
                new DpoRecord(PromptFormat.wholeProof(A), "by simp", "by rfl"),
                new DpoRecord(PromptFormat.wholeProof(A), "by simp", "by trivial"));

        assertThat(StarDataset.of(List.of(A, B), attempts, List.of(), 5).sft()).extracting(SftRecord::completion)
                .containsExactly("by simp", "by simp_all");
    }

    @Test
    void crashedAndTimedOutChecksAreNeitherExamplesNorNegatives() {
        attempt(A, "by simp", proved());
        attempt(A, "by crash", new Verdict.Crashed("server exited", Duration.ZERO));
        attempt(A, "by slow", new Verdict.Timeout(Duration.ofSeconds(2), Duration.ofSeconds(2)));
        attempt(C, "by crash", new Verdict.Crashed("server exited", Duration.ZERO));

        StarDataset dataset = StarDataset.of(List.of(A, C), attempts, List.of(), 3);
        assertThat(dataset.sft()).extracting(SftRecord::completion).containsExactly("by simp");
        assertThat(dataset.dpo()).isEmpty();
        assertThat(dataset.solved()).containsExactly("a");
    }

    @Test
    void goalStatePairsAreKeptOnceWithTheTacticPromptAndNeverAgainstATacticChosenThere() {
        attempt(A, "by\n  constructor\n  trivial", proved());
        List<TacticPair> pairs = List.of(
                new TacticPair("a", "⊢ True", "trivial", "simp", "simp made no progress"),
                new TacticPair("a", "⊢ True", "trivial", "simp", "simp made no progress"), // a later round's
                new TacticPair("a", "⊢ True", "trivial", "exact x", "unknown identifier"),
                // chosen in one campaign, refused in another (a flaky check): no pair
                new TacticPair("a", "⊢ True", "exact x", "rfl", "error"),
                new TacticPair("c", "⊢ True", "trivial", "simp", "not a theorem of the set"));

        StarDataset dataset = StarDataset.of(List.of(A, B), attempts, pairs, 1);

        String prompt = PromptFormat.tactic("⊢ True");
        assertThat(dataset.goalStateDpo()).containsExactly(new DpoRecord(prompt, "trivial", "simp"),
                new DpoRecord(prompt, "exact x", "rfl"));
        assertThat(dataset.preferences()).containsExactlyElementsOf(dataset.goalStateDpo());
    }
}
