package dev.leanforge.loop.cluster;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.Optional;

/**
 * Why a worker did not run a lease; crosses the bus as the failure code of the reply ({@code Message#fail}), so a
 * refusal needs no codec of its own.
 */
public enum Refusal {
    /** Every slot of the kind asked is taken (another coordinator may be using the worker): try another. */
    BUSY(101),
    /** The worker's Lean is not the version the campaign pins: it never runs the campaign's checks. */
    VERSION_MISMATCH(102),
    /** The worker's Lean could not be started or refused the request. */
    LEAN_UNAVAILABLE(103);

    private final int code;

    Refusal(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The refusal a failed reply carries; empty for other failures (no handler, timeout, a lost connection). */
    public static Optional<Refusal> of(Throwable failure) {
        if (failure instanceof ReplyException e && e.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
            for (Refusal r : values()) {
                if (r.code == e.failureCode()) {
                    return Optional.of(r);
                }
            }
        }
        return Optional.empty();
    }
}
