package dev.leanforge.bridge.pool;

/** No worker is running because starting the server failed; the cause is the factory's error. */
public final class WorkerStartException extends RuntimeException {

    public WorkerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
