package dev.leanforge.trainer.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GrpoAdvantagesTest {

    @Test
    void aGroupOfFourWithTwoProofsByHand() {
        double[] rewards = {1, 0, 0, 1};
        // mean 0.5: r − mean.
        assertThat(Advantages.of(rewards, false)).containsExactly(0.5, -0.5, -0.5, 0.5);
        // Sample std (n − 1): sqrt(4 · 0.25 / 3) = 0.57735…; (r − mean) / (std + 1e-4).
        double std = Math.sqrt(1.0 / 3);
        double[] normalized = Advantages.of(rewards, true);
        assertThat(normalized[0]).isCloseTo(0.5 / (std + 1e-4), within(1e-12));
        assertThat(normalized[0]).isCloseTo(0.86588, within(1e-5));
        assertThat(normalized[1]).isCloseTo(-0.86588, within(1e-5));
        assertThat(Advantages.informative(rewards)).isTrue();
    }

    @Test
    void oneProofOfEight() {
        double[] rewards = {0, 0, 0, 1, 0, 0, 0, 0};
        double[] a = Advantages.of(rewards, false);
        assertThat(a[3]).isEqualTo(0.875);
        assertThat(a[0]).isEqualTo(-0.125);
    }

    @Test
    void equalRewardsCarryNoSignal() {
        assertThat(Advantages.informative(new double[] {1, 1, 1})).isFalse();
        assertThat(Advantages.informative(new double[] {0, 0})).isFalse();
        assertThat(Advantages.of(new double[] {1, 1, 1}, false)).containsOnly(0.0);
        assertThat(Advantages.of(new double[] {0, 0, 0}, true)).containsOnly(0.0);
    }
}
