package dev.leanforge.loop.theorems.validate;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.verdict.LeanMessage;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Elaborates a theorem's statement with its placeholder proof in Lean and hands back Lean's final diagnostics,
 * unjudged: {@link SetValidator} decides what they mean. This is where {@code theorems validate} meets the bridge
 * ({@link PoolStatementElaborator}); diagnostics are positioned in the document {@code CheckedDocument.of(task)}
 * lays out.
 */
public interface StatementElaborator extends AutoCloseable {

    /** Lean's final diagnostics for {@code task}, whose proof is the statement's own {@code sorry} placeholder. */
    CompletableFuture<Outcome> elaborate(CheckTask task);

    /** How many elaborations may usefully be in flight at once (the number of workers behind this). */
    default int parallelism() {
        return 1;
    }

    @Override
    void close();

    /** What became of one elaboration. */
    sealed interface Outcome permits Elaborated, Unfinished {}

    /**
     * Lean finished: {@code messages} are all its final diagnostics, with 1-based lines in the checked document.
     */
    record Elaborated(List<LeanMessage> messages) implements Outcome {
        public Elaborated {
            messages = List.copyOf(messages);
        }
    }

    /** Lean gave no answer (timeout, crash): this says nothing about the statement, which stays unvalidated. */
    record Unfinished(String reason) implements Outcome {
        public Unfinished {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
