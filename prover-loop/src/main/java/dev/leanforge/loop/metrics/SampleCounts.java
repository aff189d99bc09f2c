package dev.leanforge.loop.metrics;

/**
 * One theorem's samples: {@code samples} attempts were checked and {@code correct} of them verified. Crashed and
 * timed-out checks say nothing about the proof; the caller leaves them out of both counts.
 */
public record SampleCounts(int samples, int correct) {
    public SampleCounts {
        if (samples < 0 || correct < 0 || correct > samples) {
            throw new IllegalArgumentException("need 0 <= correct <= samples, got correct=" + correct + ", samples="
                    + samples);
        }
    }
}
