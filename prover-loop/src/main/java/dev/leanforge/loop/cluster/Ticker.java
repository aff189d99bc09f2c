package dev.leanforge.loop.cluster;

/** A monotonic clock in nanoseconds; tests drive a fake one instead of sleeping. */
@FunctionalInterface
public interface Ticker {

    /** The system's monotonic clock. */
    Ticker SYSTEM = System::nanoTime;

    long nanos();
}
