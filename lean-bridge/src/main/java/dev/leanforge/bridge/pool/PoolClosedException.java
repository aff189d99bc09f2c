package dev.leanforge.bridge.pool;

import java.util.concurrent.CancellationException;

/** The pool was closed before this check got a verdict; the check was not (or not completely) run. */
public final class PoolClosedException extends CancellationException {

    public PoolClosedException(String message) {
        super(message);
    }
}
