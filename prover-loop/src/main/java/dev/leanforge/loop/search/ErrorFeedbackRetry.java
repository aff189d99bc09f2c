package dev.leanforge.loop.search;

import dev.leanforge.loop.policy.Policy.Completion;
import dev.leanforge.loop.policy.PromptFormat;
import dev.leanforge.loop.proof.Attempt;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Strategy (c), {@code feedback}: one chain of attempts per theorem. The first prompt is the whole-proof prompt; each
 * later one carries the last failed attempt and what Lean said about it (its errors and unsolved goals, see
 * {@link LeanFeedback}) — the prompt of {@link PromptFormat#withFeedback}. The chain ends at the first verified
 * proof or after {@code attempts} decided attempts. A crashed or timed-out check is retried with the same prompt, at
 * most {@code retries} times per theorem, and gives no feedback.
 *
 * <p>For pass@k the whole chain is one sample: verified if it found a proof, failed if it spent its attempts.
 */
public final class ErrorFeedbackRetry implements SearchStrategy {

    public static final String NAME = "feedback";

    private final int attempts;
    private final int retries;

    public ErrorFeedbackRetry(int attempts, int retries) {
        if (attempts < 1 || retries < 0) {
            throw new IllegalArgumentException("need attempts >= 1 and retries >= 0, got " + attempts + ", "
                    + retries);
        }
        this.attempts = attempts;
        this.retries = retries;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> budget() {
        Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("attempts", attempts);
        budget.put("retries", retries);
        return budget;
    }

    @Override
    public Future<Void> search(TheoremSearch search) {
        return new Chain(search).start();
    }

    @Override
    public SampleOutcomes samples(List<Attempt> stored) {
        boolean proved = stored.stream().anyMatch(Outcomes::verified);
        long decided = stored.stream().filter(Outcomes::decided).count();
        if (proved || decided >= attempts) {
            return new SampleOutcomes(List.of(proved), true);
        }
        return SampleOutcomes.none(); // the chain was cut short by crashes or timeouts: it says nothing
    }

    @Override
    public List<Integer> reportedK() {
        return List.of(1);
    }

    /** One theorem's chain; touched only on the campaign's context. */
    private final class Chain {
        private final TheoremSearch search;
        private final Promise<Void> done = Promise.promise();
        private int decided;
        private int finished;
        private boolean proved;
        /** The latest decided, failed attempt: its proof and Lean's answer go into the next prompt. */
        private Attempt lastFailure;

        Chain(TheoremSearch search) {
            this.search = search;
            search.finished().forEach(this::record);
        }

        Future<Void> start() {
            step();
            return done.future();
        }

        private void record(Attempt attempt) {
            finished++;
            if (Outcomes.verified(attempt)) {
                proved = true;
            } else if (Outcomes.decided(attempt)) {
                decided++;
                lastFailure = attempt;
            }
        }

        private void step() {
            if (proved || decided >= attempts || finished >= attempts + retries) {
                done.tryComplete();
                return;
            }
            String prompt = lastFailure == null
                    ? PromptFormat.wholeProof(search.theorem())
                    : PromptFormat.withFeedback(search.theorem(), lastFailure.proof(),
                            LeanFeedback.of(lastFailure.verdict()));
            search.complete(prompt, 1)
                    .compose(this::check)
                    .onSuccess(attempt -> {
                        attempt.ifPresent(this::record);
                        step();
                    })
                    .onFailure(done::tryFail);
        }

        private Future<Optional<Attempt>> check(List<Completion> completions) {
            if (completions.isEmpty()) {
                return Future.failedFuture(new IllegalStateException("the policy returned no completion for "
                        + search.theorem().name()));
            }
            Completion completion = completions.get(0);
            return search.attemptWhenFree(() -> Optional.of(completion));
        }
    }
}
