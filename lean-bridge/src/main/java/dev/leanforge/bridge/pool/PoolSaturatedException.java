package dev.leanforge.bridge.pool;

import java.util.concurrent.RejectedExecutionException;

/**
 * Backpressure: every worker is busy and the queue is full. Nothing was started; the caller may retry later
 * (e.g. on a timer), shed the task, or lower its concurrency.
 */
public final class PoolSaturatedException extends RejectedExecutionException {

    public PoolSaturatedException(int workers, int queueCapacity) {
        super("checker pool saturated: " + workers + " workers busy and " + queueCapacity
                + " checks queued; retry later or raise the queue capacity");
    }
}
