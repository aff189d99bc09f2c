package dev.leanforge.loop.search;

import dev.leanforge.loop.metrics.PassAtK;
import java.util.List;
import java.util.OptionalDouble;

/**
 * One theorem's samples for pass@k: whether each decided sample verified, in the order they were drawn (attempt
 * index), crashed and timed-out ones left out.
 *
 * @param verified           one entry per decided sample
 * @param stopsAtFirstProof  whether drawing stopped at the first verified sample; then only a prefix whose length
 *                           does not depend on the outcomes is an unbiased sample (see {@link #passAt(int)})
 */
public record SampleOutcomes(List<Boolean> verified, boolean stopsAtFirstProof) {

    public SampleOutcomes {
        verified = List.copyOf(verified);
    }

    public static SampleOutcomes none() {
        return new SampleOutcomes(List.of(), false);
    }

    public int size() {
        return verified.size();
    }

    public int correct() {
        return (int) verified.stream().filter(v -> v).count();
    }

    /**
     * This theorem's estimate of pass@k, or empty when its samples cannot tell.
     *
     * <p>Without early stopping, the unbiased estimator {@link PassAtK#estimate} over all {@code n >= k} samples.
     * With early stopping the sample count depends on the outcomes, and that estimator over them is biased (a
     * theorem proved at the 4th sample would give pass@1 = 1/4); the unbiased estimate is then whether one of the
     * first {@code k} samples verified: 1 if the first verified sample is among them, 0 if {@code k} samples were
     * drawn and none of the first {@code k} verified. In both modes, fewer than {@code k} samples with a verified one
     * among them give 1 (the first {@code k} draws would contain it), and fewer than {@code k} without one give
     * nothing: that theorem is left out of the mean.
     */
    public OptionalDouble passAt(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        int n = size();
        if (stopsAtFirstProof) {
            int firstVerified = verified.indexOf(Boolean.TRUE) + 1; // 1-based; 0 when none
            if (firstVerified > 0 && firstVerified <= k) {
                return OptionalDouble.of(1.0);
            }
            return n >= k ? OptionalDouble.of(0.0) : OptionalDouble.empty();
        }
        if (n >= k) {
            return OptionalDouble.of(PassAtK.estimate(n, correct(), k));
        }
        return correct() > 0 ? OptionalDouble.of(1.0) : OptionalDouble.empty();
    }
}
