package dev.leanforge.loop.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassAtKTest {

    @Test
    void handComputedValues() {
        assertThat(PassAtK.estimate(10, 1, 1)).isCloseTo(0.1, within(1e-12));
        assertThat(PassAtK.estimate(10, 0, 5)).isZero();
        assertThat(PassAtK.estimate(5, 3, 3)).as("n - c < k").isEqualTo(1.0);
        assertThat(PassAtK.estimate(4, 2, 2)).as("1 - C(2,2)/C(4,2) = 5/6").isCloseTo(5.0 / 6, within(1e-12));
        assertThat(PassAtK.estimate(10, 2, 5)).as("1 - C(8,5)/C(10,5) = 1 - 56/252").isCloseTo(7.0 / 9, within(1e-12));
        assertThat(PassAtK.estimate(8, 8, 8)).isEqualTo(1.0);
        assertThat(PassAtK.estimate(20, 4, 1)).as("pass@1 is the fraction correct").isCloseTo(0.2, within(1e-12));
    }

    @Test
    void agreesWithExactBinomialsWhereFactorialsWouldOverflow() {
        for (int n : new int[] {50, 200, 1000}) {
            for (int c : new int[] {0, 1, 3, n / 10, n / 2, n - 1}) {
                for (int k : new int[] {1, 10, 100}) {
                    if (k > n) {
                        continue;
                    }
                    assertThat(PassAtK.estimate(n, c, k)).as("n=%d c=%d k=%d", n, c, k)
                            .isCloseTo(exact(n, c, k), within(1e-12));
                }
            }
        }
    }

    @Test
    void theMeanIsOverTheoremsEachWithItsOwnSampleCount() {
        double mean = PassAtK.mean(List.of(new SampleCounts(10, 1), new SampleCounts(4, 2), new SampleCounts(3, 0)), 1);

        assertThat(mean).isCloseTo((0.1 + 0.5 + 0.0) / 3, within(1e-12));
    }

    @Test
    void undefinedCasesAreRefused() {
        assertThatThrownBy(() -> PassAtK.estimate(4, 1, 5)).hasMessageContaining("1 <= k <= n");
        assertThatThrownBy(() -> PassAtK.estimate(4, 1, 0)).hasMessageContaining("1 <= k <= n");
        assertThatThrownBy(() -> PassAtK.estimate(4, 5, 1)).hasMessageContaining("0 <= c <= n");
        assertThatThrownBy(() -> PassAtK.mean(List.of(), 1)).hasMessageContaining("no theorems");
        assertThatThrownBy(() -> new SampleCounts(2, 3)).hasMessageContaining("correct <= samples");
    }

    private static double exact(int n, int c, int k) {
        BigInteger numerator = binomial(n - c, k);
        BigInteger denominator = binomial(n, k);
        return BigDecimal.ONE.subtract(new BigDecimal(numerator).divide(new BigDecimal(denominator),
                MathContext.DECIMAL128)).doubleValue();
    }

    private static BigInteger binomial(int n, int k) {
        if (k > n) {
            return BigInteger.ZERO;
        }
        BigInteger result = BigInteger.ONE;
        for (int i = 0; i < k; i++) {
            result = result.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        }
        return result;
    }
}
