package dev.leanforge.loop.search;

import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.policy.Policy.Completion;
import dev.leanforge.loop.store.Attempt;
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
 * A {@link TheoremSearch} without Vert.x or Lean: the policy and the checker are functions, every future is already
 * complete, and what the strategy did is recorded.
 */
final class FakeSearch implements TheoremSearch {

    static final Theorem TWO = new Theorem("tiny", "two", Split.TRAIN, OptionalInt.empty(), List.of(), "A.lean", 3,
            1, "-- tiny", "theorem two (n : Nat) : n + 0 = n :=", " by sorry", Optional.empty(), List.of());

    private final List<Attempt> finished;
    private final Function<String, List<String>> policy;
    private final Function<String, Verdict> checker;
    final List<String> prompts = new ArrayList<>();
    final List<Attempt> attempts = new ArrayList<>();
    private final Set<Integer> used = new HashSet<>();

    FakeSearch(List<Attempt> finished, Function<String, List<String>> policy, Function<String, Verdict> checker) {
        this.finished = List.copyOf(finished);
        this.policy = policy;
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
        List<String> texts = policy.apply(prompt);
        List<Completion> out = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            out.add(new Completion(texts.get(i % texts.size()), Double.NaN));
        }
        return Future.succeededFuture(out);
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
        Attempt attempt = new Attempt(1, TWO.name(), index, proof, checker.apply(proof), OptionalDouble.empty());
        attempts.add(attempt);
        return Future.succeededFuture(Optional.of(attempt));
    }

    List<String> proofs() {
        return attempts.stream().map(Attempt::proof).toList();
    }
}
