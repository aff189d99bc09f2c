package dev.leanforge.bridge.lsp;

import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;

/** JSON-RPC error codes Lean answers with (spec §2) and how to find them in a failed future. */
public final class LeanErrors {

    /** The document changed or was closed while the request waited ("File changed.", terminated worker). */
    public static final int CONTENT_MODIFIED = -32801;
    public static final int REQUEST_CANCELLED = -32800;
    /** The file worker exited with code 1 ("see stderr for exception"). */
    public static final int WORKER_EXITED = -32901;
    /** The file worker died another way (stack overflow, signal). */
    public static final int WORKER_CRASHED = -32902;

    private LeanErrors() {
    }

    /** The JSON-RPC error behind {@code failure}, unwrapping the usual future wrappers. */
    public static Optional<ResponseError> responseError(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof ResponseErrorException e ? Optional.ofNullable(e.getResponseError()) : Optional.empty();
    }

    public static boolean isWorkerCrash(ResponseError error) {
        return error.getCode() == WORKER_EXITED || error.getCode() == WORKER_CRASHED;
    }
}
