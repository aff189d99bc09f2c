package dev.leanforge.bridge.lsp;

import com.google.gson.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.eclipse.lsp4j.jsonrpc.Endpoint;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local end of one Lean connection: routes document notifications to the {@link DocumentListener} registered
 * for their URI, answers the server's housekeeping requests with {@code null}, and ignores everything else.
 *
 * <p>Implementing {@link Endpoint} is how LSP4J hands us methods no annotation covers; without it every unknown
 * notification would be logged as a warning.
 *
 * <p>A message that cannot be read ({@link #protocolError(String)}) ends the connection for its listeners like a
 * termination: one reader thread carries every document's messages, so once one was misread nothing that
 * follows can be trusted to be complete. A worker runs one check at a time, so this costs that one check (the
 * pool retries it on a fresh server).
 */
public final class LeanClient implements LeanLanguageClient, Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(LeanClient.class);

    private final Map<String, DocumentListener> listeners = new ConcurrentHashMap<>();
    private volatile String terminationReason;
    private volatile String protocolError;

    /**
     * Routes notifications for {@code uri} to {@code listener}, replacing any earlier one. When the connection has
     * already ended the listener is told so at once.
     */
    public void register(String uri, DocumentListener listener) {
        listeners.put(key(uri), listener);
        String reason = terminationReason;
        if (reason != null && listeners.remove(key(uri), listener)) {
            listener.onServerTerminated(reason);
        }
    }

    public void unregister(String uri) {
        listeners.remove(key(uri));
    }

    /** Tells every registered listener that the connection ended, once; later registrations hear it at once. */
    public void serverTerminated(String reason) {
        if (terminationReason != null) {
            return;
        }
        terminationReason = reason;
        for (String uri : List.copyOf(listeners.keySet())) {
            DocumentListener listener = listeners.remove(uri);
            if (listener != null) {
                listener.onServerTerminated(reason);
            }
        }
    }

    /**
     * A message from the server could not be read (see {@link LeanProtocol}): every listener, now and later, is
     * told the connection ended with {@code "protocol error: " + detail}. Only the first error is kept.
     */
    public void protocolError(String detail) {
        if (protocolError == null) {
            protocolError = "protocol error: " + detail;
            LOG.warn("{}; failing every check on this connection", protocolError);
        }
        serverTerminated(protocolError);
    }

    /** The first protocol error on this connection, if any: the server must then be replaced. */
    public Optional<String> protocolErrorReason() {
        return Optional.ofNullable(protocolError);
    }

    @Override
    public void publishDiagnostics(LeanPublishDiagnosticsParams params) {
        route("textDocument/publishDiagnostics", params == null ? null : params.uri(),
                listener -> listener.onDiagnostics(params));
    }

    @Override
    public void fileProgress(LeanFileProgressParams params) {
        route("$/lean/fileProgress", params == null || params.textDocument() == null ? null
                : params.textDocument().uri(), listener -> listener.onFileProgress(params));
    }

    /**
     * Hands a document notification to its listener. LSP4J logs and drops an exception thrown here, so a message
     * without a URI, or one a listener cannot take, is turned into a protocol error instead.
     */
    private void route(String method, String uri, Consumer<DocumentListener> delivery) {
        if (uri == null) {
            protocolError("unreadable " + method + " (no params or no document uri)");
            return;
        }
        DocumentListener listener = listeners.get(key(uri));
        if (listener == null) {
            return;
        }
        try {
            delivery.accept(listener);
        } catch (RuntimeException e) {
            protocolError("unreadable " + method + " for " + uri + " (" + e + ")");
        }
    }

    @Override
    public CompletableFuture<Void> registerCapability(JsonObject params) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> refreshSemanticTokens() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> refreshInlayHints() {
        return CompletableFuture.completedFuture(null);
    }

    /** Any request we do not know: an honest "method not found". */
    @Override
    public CompletableFuture<?> request(String method, Object parameter) {
        return CompletableFuture.failedFuture(new ResponseErrorException(
                new ResponseError(ResponseErrorCode.MethodNotFound, "leanforge does not handle " + method, null)));
    }

    /** Any other notification ({@code window/logMessage}, future Lean extensions): not needed for checking. */
    @Override
    public void notify(String method, Object parameter) {
        LOG.trace("ignored notification {}", method);
    }

    /**
     * The routing key of a URI. Lean may re-encode the URI it was given (percent-escapes, slashes), so file URIs
     * are compared by their decoded path.
     */
    static String key(String uri) {
        try {
            URI parsed = URI.create(uri);
            if ("file".equalsIgnoreCase(parsed.getScheme()) && parsed.getPath() != null) {
                return "file:" + parsed.getPath();
            }
        } catch (IllegalArgumentException notAUri) {
            // fall through: route by the raw string
        }
        return uri;
    }
}
