package dev.leanforge.loop.search;

import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.policy.Policy.Completion;
import dev.leanforge.loop.proof.Attempt;
import dev.leanforge.loop.proof.TacticStep;
import dev.leanforge.loop.theorems.Split;
import dev.leanforge.loop.theorems.Theorem;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link TheoremSearch} without Vert.x or Lean: the policy, the checker and Lean's goal states are functions, every
 * future is already complete, and what the strategy did is recorded.
 */
final class FakeSearch implements TheoremSearch {

    static final Theorem TWO = new Theorem("tiny", "two", Split.TRAIN, OptionalInt.empty(), List.of(), "A.lean", 3,
            1, "-- tiny", "theorem two (n : Nat) : n + 0 = n :=", " by sorry", Optional.empty(), List.of());

    private final List<Attempt> finished;
    private final List<TacticStep> finishedSteps;
    private final Function<String, List<Completion>> policy;
    private final Function<String, GoalAnswer> lean;
    private final Function<String, Verdict> checker;
    final List<String> prompts = new ArrayList<>();
    final List<Attempt> attempts = new ArrayList<>();
    final List<String> goalRequests = new ArrayList<>();
    final List<List<TacticStep>> recorded = new ArrayList<>();
    private final Set<Integer> used = new HashSet<>();

    /** For whole-proof strategies: completions without log-probabilities, no goal states. */
    FakeSearch(List<Attempt> finished, Function<String, List<String>> policy, Function<String, Verdict> checker) {
        this(finished, List.of(), prompt -> policy.apply(prompt).stream().map(t -> new Completion(t, Double.NaN))
                .toList(), prefix -> {
                    throw new AssertionError("no goal state expected for " + prefix);
                }, checker);
    }

    FakeSearch(List<Attempt> finished, List<TacticStep> finishedSteps, Function<String, List<Completion>> policy,
               Function<String, GoalAnswer> lean, Function<String, Verdict> checker) {
        this.finished = List.copyOf(finished);
        this.finishedSteps = List.copyOf(finishedSteps);
        this.policy = policy;
        this.lean = lean;
        this.checker = checker;
        finished.forEach(a -> used.add(a.attemptIndex()));
    }

    static Attempt stored(int index, String proof, Verdict verdict) {
        return new Attempt(1, TWO.name(), index, proof, verdict, OptionalDouble.empty());
    }

    @Override
    public Theorem theorem() {
        return TWO;
    }

    @Override
    public List<Attempt> finished() {
        return finished;
    }

    @Override
    public Future<List<Completion>> complete(String prompt, int samples) {
        prompts.add(prompt);
        List<Completion> answers = policy.apply(prompt);
        List<Completion> out = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            out.add(answers.get(i % answers.size()));
        }
        return Future.succeededFuture(out);
    }

    @Override
    public List<TacticStep> finishedSteps() {
        return finishedSteps;
    }

    @Override
    public Future<List<Completion>> completeTactic(String prompt, int samples) {
        return complete(prompt, samples);
    }

    @Override
    public Future<GoalAnswer> goalsAfter(String tacticPrefix) {
        goalRequests.add(tacticPrefix);
        return Future.succeededFuture(lean.apply(tacticPrefix));
    }

    @Override
    public Future<Void> recordSteps(List<TacticStep> steps) {
        recorded.add(List.copyOf(steps));
        return Future.succeededFuture();
    }

    @Override
    public Future<Optional<Attempt>> attemptWhenFree(Supplier<Optional<Completion>> next) {
        Optional<Completion> completion = next.get();
        if (completion.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        int index = 0;
        while (used.contains(index)) {
            index++;
        }
        used.add(index);
        String proof = completion.get().text();
        double logProb = completion.get().logProb();
        Attempt attempt = new Attempt(1, TWO.name(), index, proof, checker.apply(proof),
                Double.isNaN(logProb) ? OptionalDouble.empty() : OptionalDouble.of(logProb));
        attempts.add(attempt);
        return Future.succeededFuture(Optional.of(attempt));
    }

    List<String> proofs() {
        return attempts.stream().map(Attempt::proof).toList();
    }
}
