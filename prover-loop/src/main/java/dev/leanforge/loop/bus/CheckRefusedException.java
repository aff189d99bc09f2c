package dev.leanforge.loop.bus;

/** The warm pool refused a check or goal-state request: closed or saturated ({@link BusFailure#CHECK_REFUSED}). */
public final class CheckRefusedException extends BusServiceException {

    public CheckRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
