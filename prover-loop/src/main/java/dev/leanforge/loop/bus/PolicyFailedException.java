package dev.leanforge.loop.bus;

/** The policy threw while completing a prompt ({@link BusFailure#POLICY_FAILED}). */
public final class PolicyFailedException extends BusServiceException {

    public PolicyFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
