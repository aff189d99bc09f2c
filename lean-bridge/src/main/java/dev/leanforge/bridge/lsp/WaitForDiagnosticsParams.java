package dev.leanforge.bridge.lsp;

/** Parameters of {@code textDocument/waitForDiagnostics}; the version must be one the client has sent. */
public record WaitForDiagnosticsParams(String uri, int version) {
}
