package dev.leanforge.loop.metrics;

import java.util.Collection;

/**
 * The unbiased pass@k estimator (Chen et al. 2021, "Evaluating Large Language Models Trained on Code"): with
 * {@code n} samples of which {@code c} are correct, the probability that {@code k} of them drawn without
 * replacement contain a correct one, {@code 1 - C(n-c, k) / C(n, k)}.
 */
public final class PassAtK {

    private PassAtK() {
    }

    /**
     * pass@k for one theorem. The binomial ratio is computed as the product
     * {@code C(n-c, k) / C(n, k) = ∏_{i=n-c+1}^{n} (1 - k/i)}: no factorials, no overflow, every factor in [0, 1).
     *
     * @throws IllegalArgumentException unless {@code 1 <= k <= n} and {@code 0 <= c <= n}
     */
    public static double estimate(int n, int c, int k) {
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("pass@k needs 1 <= k <= n samples, got k=" + k + ", n=" + n);
        }
        if (c < 0 || c > n) {
            throw new IllegalArgumentException("need 0 <= c <= n, got c=" + c + ", n=" + n);
        }
        if (n - c < k) {
            return 1.0; // every draw of k samples contains a correct one
        }
        double allWrong = 1.0;
        for (int i = n - c + 1; i <= n; i++) {
            allWrong *= 1.0 - (double) k / i;
        }
        return 1.0 - allWrong;
    }

    /** pass@k averaged over theorems, each with its own sample count. */
    public static double mean(Collection<SampleCounts> theorems, int k) {
        if (theorems.isEmpty()) {
            throw new IllegalArgumentException("pass@k over no theorems is undefined");
        }
        double sum = 0;
        for (SampleCounts counts : theorems) {
            sum += estimate(counts.samples(), counts.correct(), k);
        }
        return sum / theorems.size();
    }
}
