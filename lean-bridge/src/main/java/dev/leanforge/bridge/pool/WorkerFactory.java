package dev.leanforge.bridge.pool;

/** Starts a new worker; the pool calls it from its own threads, so it may block while the server starts. */
@FunctionalInterface
public interface WorkerFactory {

    /** A started, initialized worker ready for its first check. Throws when the server cannot be started. */
    PoolWorker start() throws Exception;
}
