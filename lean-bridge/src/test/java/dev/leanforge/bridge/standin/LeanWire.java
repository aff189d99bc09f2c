package dev.leanforge.bridge.standin;

import java.util.List;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentItem;

/**
 * Lean-shaped JSON-RPC payloads the stand-in sends and receives (spec §2–§5). Serialized by LSP4J's Gson, which
 * leaves out {@code null} fields: that is how optional Lean fields ({@code isSilent}, {@code isIncremental},
 * {@code leanTags}, a missing {@code version}) stay absent, as Lean leaves them out.
 */
final class LeanWire {

    private LeanWire() {
    }

    /** {@code textDocument/didOpen} with Lean's extra top-level field. */
    record DidOpenParams(TextDocumentItem textDocument, String dependencyBuildMode) {
    }

    /** {@code textDocument/waitForDiagnostics}. */
    record WaitForDiagnosticsParams(String uri, int version) {
    }

    /** {@code textDocument/publishDiagnostics} with Lean's {@code isIncremental} (spec §4.1). */
    record PublishDiagnosticsParams(String uri, Integer version, List<Diagnostic> diagnostics, Boolean isIncremental) {
    }

    /** One diagnostic with Lean's extensions (spec §4.1). */
    record Diagnostic(String source, int severity, Range range, Range fullRange, String message,
                      List<Integer> leanTags, Boolean isSilent) {

        static Diagnostic of(int severity, Range range, String message, List<Integer> leanTags) {
            return new Diagnostic("Lean 4", severity, range, range, message, leanTags, null);
        }
    }

    /** {@code $/lean/fileProgress} (spec §3.1). */
    record FileProgressParams(DocumentVersion textDocument, List<Processing> processing) {
    }

    record DocumentVersion(String uri, int version) {
    }

    /** One range still being processed; kind 1 = processing, 2 = fatal error. */
    record Processing(Range range, int kind) {
        static final int PROCESSING = 1;
        static final int FATAL_ERROR = 2;
    }

    /** {@code $/lean/plainGoal} result (spec §5.1). */
    record PlainGoal(String rendered, List<String> goals) {
        static PlainGoal of(List<String> goals) {
            if (goals.isEmpty()) {
                return new PlainGoal("no goals", List.of());
            }
            String rendered = String.join("\n---\n", goals.stream().map(g -> "```lean\n" + g + "\n```").toList());
            return new PlainGoal(rendered, goals);
        }
    }
}
