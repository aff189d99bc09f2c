package dev.leanforge.loop.bus;

/**
 * A service over the event bus could not answer: the verticle failed the request, nothing serves the address, or no
 * reply came before the backstop. Never a verdict about a proof: the request may be asked again.
 */
public class BusServiceException extends RuntimeException {

    public BusServiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
