package dev.leanforge.bridge.lsp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.MessageIssueHandler;
import org.eclipse.lsp4j.jsonrpc.MessageProducer;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.json.ConcurrentMessageProcessor;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.json.StreamMessageProducer;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.MessageIssue;
import org.eclipse.lsp4j.jsonrpc.messages.NotificationMessage;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;

/**
 * Wires a {@link LeanClient} to a Lean server over a pair of streams (a process's stdout and stdin).
 *
 * <p>The connection fails closed: LSP4J on its own logs a message it cannot read (a field of the wrong type, a
 * malformed body) and goes on without it, so a dropped final {@code publishDiagnostics} would leave the verdict
 * to an earlier batch. Here every unreadable message is reported to {@link LeanClient#protocolError(String)}
 * first, which ends every check on the connection as a crash.
 */
public final class LeanProtocol {

    private LeanProtocol() {
    }

    /**
     * An LSP4J launcher whose remote proxy is a {@link LeanLanguageServer}. Call {@code startListening()} on it; the
     * reader loop runs on {@code executor} and occupies one of its threads until {@code fromServer} ends.
     */
    public static Launcher<LeanLanguageServer> connect(LeanClient client, InputStream fromServer,
                                                       OutputStream toServer, ExecutorService executor) {
        return new FailClosedBuilder(client::protocolError)
                .setLocalService(client)
                .setRemoteInterface(LeanLanguageServer.class)
                .setInput(fromServer)
                .setOutput(toServer)
                .setExecutorService(executor)
                .create();
    }

    /**
     * A one-line description of a message LSP4J could parse only in part: its method (or response id), the
     * document URI where the raw params name one, and the parser's complaint.
     */
    static String describe(Message message, List<MessageIssue> issues) {
        String what;
        Object params = null;
        if (message instanceof NotificationMessage notification) {
            what = notification.getMethod();
            params = notification.getParams();
        } else if (message instanceof RequestMessage request) {
            what = "request " + request.getMethod();
            params = request.getParams();
        } else if (message instanceof ResponseMessage response) {
            what = "response to request " + response.getId();
        } else {
            what = "message";
        }
        String uri = uriOf(params).map(u -> " for " + u).orElse("");
        String detail = issues.stream()
                .map(issue -> firstLine(issue.getCause() != null && issue.getCause().getMessage() != null
                        ? issue.getCause().getMessage() : issue.getText()))
                .collect(Collectors.joining("; "));
        return "unreadable " + what + uri + " (" + detail + ")";
    }

    /** Gson appends a troubleshooting link on further lines; a reason stays one line. */
    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("");
    }

    /** The document a raw params object is about ({@code uri} or {@code textDocument.uri}), where it says. */
    private static Optional<String> uriOf(Object params) {
        if (!(params instanceof JsonObject object)) {
            return Optional.empty();
        }
        JsonElement uri = object.get("uri");
        if (uri == null && object.get("textDocument") instanceof JsonObject document) {
            uri = document.get("uri");
        }
        return uri != null && uri.isJsonPrimitive() ? Optional.of(uri.getAsString()) : Optional.empty();
    }

    /**
     * LSP4J's launcher with the two places where it swallows unreadable input rerouted: the message-issue handler
     * (a message whose method or id was read but whose params or result were not) and the producer's
     * {@code fireError} (no method could be read, or a consumer threw). Only hooks are added; LSP4J's own
     * handling (an error answer to a bad request, failing the pending call of a bad response) still runs after.
     */
    private static final class FailClosedBuilder extends Launcher.Builder<LeanLanguageServer> {

        private final Consumer<String> onUnreadable;
        private MessageJsonHandler jsonHandler;
        private RemoteEndpoint endpoint;

        FailClosedBuilder(Consumer<String> onUnreadable) {
            this.onUnreadable = onUnreadable;
        }

        @Override
        protected RemoteEndpoint createRemoteEndpoint(MessageJsonHandler handler) {
            jsonHandler = handler;
            endpoint = super.createRemoteEndpoint(handler);
            return endpoint;
        }

        /** Replaces the producer {@code create()} built (it has not started reading) by a fail-closed one. */
        @Override
        protected ConcurrentMessageProcessor createMessageProcessor(MessageProducer unused, MessageConsumer consumer,
                                                                    LeanLanguageServer proxy) {
            MessageIssueHandler issues = (message, found) -> {
                onUnreadable.accept(describe(message, found));
                endpoint.handle(message, found);
            };
            return super.createMessageProcessor(new FailClosedProducer(input, jsonHandler, issues, onUnreadable),
                    consumer, proxy);
        }
    }

    private static final class FailClosedProducer extends StreamMessageProducer {

        private final Consumer<String> onUnreadable;

        FailClosedProducer(InputStream input, MessageJsonHandler handler, MessageIssueHandler issues,
                           Consumer<String> onUnreadable) {
            super(input, handler, issues);
            this.onUnreadable = onUnreadable;
        }

        @Override
        protected void fireError(Throwable error) {
            super.fireError(error);
            onUnreadable.accept("unreadable message (" + firstLine(error.toString()) + ")");
        }
    }
}
