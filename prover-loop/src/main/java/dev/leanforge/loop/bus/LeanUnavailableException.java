package dev.leanforge.loop.bus;

/** Lean cannot be started, or a fresh-process check could not run ({@link BusFailure#LEAN_UNAVAILABLE}). */
public final class LeanUnavailableException extends BusServiceException {

    public LeanUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
