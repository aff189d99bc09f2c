package dev.leanforge.bridge.lsp;

import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.TextDocumentPositionParams;
import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;

/**
 * The Lean server as the client sees it: exactly the methods leanforge sends (spec §1–§5).
 *
 * <p>Deliberately not LSP4J's {@code LanguageServer}: Lean's parameters carry fields LSP4J's types do not
 * ({@code dependencyBuildMode}, {@code capabilities.lean}), and a narrow interface documents what we rely on.
 * Cancelling a returned future sends {@code $/cancelRequest}.
 */
public interface LeanLanguageServer {

    @JsonRequest("initialize")
    CompletableFuture<LeanInitializeResult> initialize(LeanInitializeParams params);

    @JsonNotification("initialized")
    void initialized(InitializedParams params);

    @JsonRequest("shutdown")
    CompletableFuture<Object> shutdown();

    @JsonNotification("exit")
    void exit();

    @JsonNotification("textDocument/didOpen")
    void didOpen(LeanDidOpenParams params);

    /** Send the whole new text as one change without range: simplest, and Lean still reuses the prefix. */
    @JsonNotification("textDocument/didChange")
    void didChange(DidChangeTextDocumentParams params);

    @JsonNotification("textDocument/didClose")
    void didClose(DidCloseTextDocumentParams params);

    /** Answers {@code {}} once every diagnostic of that version has been published (the barrier of §3.2). */
    @JsonRequest("textDocument/waitForDiagnostics")
    CompletableFuture<Object> waitForDiagnostics(WaitForDiagnosticsParams params);

    /** The tactic state at a position; completes with {@code null} where there is no tactic information. */
    @JsonRequest("$/lean/plainGoal")
    CompletableFuture<PlainGoal> plainGoal(TextDocumentPositionParams params);

    /** The expected type of the term at a position; {@code null} where there is none. */
    @JsonRequest("$/lean/plainTermGoal")
    CompletableFuture<PlainTermGoal> plainTermGoal(TextDocumentPositionParams params);
}
