package dev.leanforge.bridge.lsp;

/**
 * Receives what the server says about one open document. Called on the connection's reader thread, in the
 * order the messages arrived, so an implementation must not block.
 */
public interface DocumentListener {

    void onDiagnostics(LeanPublishDiagnosticsParams params);

    void onFileProgress(LeanFileProgressParams params);

    /**
     * The connection ended (crash, exit or close) or can no longer be trusted (a message could not be read);
     * nothing more from it counts.
     */
    void onServerTerminated(String reason);
}
