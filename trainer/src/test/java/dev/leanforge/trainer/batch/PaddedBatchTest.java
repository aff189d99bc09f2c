package dev.leanforge.trainer.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.leanforge.trainer.device.Compute;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaddedBatchTest {

    @Test
    void shiftsPadsRightAndMasksOnlyCompletionTargets() {
        // Row 0: context 10 11 | completion 12 13; row 1: context 20 | completion 21.
        PaddedBatch b = PaddedBatch.of(List.of(new TokenSequence(new int[] {10, 11, 12, 13}, 2),
                new TokenSequence(new int[] {20, 21}, 1)), 99);
        assertThat(b.rows()).isEqualTo(2);
        assertThat(b.length()).isEqualTo(3);
        assertThat(b.inputs()).containsExactly(10, 11, 12, 20, 99, 99);
        assertThat(b.targets()).containsExactly(11, 12, 13, 21, 99, 99);
        assertThat(b.mask()).containsExactly(0f, 1f, 1f, 1f, 0f, 0f);
        assertThat(b.maskedTokens()).isEqualTo(3);
        assertThat(b.realTokens()).isEqualTo(4);
        try (NDManager manager = Compute.engine().newBaseManager()) {
            assertThat(b.scoredPositions(manager).toLongArray()).containsExactly(1, 2, 3);
            assertThat(b.scoredTargets(manager).toLongArray()).containsExactly(12, 13, 21);
            assertThat(b.rowSelector(manager).toFloatArray()).containsExactly(1f, 1f, 0f, 0f, 0f, 1f);
        }
    }

    @Test
    void aSequenceNeedsContextBeforeItsCompletion() {
        assertThatThrownBy(() -> new TokenSequence(new int[] {1, 2}, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenSequence(new int[] {1, 2}, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PaddedBatch.of(List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
