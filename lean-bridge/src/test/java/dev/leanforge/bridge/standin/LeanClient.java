package dev.leanforge.bridge.standin;

import dev.leanforge.bridge.standin.LeanWire.FileProgressParams;
import dev.leanforge.bridge.standin.LeanWire.PublishDiagnosticsParams;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;

/** What the stand-in, like Lean's watchdog, sends to its client. */
interface LeanClient {

    @JsonNotification("textDocument/publishDiagnostics")
    void publishDiagnostics(PublishDiagnosticsParams params);

    @JsonNotification("$/lean/fileProgress")
    void fileProgress(FileProgressParams params);

    /** Sent once after {@code initialized}, with Lean's request id {@code "register_lean_watcher"}. */
    @JsonRequest("client/registerCapability")
    CompletableFuture<Void> registerCapability(RegistrationParams params);
}
