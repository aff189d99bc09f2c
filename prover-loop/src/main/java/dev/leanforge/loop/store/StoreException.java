package dev.leanforge.loop.store;

/** A store operation failed: the database could not be opened, read or written. Carries the store's file. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
