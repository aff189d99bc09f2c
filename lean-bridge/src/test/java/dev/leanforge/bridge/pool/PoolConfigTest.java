package dev.leanforge.bridge.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PoolConfigTest {

    @Test
    void defaultsFollowTheWorkerCount() {
        PoolConfig config = PoolConfig.builder().workers(3).build();
        assertThat(config.workers()).isEqualTo(3);
        assertThat(config.queueCapacity()).isEqualTo(12);
        assertThat(config.affinityBypassLimit()).isEqualTo(6);
        assertThat(config.checkTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.recycleAfterChecks()).isEqualTo(500);
        assertThat(config.memoryLimitBytes()).isEqualTo(8 * PoolConfig.GIB);
        assertThat(config.memoryCheckInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.retryCrashOnce()).isTrue();
    }

    @Test
    void defaultWorkersIsTheNumberOfCores() {
        assertThat(PoolConfig.builder().build().workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void anExplicitQueueCapacityWins() {
        assertThat(PoolConfig.builder().workers(3).queueCapacity(0).build().queueCapacity()).isZero();
    }

    @Test
    void badSettingsAreNamedInTheMessage() {
        assertThatThrownBy(() -> PoolConfig.builder().workers(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid pool config: workers must be at least 1 (got 0)");
        assertThatThrownBy(() -> PoolConfig.builder().queueCapacity(-1).build())
                .hasMessageContaining("queueCapacity must be 0 or more (got -1)");
        assertThatThrownBy(() -> PoolConfig.builder().checkTimeout(Duration.ZERO).build())
                .hasMessageContaining("checkTimeout must be positive");
        assertThatThrownBy(() -> PoolConfig.builder().recycleAfterChecks(0).build())
                .hasMessageContaining("recycleAfterChecks must be at least 1");
        assertThatThrownBy(() -> PoolConfig.builder().memoryLimitBytes(0).build())
                .hasMessageContaining("memoryLimitBytes must be positive");
        assertThatThrownBy(() -> PoolConfig.builder().closeGrace(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("closeGrace must not be negative");
    }

    @Test
    void aPoolHasAtMostFourWorkersPerCoreAndAChecksLimitIsAtMostADay() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(PoolConfig.builder().workers(4 * cores).build().workers()).isEqualTo(4 * cores);

        assertThatThrownBy(() -> PoolConfig.builder().workers(100_000).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid pool config: workers must be at most " + 4 * cores + " (4 per core, each one a "
                        + "Lean server) (got 100000)");
        assertThat(PoolConfig.builder().checkTimeout(Duration.ofDays(1)).build().checkTimeout())
                .isEqualTo(Duration.ofDays(1));
        assertThatThrownBy(() -> PoolConfig.builder().checkTimeout(Duration.ofSeconds(Long.MAX_VALUE)).build())
                .hasMessageContaining("checkTimeout must be at most PT24H");
    }
}
