package dev.leanforge.loop.search;

import dev.leanforge.loop.policy.Policy.Completion;
import dev.leanforge.loop.store.Attempt;
import dev.leanforge.loop.theorems.Theorem;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a {@link SearchStrategy} may do for one theorem of a campaign. Futures complete on the campaign's context.
 */
public interface TheoremSearch {

    Theorem theorem();

    /** The theorem's attempts that an earlier run of the campaign stored, in attempt-index order. */
    List<Attempt> finished();

    /** {@code samples} completions of {@code prompt}, sampled as the campaign is configured. */
    Future<List<Completion>> complete(String prompt, int samples);

    /**
     * Waits until the campaign has room for one more attempt in flight, then asks {@code next} what to check: empty
     * gives the room back (the strategy no longer needs it, e.g. the theorem was proved meanwhile). A completion is
     * checked as the theorem's next attempt: on a warm Lean server, a {@code PROVED} verdict rechecked in a fresh
     * process, and stored.
     *
     * @return the stored attempt, whose verdict is {@code PROVED} only when the fresh-process recheck accepted the
     *         proof (and the proof is recorded); empty when {@code next} gave nothing
     */
    Future<Optional<Attempt>> attemptWhenFree(Supplier<Optional<Completion>> next);
}
