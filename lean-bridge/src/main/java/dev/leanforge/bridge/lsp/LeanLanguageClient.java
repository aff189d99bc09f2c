package dev.leanforge.bridge.lsp;

import com.google.gson.JsonObject;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;

/**
 * What a Lean server sends to its client: the notifications leanforge reads and the requests it must answer
 * (spec §1.3, §3.1, §4.1). Parameter classes are Lean-shaped so that {@code version}, {@code isIncremental},
 * {@code fullRange}, {@code leanTags}, {@code isSilent} and {@code code} survive deserialisation.
 */
public interface LeanLanguageClient {

    @JsonNotification("textDocument/publishDiagnostics")
    void publishDiagnostics(LeanPublishDiagnosticsParams params);

    @JsonNotification("$/lean/fileProgress")
    void fileProgress(LeanFileProgressParams params);

    /** Sent after {@code initialized} to register a file watcher; answered with {@code null}. */
    @JsonRequest("client/registerCapability")
    CompletableFuture<Void> registerCapability(JsonObject params);

    @JsonRequest("workspace/semanticTokens/refresh")
    CompletableFuture<Void> refreshSemanticTokens();

    @JsonRequest("workspace/inlayHint/refresh")
    CompletableFuture<Void> refreshInlayHints();
}
