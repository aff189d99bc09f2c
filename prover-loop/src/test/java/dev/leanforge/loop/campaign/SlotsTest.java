package dev.leanforge.loop.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

class SlotsTest {

    @Test
    void waitersGetFreedSlotsFirstComeFirstServed() {
        Slots slots = new Slots(2);
        Future<Void> a = slots.acquire();
        Future<Void> b = slots.acquire();
        Future<Void> c = slots.acquire();
        Future<Void> d = slots.acquire();

        assertThat(a.succeeded() && b.succeeded()).isTrue();
        assertThat(c.isComplete() || d.isComplete()).isFalse();
        slots.release();
        assertThat(c.succeeded()).isTrue();
        assertThat(d.isComplete()).isFalse();
        slots.release();
        slots.release();
        slots.release();
        assertThat(d.succeeded()).isTrue();
        assertThat(slots.used()).isZero();
        assertThatThrownBy(slots::release).isInstanceOf(IllegalStateException.class);
    }
}
