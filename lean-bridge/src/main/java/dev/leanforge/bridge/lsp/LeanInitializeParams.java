package dev.leanforge.bridge.lsp;

import java.nio.file.Path;

/**
 * {@code initialize} parameters with Lean's extensions (spec §1.3). Lean ignores {@code rootUri} and uses the
 * process's working directory; it is sent for logs and other tools.
 */
public record LeanInitializeParams(Long processId, String rootUri, ClientCapabilities capabilities,
                                   InitializationOptions initializationOptions) {

    /**
     * What leanforge asks for: silent diagnostics (they are harmless), incremental diagnostics (the session
     * appends batches marked {@code isIncremental}), no edit delay, and plain-text messages without widgets.
     */
    public static LeanInitializeParams forProject(Path projectDir) {
        return new LeanInitializeParams(
                ProcessHandle.current().pid(),
                projectDir.toAbsolutePath().toUri().toString(),
                new ClientCapabilities(new LeanCapabilities(true, true, "v1")),
                new InitializationOptions(0, false));
    }

    public record ClientCapabilities(LeanCapabilities lean) {
    }

    public record LeanCapabilities(boolean silentDiagnosticSupport, boolean incrementalDiagnosticSupport,
                                   String rpcWireFormat) {
    }

    public record InitializationOptions(int editDelay, boolean hasWidgets) {
    }
}
