package dev.leanforge.loop.campaign;

/**
 * A monotonic time source in nanoseconds, as {@link System#nanoTime()} is: only differences between two reads mean
 * anything. Modelled on Caffeine's {@code Ticker}. A campaign reads its wall time and its store times through one, so
 * a test can pass a fake that advances exactly as far as it says and never sleep.
 */
@FunctionalInterface
public interface Ticker {

    /** Nanoseconds since some fixed but arbitrary origin. */
    long read();

    /** The JVM's monotonic clock, {@link System#nanoTime()}. */
    static Ticker system() {
        return System::nanoTime;
    }
}
