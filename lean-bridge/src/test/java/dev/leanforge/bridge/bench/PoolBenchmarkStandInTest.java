package dev.leanforge.bridge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.bridge.pool.PoolConfig;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.bridge.verdict.Verdict.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny run of the benchmark over the stand-in (a test double): it runs end to end; its numbers are not checked. */
class PoolBenchmarkStandInTest {

    @TempDir
    Path tmp;

    @Test
    void sweepsWorkerCountsAndComparesWarmWithFresh() {
        Path rules = StandInRules.create().rule(r -> r.match(".").axioms()).writeTo(tmp);
        ServerCommand server = ServerCommand.shell(StandInCommand.forRules(rules), tmp);
        PoolBenchmark.Options options = new PoolBenchmark.Options(server, BenchTasks.generated(4), List.of(1, 2),
                6, 2, Duration.ofSeconds(30), true, 2);

        PoolBenchmark.Result result = PoolBenchmark.run(options);

        assertThat(result.rows()).extracting(PoolBenchmark.Row::workers).containsExactly(1, 2);
        assertThat(result.rows()).allSatisfy(row -> {
            assertThat(row.checks()).isEqualTo(6);
            assertThat(row.verdicts().get(Status.PROVED)).isEqualTo(6);
            assertThat(row.errors()).isZero();
            assertThat(row.latency().count()).isEqualTo(6);
        });
        assertThat(result.fresh()).hasValueSatisfying(fresh -> {
            assertThat(fresh.checks()).isEqualTo(2);
            assertThat(fresh.disagreements()).isZero();
            assertThat(fresh.fresh().count()).isEqualTo(2);
        });
        assertThat(result.table()).contains("checks/s").contains("warm vs fresh process");
    }

    @Test
    void optionsNameWhatIsWrong() {
        ServerCommand server = ServerCommand.shell("true", tmp);
        assertThatThrownBy(() -> new PoolBenchmark.Options(server, BenchTasks.generated(1), List.of(0), 1, 0,
                Duration.ofSeconds(1), false, 1)).hasMessage("worker counts must be at least 1, got 0");
        assertThatThrownBy(() -> new PoolBenchmark.Options(server, List.of(), List.of(1), 1, 0,
                Duration.ofSeconds(1), false, 1)).hasMessage("no tasks to check");
        assertThatThrownBy(() -> new PoolBenchmark.Options(server, BenchTasks.generated(1), List.of(1, 100_000), 1, 0,
                Duration.ofSeconds(1), false, 1)).hasMessage("worker counts must be at most "
                + PoolConfig.maxWorkers() + " (4 per core), got 100000");
        assertThatThrownBy(() -> new PoolBenchmark.Options(server, BenchTasks.generated(1), List.of(1), 1, 0,
                Duration.ofMillis(Long.MAX_VALUE), false, 1)).hasMessageStartingWith("timeout must be at most PT24H");
    }
}
