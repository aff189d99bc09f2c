package dev.leanforge.loop.store;

import dev.leanforge.loop.proof.Attempt;

import static dev.leanforge.loop.store.StoreTest.proved;
import static dev.leanforge.loop.store.StoreTest.spec;
import static dev.leanforge.loop.store.StoreTest.verified;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, made real for SQLite with {@code PRAGMA max_page_count}: the database may not grow past its current
 * size, so the next insert that needs a page fails with SQLite's own {@code SQLITE_FULL}, exactly as on a full disk.
 */
class StoreDiskFullTest {

    @TempDir
    Path tmp;

    @Test
    void aFullDiskSaysSoRollsTheStepBackAndTheSameStepSucceedsOnceThereIsRoom() {
        Path file = tmp.resolve("leanforge.db");
        try (Store store = Store.open(file)) {
            long campaign = store.createCampaign(spec("{}")).id();
            store.pragma("max_page_count = " + store.pragma("page_count"));
            String bigProof = "simp ".repeat(2_000);

            StoreException full = null;
            int stored = 0;
            for (; stored < 100 && full == null; stored++) {
                Attempt attempt = new Attempt(campaign, "t" + stored, 0, bigProof, proved(), OptionalDouble.empty());
                try {
                    store.addAttempt(attempt, verified("t" + stored, bigProof, "4.24.0"));
                } catch (StoreException e) {
                    full = e;
                }
            }
            int failedAt = stored - 1;

            assertThat(full).as("the store hit its size limit").isNotNull();
            assertThat(full.getMessage()).isEqualTo("the disk holding " + file
                    + " is full: free space and run the same command to resume (the step that failed was rolled "
                    + "back; everything stored before it is kept)");
            assertThat(store.finishedAttempts(campaign)).as("the failed step left nothing behind")
                    .hasSize(failedAt).noneMatch(key -> key.theorem().equals("t" + failedAt));
            assertThat(store.proofCount()).isEqualTo(failedAt);
            assertThat(store.integrityProblems()).isEmpty();

            store.pragma("max_page_count = 1000000");
            store.addAttempt(new Attempt(campaign, "t" + failedAt, 0, bigProof, proved(), OptionalDouble.empty()),
                    verified("t" + failedAt, bigProof, "4.24.0"));
            assertThat(store.finishedAttempts(campaign)).hasSize(failedAt + 1);
        }
    }
}
