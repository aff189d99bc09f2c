package dev.leanforge.loop.star;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.policy.PromptFormat;
import dev.leanforge.loop.proof.Attempt;
import dev.leanforge.loop.store.TacticPair;
import dev.leanforge.loop.theorems.ReferenceProof;
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

    /** A theorem with reference proofs, as the set's proofs.jsonl gives them. */
    private static Theorem withProofs(String name, String... proofs) {
        List<ReferenceProof> references = new ArrayList<>();
        for (String proof : proofs) {
            references.add(new ReferenceProof(name, proof, new ReferenceProof.Unverified()));
        }
        return new Theorem("s", name, Split.TRAIN, OptionalInt.empty(), List.of(), "S.lean", 1, 1, "-- h",
                "theorem " + name + " : True :=", " by sorry", Optional.empty(), references);
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

    @Test
    void referenceProofsStayInEveryRoundsDataAndVerifiedProofsAccumulate() {
        Theorem p = withProofs("p", "by decide");
        Theorem q = withProofs("q", "by simp", "by rfl");
        Theorem r = withProofs("r");
        StarDataset.Sources sources = new StarDataset.Sources(true, false, 1);
        List<Theorem> train = List.of(p, q, r);

        // Round 0: nothing searched yet; the reference proofs are the data.
        StarDataset zero = StarDataset.of(train, List.of(), List.of(), List.of(), sources);
        assertThat(zero.sft()).containsExactly(PromptFormat.training(p, "by decide"),
                PromptFormat.training(q, "by simp"), PromptFormat.training(q, "by rfl"));
        assertThat(zero.mix()).isEqualTo(new StarDataset.Mix(3, 0, 0, 0, 0));

        // Round 1: the search solves r (no reference proof) and re-finds q's first reference proof; p, which it did
        // not solve, keeps its reference proof.
        attempt(r, "by trivial", proved());
        attempt(q, "by simp", proved());
        attempt(q, "by omega", failed());
        StarDataset one = StarDataset.of(train, List.copyOf(attempts), List.of(), List.of(), sources);
        assertThat(one.sft()).containsAll(zero.sft()).contains(PromptFormat.training(r, "by trivial")).hasSize(4);
        assertThat(one.mix()).as("q's re-found proof counts once, as a reference").isEqualTo(
                new StarDataset.Mix(3, 0, 1, 0, 0));
        assertThat(one.dpo()).containsExactly(new DpoRecord(PromptFormat.wholeProof(q), "by simp", "by omega"));
        assertThat(one.sameAs(zero)).isFalse();

        // Round 2 finds nothing new: the same data, and it says so.
        attempt(r, "by trivial", proved());
        attempt(q, "by omega", failed());
        StarDataset two = StarDataset.of(train, List.copyOf(attempts), List.of(), List.of(), sources);
        assertThat(two.sameAs(one)).isTrue();

        // A proof only rationalization found counts as rationalized.
        Attempt hinted = new Attempt(2, "p", 99, "by exact True.intro", proved(), OptionalDouble.empty());
        StarDataset three = StarDataset.of(train, List.copyOf(attempts), List.of(hinted), List.of(), sources);
        assertThat(three.mix()).isEqualTo(new StarDataset.Mix(3, 0, 1, 1, 0));
        assertThat(three.sft()).contains(PromptFormat.training(p, "by exact True.intro"));
        assertThat(three.sameAs(two)).isFalse();
    }

    @Test
    void aReferenceProofLeanRefusedInTheRunIsLeftOutAndBecomesANegative() {
        Theorem q = withProofs("q", "by simp", "by rfl");
        attempt(q, "by simp", proved());
        attempt(q, "by rfl", failed());
        StarDataset data = StarDataset.of(List.of(q), attempts, List.of(), List.of(),
                new StarDataset.Sources(true, false, 1));
        assertThat(data.sft()).containsExactly(PromptFormat.training(q, "by simp"));
        assertThat(data.mix()).isEqualTo(new StarDataset.Mix(1, 0, 0, 0, 1));
        assertThat(data.dpo()).containsExactly(new DpoRecord(PromptFormat.wholeProof(q), "by simp", "by rfl"));
    }

    @Test
    void withHintsEveryReferenceProofIsAlsoTrainedBehindTheHintPrompt() {
        Theorem p = withProofs("p", "by decide");
        Theorem q = withProofs("q", "by simp");
        StarDataset data = StarDataset.of(List.of(p, q), List.of(), List.of(), List.of(),
                new StarDataset.Sources(true, true, 1));
        assertThat(data.sft()).containsExactly(PromptFormat.training(p, "by decide"),
                PromptFormat.training(q, "by simp"),
                new SftRecord(PromptFormat.withHint(p, "by decide"), "by decide"),
                new SftRecord(PromptFormat.withHint(q, "by simp"), "by simp"));
        assertThat(data.mix()).isEqualTo(new StarDataset.Mix(2, 2, 0, 0, 0));
    }
}
