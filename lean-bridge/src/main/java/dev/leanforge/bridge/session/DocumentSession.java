package dev.leanforge.bridge.session;

import dev.leanforge.bridge.lsp.DocumentListener;
import dev.leanforge.bridge.lsp.LeanClient;
import dev.leanforge.bridge.lsp.LeanDiagnostic;
import dev.leanforge.bridge.lsp.LeanDidOpenParams;
import dev.leanforge.bridge.lsp.LeanErrors;
import dev.leanforge.bridge.lsp.LeanFileProgressParams;
import dev.leanforge.bridge.lsp.LeanLanguageServer;
import dev.leanforge.bridge.lsp.LeanPublishDiagnosticsParams;
import dev.leanforge.bridge.lsp.PlainGoal;
import dev.leanforge.bridge.lsp.WaitForDiagnosticsParams;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentPositionParams;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;

/**
 * One open document on a Lean server, and the completion rule of spec §3.3:
 * <ol>
 *   <li>every update sends a new, strictly larger version (didOpen first, then full-text didChange) followed by
 *       {@code waitForDiagnostics} for exactly that version;</li>
 *   <li>diagnostics for lower versions are dropped; a batch replaces the set, one marked {@code isIncremental}
 *       is appended to it;</li>
 *   <li>the {@code waitForDiagnostics} answer is the barrier: the set at that moment is final. Notifications and
 *       responses are dispatched in arrival order on one reader thread, so nothing of that version can follow;
 *       {@code processing: []} alone never completes anything;</li>
 *   <li>{@code fileProgress} kind 2 marks the version fatal; the answer is still awaited to read its error;</li>
 *   <li>error -32901/-32902 means the file worker crashed, -32801 that the document changed or closed;</li>
 *   <li>a wall-clock limit of our own: on expiry the request is cancelled ({@code $/cancelRequest}).</li>
 * </ol>
 * One update at a time; callbacks arrive on the connection's reader thread and never block.
 */
final class DocumentSession implements DocumentListener, AutoCloseable {

    private static final AtomicLong DOCUMENT_NUMBERS = new AtomicLong();

    private final LeanLanguageServer remote;
    private final LeanClient client;
    private final String uri;

    // Guarded by this.
    private int version;
    private List<LeanDiagnostic> diagnostics = new ArrayList<>();
    private boolean fatal;
    private CompletableFuture<Elaboration> pending = CompletableFuture.completedFuture(null);
    private CompletableFuture<PlainGoal> pendingGoal = CompletableFuture.completedFuture(null);
    private String terminated;
    private boolean closed;

    DocumentSession(LeanLanguageServer remote, LeanClient client, String uri) {
        this.remote = remote;
        this.client = client;
        this.uri = uri;
        client.register(uri, this);
    }

    /**
     * A fresh {@code file:} URI under the project directory. The file need not exist (spec §1.2); it must lie
     * under the directory the server runs in so that the project's search path applies.
     */
    static String newUri(Path projectDir) {
        return projectDir.resolve("LeanforgeCheck" + DOCUMENT_NUMBERS.incrementAndGet() + ".lean")
                .toAbsolutePath().toUri().toString();
    }

    /**
     * Replaces the document's text and waits for Lean's final diagnostics of the new version. The future always
     * completes, at the latest after {@code timeout}.
     */
    CompletableFuture<Elaboration> update(String text, Duration timeout) {
        CompletableFuture<Elaboration> result = new CompletableFuture<>();
        int sent;
        boolean open;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("document " + uri + " is closed");
            }
            if (!pending.isDone()) {
                throw new IllegalStateException("an update of " + uri + " is still running");
            }
            if (terminated != null) {
                return CompletableFuture.completedFuture(new Elaboration.Crashed(terminated));
            }
            open = version == 0;
            sent = ++version;
            diagnostics = new ArrayList<>();
            fatal = false;
            pending = result;
        }
        CompletableFuture<Object> barrier;
        try {
            if (open) {
                remote.didOpen(LeanDidOpenParams.never(uri, sent, text));
            } else {
                remote.didChange(new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, sent),
                        List.of(new TextDocumentContentChangeEvent(text))));
            }
            barrier = remote.waitForDiagnostics(new WaitForDiagnosticsParams(uri, sent));
        } catch (RuntimeException brokenPipe) {
            result.complete(new Elaboration.Crashed("cannot send to the Lean server: " + brokenPipe.getMessage()));
            return result;
        }
        barrier.whenComplete((answer, failure) -> finish(result, failure));
        result.completeOnTimeout(new Elaboration.TimedOut(timeout), timeout.toMillis(), TimeUnit.MILLISECONDS);
        // Off the JDK's shared timer thread: cancelling writes $/cancelRequest to the server's pipe.
        result.thenAcceptAsync(outcome -> {
            if (outcome instanceof Elaboration.TimedOut) {
                barrier.cancel(true);
            }
        });
        return result;
    }

    private void finish(CompletableFuture<Elaboration> result, Throwable failure) {
        Elaboration outcome;
        synchronized (this) {
            if (result != pending || result.isDone()) {
                return;
            }
            outcome = failure == null ? new Elaboration.Finished(diagnostics, fatal) : classify(failure);
        }
        if (outcome != null) {
            result.complete(outcome);
        }
    }

    /** What a failed {@code waitForDiagnostics} means; null for our own cancellation (already timed out). */
    private Elaboration classify(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof CancellationException) {
            return null;
        }
        ResponseError error = LeanErrors.responseError(cause).orElse(null);
        if (error == null) {
            return new Elaboration.Crashed("waitForDiagnostics failed: " + cause);
        }
        String detail = error.getMessage() + " (code " + error.getCode() + ")";
        if (LeanErrors.isWorkerCrash(error)) {
            return new Elaboration.Crashed("Lean's file worker crashed: " + detail);
        }
        if (error.getCode() == LeanErrors.CONTENT_MODIFIED || error.getCode() == LeanErrors.REQUEST_CANCELLED) {
            return new Elaboration.Interrupted(detail);
        }
        return new Elaboration.Crashed("waitForDiagnostics failed: " + detail);
    }

    /**
     * The tactic state at {@code position} (0-based line, UTF-16 character) of the current version; completes
     * with null where Lean has no tactic information. Fails with {@link TimeoutException} after {@code timeout}
     * (the request is cancelled) and with {@link IOException} when the server is gone.
     */
    CompletableFuture<PlainGoal> plainGoal(Position position, Duration timeout) {
        CompletableFuture<PlainGoal> result = new CompletableFuture<>();
        synchronized (this) {
            if (terminated != null) {
                return CompletableFuture.failedFuture(new IOException(terminated));
            }
            pendingGoal = result;
        }
        CompletableFuture<PlainGoal> request;
        try {
            request = remote.plainGoal(new TextDocumentPositionParams(new TextDocumentIdentifier(uri), position));
        } catch (RuntimeException brokenPipe) {
            result.completeExceptionally(new IOException("cannot send to the Lean server", brokenPipe));
            return result;
        }
        request.whenComplete((goal, failure) -> {
            if (failure == null) {
                result.complete(goal);
            } else {
                result.completeExceptionally(failure);
            }
        });
        result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        result.whenCompleteAsync((goal, failure) -> {
            if (failure instanceof TimeoutException) {
                request.cancel(true);
            }
        });
        return result;
    }

    @Override
    public synchronized void onDiagnostics(LeanPublishDiagnosticsParams params) {
        if (closed || terminated != null || (params.version() != null && params.version() < version)) {
            return;
        }
        if (params.incremental()) {
            diagnostics.addAll(params.diagnostics());
        } else {
            diagnostics = new ArrayList<>(params.diagnostics());
        }
    }

    @Override
    public synchronized void onFileProgress(LeanFileProgressParams params) {
        Integer v = params.textDocument() == null ? null : params.textDocument().version();
        if (!closed && (v == null || v >= version) && params.isFatal()) {
            fatal = true;
        }
    }

    @Override
    public void onServerTerminated(String reason) {
        CompletableFuture<Elaboration> update;
        CompletableFuture<PlainGoal> goal;
        synchronized (this) {
            terminated = reason;
            update = pending;
            goal = pendingGoal;
        }
        update.complete(new Elaboration.Crashed(reason));
        goal.completeExceptionally(new IOException(reason));
    }

    /** Sends {@code didClose} (Lean then ends the file worker) and stops listening. Idempotent. */
    @Override
    public void close() {
        boolean send;
        CompletableFuture<Elaboration> update;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            send = version > 0 && terminated == null;
            update = pending;
        }
        client.unregister(uri);
        if (send) {
            try {
                remote.didClose(new DidCloseTextDocumentParams(new TextDocumentIdentifier(uri)));
            } catch (RuntimeException brokenPipe) {
                // the server is gone; nothing to close
            }
        }
        update.complete(new Elaboration.Interrupted("document " + uri + " was closed"));
    }
}
