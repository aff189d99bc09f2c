package dev.leanforge.trainer.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** The clipped surrogate on hand-made per-token numbers, checked against values worked out by hand. */
class GrpoLossTest {

    @Test
    void clipsEachSideByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            // Four tokens, old log-prob 0 each; ratios 1.5, 0.5, 0.5, 1.5; advantages +1, +1, −1, −1.
            float ln15 = (float) Math.log(1.5);
            float ln05 = (float) Math.log(0.5);
            NDArray logp = m.create(new float[] {ln15, ln05, ln05, ln15});
            NDArray old = m.create(new float[] {0, 0, 0, 0});
            NDArray adv = m.create(new float[] {1, 1, -1, -1});
            GrpoLoss.Terms t = GrpoLoss.of(logp, old, adv, null, new GrpoOptions(0.2, 0.3, 0));
            // min(1.5, 1.3) = 1.3 (clipped); min(0.5, 0.8) = 0.5; min(−0.5, −0.8) = −0.8 (clipped);
            // min(−1.5, −1.3) = −1.5. loss = −(1.3 + 0.5 − 0.8 − 1.5) / 4 = 0.125; clipped 2 of 4.
            assertThat(t.loss().getFloat()).isCloseTo(0.125f, within(1e-6f));
            assertThat(t.clipFraction().getFloat()).isEqualTo(0.5f);
            assertThat(t.kl().getFloat()).isZero();

            // Symmetric clipping at 0.2 instead: the first token's term is 1.2, loss −(1.2 + 0.5 − 0.8 − 1.5)/4.
            GrpoLoss.Terms sym = GrpoLoss.of(logp, old, adv, null, new GrpoOptions(0.2, 0.2, 0));
            assertThat(sym.loss().getFloat()).isCloseTo(0.15f, within(1e-6f));
        }
    }

    @Test
    void k3PenaltyByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            // Ratio 1, advantage 0: only the KL term. log π_ref − log π = ln 2 and 0:
            // k3 = 2 − ln 2 − 1 = 0.306853 and 0; mean 0.153426; β 0.5 → loss 0.5 · 0.306853 / 2 = 0.076713.
            NDArray logp = m.create(new float[] {-1, -2});
            NDArray old = m.create(new float[] {-1, -2});
            NDArray adv = m.create(new float[] {0, 0});
            NDArray ref = m.create(new float[] {(float) (-1 + Math.log(2)), -2});
            GrpoLoss.Terms t = GrpoLoss.of(logp, old, adv, ref, new GrpoOptions(0.2, 0.3, 0.5));
            assertThat(t.kl().getFloat()).isCloseTo(0.153426f, within(1e-5f));
            assertThat(t.loss().getFloat()).isCloseTo(0.076713f, within(1e-5f));
            assertThat(t.clipFraction().getFloat()).isZero();
            // β 0: the KL is reported but not in the loss.
            assertThat(GrpoLoss.of(logp, old, adv, ref, new GrpoOptions(0.2, 0.3, 0)).loss().getFloat()).isZero();
        }
    }
}
