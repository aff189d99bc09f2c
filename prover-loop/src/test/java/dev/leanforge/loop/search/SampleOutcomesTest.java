package dev.leanforge.loop.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.loop.metrics.PassAtK;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class SampleOutcomesTest {

    private static SampleOutcomes of(boolean stops, Boolean... verified) {
        return new SampleOutcomes(List.of(verified), stops);
    }

    @Test
    void withoutEarlyStoppingItIsTheUnbiasedEstimatorOverAllSamples() {
        SampleOutcomes s = of(false, true, false, false, true, false, false, false, false);

        assertThat(s.passAt(1).getAsDouble()).isEqualTo(PassAtK.estimate(8, 2, 1)).isEqualTo(0.25);
        assertThat(s.passAt(4).getAsDouble()).isEqualTo(PassAtK.estimate(8, 2, 4));
        assertThat(s.passAt(8).getAsDouble()).isEqualTo(1.0);
        assertThat(of(false, false, false).passAt(2).getAsDouble()).isZero();
    }

    @Test
    void withEarlyStoppingOnlyTheFirstKSamplesCount() {
        // Proved at the third sample: the first sample alone failed, the first four contain the proof.
        SampleOutcomes s = of(true, false, false, true);

        assertThat(s.passAt(1)).isEqualTo(OptionalDouble.of(0.0));
        assertThat(s.passAt(2)).isEqualTo(OptionalDouble.of(0.0));
        assertThat(s.passAt(3)).isEqualTo(OptionalDouble.of(1.0));
        assertThat(s.passAt(8)).as("solved within fewer than 8 samples").isEqualTo(OptionalDouble.of(1.0));
        assertThat(of(true, true).passAt(1)).isEqualTo(OptionalDouble.of(1.0));
    }

    @Test
    void tooFewDecidedSamplesWithoutAProofSayNothing() {
        assertThat(of(true, false).passAt(2)).isEmpty();
        assertThat(of(false, false).passAt(2)).isEmpty();
        assertThat(SampleOutcomes.none().passAt(1)).isEmpty();
        assertThat(of(false, true).passAt(4)).as("a proof among fewer than k").isEqualTo(OptionalDouble.of(1.0));
    }
}
