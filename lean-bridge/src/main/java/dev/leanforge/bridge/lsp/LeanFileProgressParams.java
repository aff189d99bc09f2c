package dev.leanforge.bridge.lsp;

import java.util.List;
import org.eclipse.lsp4j.Range;

/**
 * {@code $/lean/fileProgress} (spec §3.1): the ranges still being elaborated. An empty list means that version is
 * done, but the last diagnostics may still follow; it is never the completion signal.
 */
public record LeanFileProgressParams(Document textDocument, List<Processing> processing) {
    public LeanFileProgressParams {
        processing = processing == null ? List.of() : List.copyOf(processing);
    }

    /** {@code version} is absent in very old servers: read that as "the latest". */
    public record Document(String uri, Integer version) {
    }

    /** {@code kind} 1 (or absent) = processing, 2 = fatal error (header or setup failure, worker crash). */
    public record Processing(Range range, Integer kind) {
        public static final int FATAL_ERROR = 2;

        public boolean isFatal() {
            return kind != null && kind == FATAL_ERROR;
        }
    }

    public boolean isFatal() {
        return processing.stream().anyMatch(Processing::isFatal);
    }
}
