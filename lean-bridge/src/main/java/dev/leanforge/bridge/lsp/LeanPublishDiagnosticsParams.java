package dev.leanforge.bridge.lsp;

import java.util.List;

/**
 * {@code textDocument/publishDiagnostics} as Lean sends it (spec §4.1): {@code version} (absent in old servers)
 * and {@code isIncremental} (Lean ≥ 4.32, only when asked for: append instead of replace).
 */
public record LeanPublishDiagnosticsParams(String uri, Integer version, List<LeanDiagnostic> diagnostics,
                                           Boolean isIncremental) {
    public LeanPublishDiagnosticsParams {
        diagnostics = diagnostics == null ? List.of() : List.copyOf(diagnostics);
    }

    public boolean incremental() {
        return Boolean.TRUE.equals(isIncremental);
    }
}
