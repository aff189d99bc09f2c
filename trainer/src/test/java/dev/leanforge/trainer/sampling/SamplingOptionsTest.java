package dev.leanforge.trainer.sampling;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A refused sampling option is named with the value given (leanforge sample prints the message as it is). */
class SamplingOptionsTest {

    @Test
    void eachBadOptionIsNamedWithItsValue() {
        assertThatThrownBy(() -> new SamplingOptions(256, -1, 1, 0, List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad sampling options: temperature must be >= 0, got -1.0");
        assertThatThrownBy(() -> new SamplingOptions(0, 1, 1.5, -3, List.of(), 0))
                .hasMessage("bad sampling options: max tokens must be >= 1, got 0; top-p must be in (0, 1], got 1.5; "
                        + "top-k must be >= 0, got -3");
    }

    @Test
    void anEmptyStopStringIsRefused() {
        assertThatThrownBy(() -> new SamplingOptions(8, 0, 1, 0, List.of("\n", ""), 0))
                .hasMessage("empty stop string");
    }
}
