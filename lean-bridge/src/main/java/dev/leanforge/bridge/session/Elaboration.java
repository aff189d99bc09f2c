package dev.leanforge.bridge.session;

import dev.leanforge.bridge.lsp.LeanDiagnostic;
import java.time.Duration;
import java.util.List;

/** How one version of a document ended: the closed set of outcomes of {@link DocumentSession#update}. */
sealed interface Elaboration {

    /**
     * The barrier answered: {@code diagnostics} is the complete final set for the version.
     *
     * @param fatal the server reported a fatal error for this version ({@code fileProgress} kind 2: header or
     *              setup failure); {@code diagnostics} then holds its error, if it sent one
     */
    record Finished(List<LeanDiagnostic> diagnostics, boolean fatal) implements Elaboration {
        public Finished {
            diagnostics = List.copyOf(diagnostics);
        }
    }

    /** No answer within the wall-clock limit; the request was cancelled, Lean may still be working. */
    record TimedOut(Duration limit) implements Elaboration {
    }

    /** The worker or the whole server died, or the protocol broke. */
    record Crashed(String reason) implements Elaboration {
    }

    /** The server reported the document changed or closed under the request (-32801). */
    record Interrupted(String reason) implements Elaboration {
    }
}
