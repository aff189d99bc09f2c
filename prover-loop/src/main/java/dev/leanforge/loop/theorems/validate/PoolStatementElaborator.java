package dev.leanforge.loop.theorems.validate;

import dev.leanforge.bridge.LeanChecker;
import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.soundness.SourcePolicy;
import dev.leanforge.bridge.verdict.Verdict;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Elaborates statements on the warm Lean servers of the bridge's {@link LeanChecker}, so statements that share a
 * header share one elaborated document. Each statement is checked with its own placeholder as the proof, under the
 * standard source policy with {@code sorry} allowed (the one construct a placeholder needs), and Lean's final
 * diagnostics are read from the verdict. The verdict's own decision is ignored: a placeholder is never a proof,
 * and {@link SetValidator} judges the diagnostics.
 */
public final class PoolStatementElaborator implements StatementElaborator {

    private final LeanChecker pool;
    private final int workers;

    private PoolStatementElaborator(LeanChecker pool, int workers) {
        this.pool = pool;
        this.workers = workers;
    }

    /** Opens pools of real Lean servers started with the given command. */
    public static final StatementElaborators FACTORY = PoolStatementElaborator::open;

    /**
     * Starts {@code workers} Lean servers with {@code command} and waits until they are up.
     *
     * @throws IOException when Lean cannot be started; the message quotes the command and Lean's complaint
     */
    public static PoolStatementElaborator open(ServerCommand command, Duration timeout, int workers)
            throws IOException {
        LeanChecker pool = LeanChecker.builder().server(command).workers(workers).timeout(timeout)
                .policy(SourcePolicy.standard().allowing("sorry")).build();
        try {
            pool.ready().get();
        } catch (ExecutionException e) {
            pool.close();
            throw new IOException("Lean could not be started with " + String.join(" ", command.argv()) + " in "
                    + command.directory() + ": " + e.getCause().getMessage()
                    + "\nRun `leanforge doctor`, or check the --server-cmd and --project-dir options.", e);
        } catch (InterruptedException e) {
            pool.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while Lean was starting", e);
        }
        return new PoolStatementElaborator(pool, workers);
    }

    @Override
    public CompletableFuture<Outcome> elaborate(CheckTask task) {
        return pool.check(task).thenApply(PoolStatementElaborator::outcome);
    }

    /** The diagnostics a verdict carries; verdicts that carry none say Lean gave no usable answer. */
    static Outcome outcome(Verdict verdict) {
        if (verdict instanceof Verdict.Proved || verdict instanceof Verdict.Failed) {
            return new Elaborated(verdict.messages());
        }
        if (verdict instanceof Verdict.Rejected rejected) {
            return new Unfinished("the placeholder was refused before Lean saw it: " + rejected.reason());
        }
        if (verdict instanceof Verdict.Timeout timeout) {
            return new Unfinished("no answer within " + timeout.limit().toSeconds() + " s");
        }
        return new Unfinished(((Verdict.Crashed) verdict).reason());
    }

    @Override
    public int parallelism() {
        return workers;
    }

    @Override
    public void close() {
        pool.close();
    }
}
