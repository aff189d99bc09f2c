package dev.leanforge.loop.star;

/** A STaR run stopped part-way (a campaign or a training failed); the same command continues it. */
public final class StarStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StarStoppedException(String message, Throwable cause) {
        super(message, cause);
    }
}
