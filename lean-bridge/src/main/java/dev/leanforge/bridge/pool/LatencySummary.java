package dev.leanforge.bridge.pool;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/** Percentiles of a latency histogram recorded in microseconds. */
public record LatencySummary(long count, Duration p50, Duration p90, Duration p99, Duration max) {

    public static final LatencySummary EMPTY =
            new LatencySummary(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    /** Summarizes {@code micros}, a histogram whose values are microseconds. */
    public static LatencySummary ofMicros(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(micros.getTotalCount(), at(micros, 50), at(micros, 90), at(micros, 99),
                Duration.ofNanos(micros.getMaxValue() * 1000));
    }

    private static Duration at(Histogram micros, double percentile) {
        return Duration.ofNanos(micros.getValueAtPercentile(percentile) * 1000);
    }
}
