package dev.leanforge.loop.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The text a failure reply carries, and the codes a client reads back. */
class BusFailureTest {

    @Test
    void theReasonIsTheFirstMessageUnderTheFuturesWrappers() {
        Throwable cause = new IllegalStateException("pool closed");

        assertThat(BusFailure.reasonOf(new CompletionException(cause))).isEqualTo("pool closed");
        assertThat(BusFailure.reasonOf(new IllegalArgumentException("bad", cause))).isEqualTo("bad");
        assertThat(BusFailure.reasonOf(new IllegalStateException())).isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void everyCodeNamesOneFailure() {
        for (BusFailure failure : BusFailure.values()) {
            assertThat(BusFailure.of(failure.code())).contains(failure);
        }
        assertThat(BusFailure.of(0)).isEmpty();
    }
}
