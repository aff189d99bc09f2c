package dev.leanforge.loop.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several openers of one new store at once (a resumed run and a reader, say) all see a complete schema. */
class MigrationsRaceTest {

    @TempDir
    Path tmp;

    @Test
    void storesOpenedTogetherMigrateOnceAndAllSucceed() throws Exception {
        for (int round = 0; round < 40; round++) {
            Path file = tmp.resolve("race-" + round + ".db");
            int openers = 8;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(openers);
            try {
                List<Future<Integer>> versions = new ArrayList<>();
                for (int k = 0; k < openers; k++) {
                    versions.add(pool.submit(() -> {
                        start.await();
                        try (Store store = Store.open(file)) {
                            return store.schemaVersion();
                        }
                    }));
                }
                start.countDown();
                for (Future<Integer> version : versions) {
                    assertThat(version.get(60, TimeUnit.SECONDS)).isEqualTo(Migrations.latest());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
