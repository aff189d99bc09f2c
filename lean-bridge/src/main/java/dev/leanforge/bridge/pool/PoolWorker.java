package dev.leanforge.bridge.pool;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.bridge.verdict.Verdict;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * What the pool needs from one warm checker: a single Lean server that runs one request (a check or a goal-state
 * request) at a time.
 *
 * <p>The pool never calls {@link #check} or {@link #goals} before the previous future completed, and calls the other
 * methods from its own threads or the thread that completed the worker's last future.
 */
public interface PoolWorker extends AutoCloseable {

    /**
     * Starts checking one task and returns at once, without blocking (the pool may call it on a caller's event
     * loop). The future completes with the worker's verdict; the worker enforces {@code timeout} itself and answers
     * {@link Verdict.Timeout} when it runs out. A future failing exceptionally means the worker broke. The pool
     * handles the answer on the thread that completes the future, so complete it on a thread of the worker's own.
     */
    CompletableFuture<Verdict> check(CheckTask task, Duration timeout);

    /**
     * Starts a goal-state request for a tactic prefix ({@code prefix.proof()}) and returns at once, like
     * {@link #check}: the worker runs the source policy on the prefix, enforces {@code timeout} itself and always
     * answers ({@link GoalAnswer.Timeout}, {@link GoalAnswer.Crashed} included); a future failing exceptionally
     * means the worker broke. The pool never calls it while a check or another request of this worker runs.
     */
    CompletableFuture<GoalAnswer> goals(CheckTask prefix, Duration timeout);

    /**
     * Whether a check with this header would reuse a document the server already elaborated (its imports are
     * loaded). Called by the pool under its lock: must be cheap, thread-safe and never block.
     */
    boolean isWarm(String header);

    /** False once the server process has exited. */
    boolean isAlive();

    /** True when the worker cannot be trusted with another check (e.g. after a timeout left a request hanging). */
    boolean needsRestart();

    /** Resident memory of the server's whole process tree in bytes, or a negative number when unknown. */
    long rssBytes();

    /** How many checks and goal-state requests this worker has run since it started (for recycling). */
    long checksDone();

    /** Stops the server and kills every process it started. Must not throw for an already dead worker. */
    @Override
    void close();
}
