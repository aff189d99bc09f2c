package dev.leanforge.bridge.standin;

import java.util.function.BooleanSupplier;
import org.eclipse.lsp4j.jsonrpc.Endpoint;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;

/**
 * LSP4J's endpoint with three Lean details: the watcher registration goes out with Lean's fixed request id, every
 * received message is logged ({@link ReceivedLog}), and requests after {@code shutdown} are refused with Lean's
 * error (spec §1.3).
 */
final class StandInEndpoint extends RemoteEndpoint {

    static final String WATCHER_REQUEST_ID = "register_lean_watcher";

    private final MessageConsumer out;
    private final ReceivedLog log;
    private final BooleanSupplier shutDown;

    StandInEndpoint(MessageConsumer out, Endpoint local, ReceivedLog log, BooleanSupplier shutDown) {
        super(out, local);
        this.out = out;
        this.log = log;
        this.shutDown = shutDown;
    }

    @Override
    public void consume(Message message) {
        log.received(message, getJsonHandler());
        if (message instanceof RequestMessage request && shutDown.getAsBoolean()) {
            out.consume(createErrorResponseMessage(request, new ResponseError(ResponseErrorCode.InvalidRequest,
                    "Request received after 'shutdown' request.", null)));
            return;
        }
        super.consume(message);
    }

    @Override
    protected RequestMessage createRequestMessage(String method, Object parameter) {
        RequestMessage request = super.createRequestMessage(method, parameter);
        if ("client/registerCapability".equals(method)) {
            request.setId(WATCHER_REQUEST_ID);
        }
        return request;
    }
}
