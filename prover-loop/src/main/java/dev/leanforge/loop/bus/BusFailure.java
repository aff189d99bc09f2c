package dev.leanforge.loop.bus;

import io.vertx.core.eventbus.Message;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * Why a service verticle failed a request, as the failure code of its reply: the verticles fail with it, the clients
 * read it back into a {@link BusServiceException}. Codes are distinct across services so a code alone names the
 * failure, on whichever address it came from.
 */
public enum BusFailure {
    /** Lean cannot be started at all, or a fresh-process check could not run. */
    LEAN_UNAVAILABLE(1),
    /** The pool refused a check or goal-state request (closed, saturated). */
    CHECK_REFUSED(2),
    /** The policy threw. */
    POLICY_FAILED(3);

    private final int code;

    BusFailure(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Fails {@code message} with this failure's code and {@code reason}, the text the client's exception carries. */
    public void fail(Message<?> message, String reason) {
        message.fail(code, reason);
    }

    /**
     * The message a failure reply carries for {@code e}: the first meaningful message under the wrappers the
     * bridge's futures add ({@code CompletionException}, causes without a message).
     */
    public static String reasonOf(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root
                && (root instanceof CompletionException || root.getMessage() == null)) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }

    /** The failure with {@code code}; empty for a code no leanforge verticle sends. */
    public static Optional<BusFailure> of(int code) {
        return Arrays.stream(values()).filter(f -> f.code == code).findFirst();
    }

    /** The exception a client raises for this failure, with the verticle's {@code reason} as its message. */
    BusServiceException exception(String reason, Throwable cause) {
        return switch (this) {
            case LEAN_UNAVAILABLE -> new LeanUnavailableException(reason, cause);
            case CHECK_REFUSED -> new CheckRefusedException(reason, cause);
            case POLICY_FAILED -> new PolicyFailedException(reason, cause);
        };
    }
}
