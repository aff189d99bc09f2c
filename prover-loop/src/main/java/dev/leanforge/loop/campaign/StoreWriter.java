package dev.leanforge.loop.campaign;

import dev.leanforge.loop.proof.Attempt;
import dev.leanforge.loop.proof.TacticStep;
import dev.leanforge.loop.proof.VerifiedProof;
import dev.leanforge.loop.store.Store;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Where a campaign's store work goes: the store thread, one worker thread that runs the work in the order it was
 * submitted, never on the event loop. The write methods block: call them only from work on that thread
 * ({@link #onStoreThread}).
 */
interface StoreWriter {

    /** Runs {@code blocking} on the store thread after everything submitted before it; completes on the caller's context. */
    <T> Future<T> onStoreThread(Callable<T> blocking);

    /** Stores {@code attempt} and, when present, its verified proof, in one transaction. Blocking. */
    void addAttempt(Attempt attempt, Optional<VerifiedProof> proof);

    /** Stores the steps of one tactic-search expansion in one transaction. Blocking. */
    void addTacticSteps(long campaignId, List<TacticStep> steps);

    /** {@code store} written on {@code thread}, which must have one thread for the writes to stay in order. */
    static StoreWriter of(WorkerExecutor thread, Store store) {
        Objects.requireNonNull(thread, "thread");
        Objects.requireNonNull(store, "store");
        return new StoreWriter() {
            @Override
            public <T> Future<T> onStoreThread(Callable<T> blocking) {
                return thread.executeBlocking(blocking, true);
            }

            @Override
            public void addAttempt(Attempt attempt, Optional<VerifiedProof> proof) {
                if (proof.isPresent()) {
                    store.addAttempt(attempt, proof.get());
                } else {
                    store.addAttempt(attempt);
                }
            }

            @Override
            public void addTacticSteps(long campaignId, List<TacticStep> steps) {
                store.addTacticSteps(campaignId, steps);
            }
        };
    }
}
