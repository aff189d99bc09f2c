package dev.leanforge.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ScheduleAndOrderTest {

    @Test
    void warmUpIsLinearThenCosineReachesTheFloor() {
        LearningRateSchedule s = new LearningRateSchedule(1e-3, 10, 110, 0.1);
        assertThat(s.rate(1)).isCloseTo(1e-4, within(1e-12));
        assertThat(s.rate(10)).isCloseTo(1e-3, within(1e-12));
        assertThat(s.rate(60)).isCloseTo(1e-3 * (0.1 + 0.9 * 0.5), within(1e-12));
        assertThat(s.rate(110)).isCloseTo(1e-4, within(1e-12));
        assertThat(new LearningRateSchedule(1e-3, 0, 5, 0).rate(1)).isCloseTo(1e-3 * (0.5 + 0.5 * Math.cos(Math.PI / 5)),
                within(1e-12));
    }

    @Test
    void everyEpochVisitsEveryExampleOnceInASeededOrder() {
        DataOrder order = new DataOrder(10, 3, 42);
        assertThat(order.stepsPerEpoch()).isEqualTo(4);
        for (int epoch = 0; epoch < 3; epoch++) {
            int first = epoch * 4;
            int[] all = IntStream.range(first, first + 4).flatMap(s -> Arrays.stream(order.batch(s))).sorted()
                    .toArray();
            assertThat(all).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            assertThat(order.batch(first + 3)).hasSize(1);
        }
        assertThat(order.batch(0)).isNotEqualTo(order.batch(4));
        assertThat(new DataOrder(10, 3, 42).batch(5)).isEqualTo(order.batch(5));
        assertThat(new DataOrder(10, 3, 43).batch(0)).isNotEqualTo(order.batch(0));
    }
}
