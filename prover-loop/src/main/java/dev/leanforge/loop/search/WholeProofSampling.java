package dev.leanforge.loop.search;

import dev.leanforge.loop.policy.Policy.Completion;
import dev.leanforge.loop.policy.PromptFormat;
import dev.leanforge.loop.proof.Attempt;
import dev.leanforge.loop.theorems.Theorem;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Strategy (a), {@code sample}: whole proofs sampled from the theorem's prompt until {@code samples} of them are
 * decided (checked to {@code PROVED}, {@code FAILED} or {@code REJECTED}), or, with {@code stopOnProof}, until one
 * verifies. A crashed or timed-out check is no sample: it is replaced by a new one, at most {@code retries} times
 * per theorem.
 *
 * <p>The policy is asked for all missing samples in one call; the completions wait for room in the campaign's
 * in-flight bound. With {@code stopOnProof} they are checked one at a time (the campaign keeps other theorems in
 * flight meanwhile) and those left are dropped unchecked once one verifies: no check, and no fresh-process recheck,
 * is spent on a theorem already proved. Without it, all of them are checked as fast as the bound allows.
 */
public final class WholeProofSampling implements SearchStrategy {

    public static final String NAME = "sample";

    private final int samples;
    private final int retries;
    private final boolean stopOnProof;
    private final Function<Theorem, String> prompt;

    /** Sampling from the whole-proof prompt ({@link PromptFormat#wholeProof}). */
    public WholeProofSampling(int samples, int retries, boolean stopOnProof) {
        this(samples, retries, stopOnProof, PromptFormat::wholeProof);
    }

    /**
     * Sampling from another prompt of the theorem, e.g. STaR's rationalization with a known proof as a hint
     * ({@link PromptFormat#withHint}).
     */
    public WholeProofSampling(int samples, int retries, boolean stopOnProof, Function<Theorem, String> prompt) {
        if (samples < 1 || retries < 0) {
            throw new IllegalArgumentException("need samples >= 1 and retries >= 0, got " + samples + ", " + retries);
        }
        this.samples = samples;
        this.retries = retries;
        this.stopOnProof = stopOnProof;
        this.prompt = Objects.requireNonNull(prompt, "prompt");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> budget() {
        Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("samples", samples);
        budget.put("retries", retries);
        budget.put("stop-on-proof", stopOnProof);
        return budget;
    }

    @Override
    public Future<Void> search(TheoremSearch search) {
        return new Run(search).start();
    }

    @Override
    public SampleOutcomes samples(List<Attempt> attempts) {
        return new SampleOutcomes(attempts.stream().filter(Outcomes::decided).map(Outcomes::verified).toList(),
                stopOnProof);
    }

    @Override
    public List<Integer> reportedK() {
        return samples == 1 ? List.of(1) : List.of(1, samples);
    }

    /** One theorem's search; touched only on the campaign's context. */
    private final class Run {
        private final TheoremSearch search;
        private final Promise<Void> done = Promise.promise();
        private final ArrayDeque<Completion> waiting = new ArrayDeque<>();
        private int decided;
        private int verified;
        private int finished;
        private int checking;
        /** Calls of {@code attemptWhenFree} not yet answered: checking, or waiting for room. */
        private int outstanding;
        private boolean asking;

        Run(TheoremSearch search) {
            this.search = search;
            for (Attempt attempt : search.finished()) {
                record(attempt);
            }
        }

        Future<Void> start() {
            step();
            return done.future();
        }

        private void record(Attempt attempt) {
            finished++;
            if (Outcomes.decided(attempt)) {
                decided++;
            }
            if (Outcomes.verified(attempt)) {
                verified++;
            }
        }

        private boolean proved() {
            return stopOnProof && verified > 0;
        }

        /** Samples still to ask for: within both the decided budget and the budget including retries. */
        private int wanted() {
            if (proved()) {
                return 0;
            }
            int busy = checking + waiting.size();
            return Math.min(samples - decided - busy, samples + retries - finished - busy);
        }

        private void step() {
            if (done.future().isComplete()) {
                return;
            }
            if (proved()) {
                waiting.clear();
            }
            int parallel = stopOnProof ? 1 : Integer.MAX_VALUE;
            while (outstanding < parallel && outstanding - checking < waiting.size()) {
                outstanding++;
                search.attemptWhenFree(this::next).onComplete(this::checked);
            }
            if (done.future().isComplete()) {
                return; // an answer that came at once finished the search
            }
            int wanted = wanted();
            if (wanted > 0 && !asking) {
                asking = true;
                search.complete(prompt.apply(search.theorem()), wanted)
                        .onSuccess(completions -> check(completions.subList(0, Math.min(wanted, completions.size()))))
                        .onFailure(done::tryFail);
            } else if (!asking && outstanding == 0 && waiting.isEmpty()) {
                done.tryComplete();
            }
        }

        private void check(List<Completion> completions) {
            asking = false;
            if (completions.isEmpty()) {
                done.tryFail(new IllegalStateException("the policy returned no completion for "
                        + search.theorem().name()));
                return;
            }
            waiting.addAll(completions);
            step();
        }

        /** Called when there is room to check one more: the next waiting completion, unless no longer needed. */
        private Optional<Completion> next() {
            if (proved()) {
                waiting.clear();
                return Optional.empty();
            }
            Completion completion = waiting.poll();
            if (completion != null) {
                checking++;
            }
            return Optional.ofNullable(completion);
        }

        private void checked(AsyncResult<Optional<Attempt>> result) {
            outstanding--;
            if (result.failed()) {
                done.tryFail(result.cause());
                return;
            }
            result.result().ifPresent(attempt -> {
                checking--;
                record(attempt);
            });
            step();
        }
    }
}
