package dev.leanforge.loop.store;

import dev.leanforge.loop.proof.Attempt;

import static dev.leanforge.loop.store.StoreTest.proved;
import static dev.leanforge.loop.store.StoreTest.spec;
import static dev.leanforge.loop.store.StoreTest.verified;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Store#openReadOnly}: what {@code serve} and {@code ledger export} use. It reads a store nothing can write
 * (read-only file system, immutable file or directory) and never writes: no migration, no journal change.
 */
class StoreReadOnlyTest {

    @TempDir
    Path tmp;

    /** What a reader could have changed: the bytes and time of the file, and which files sit next to it. */
    record Snapshot(byte[] bytes, FileTime modified, List<String> siblings) {
        static Snapshot of(Path file) throws IOException {
            try (Stream<Path> files = Files.list(file.getParent())) {
                return new Snapshot(Files.readAllBytes(file), Files.getLastModifiedTime(file),
                        files.map(p -> p.getFileName().toString()).sorted().toList());
            }
        }

        void assertUnchanged(Path file) throws IOException {
            Snapshot now = of(file);
            assertThat(now.bytes()).as("bytes of " + file).isEqualTo(bytes);
            assertThat(now.modified()).as("mtime of " + file).isEqualTo(modified);
        }
    }

    private Path storeWithAProof(Path file) {
        try (Store store = Store.open(file)) {
            long campaign = store.createCampaign(spec("{}")).id();
            store.addAttempt(new Attempt(campaign, "t", 0, "simp", proved(), OptionalDouble.empty()),
                    verified("t", "simp", "4.24.0"));
        }
        return file;
    }

    @Test
    void readsWithoutWritingAndRefusesToWrite() throws IOException {
        Path file = storeWithAProof(tmp.resolve("leanforge.db"));
        Snapshot before = Snapshot.of(file);

        try (Store store = Store.openReadOnly(file)) {
            assertThat(store.proofs()).singleElement().satisfies(p -> assertThat(p.proof().proof()).isEqualTo("simp"));
            assertThat(store.integrityProblems()).isEmpty();
            assertThatThrownBy(() -> store.createCampaign(spec("{}")))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining(file + " is open read-only");
        }

        before.assertUnchanged(file);
    }

    @Test
    void readsAStoreInADirectoryNothingCanWriteTo() throws Exception {
        Path file = storeWithAProof(tmp.resolve("archive/leanforge.db"));
        Snapshot before = Snapshot.of(file);

        try (Unwritable frozen = Unwritable.make(file.getParent());
             Store store = Store.openReadOnly(file)) {
            assertThat(store.proofs()).hasSize(1);
            assertThat(store.campaigns()).hasSize(1);
        }

        before.assertUnchanged(file);
        assertThat(Snapshot.of(file).siblings()).as("no -wal or -shm could be made").isEqualTo(before.siblings());
    }

    @Test
    void readsAnUnwritableStoreFile() throws Exception {
        Path file = storeWithAProof(tmp.resolve("leanforge.db"));
        Snapshot before = Snapshot.of(file);

        try (Unwritable frozen = Unwritable.make(file);
             Store store = Store.openReadOnly(file)) {
            assertThat(store.proofs()).hasSize(1);
        }

        before.assertUnchanged(file);
    }

    @Test
    void anOlderSchemaIsReportedNotMigrated() throws Exception {
        Path file = OlderStores.atVersion(tmp.resolve("old.db"), Migrations.latest() - 1);
        Snapshot before = Snapshot.of(file);

        assertThatThrownBy(() -> Store.openReadOnly(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file + " has schema version " + (Migrations.latest() - 1))
                .hasMessageContaining("this leanforge reads version " + Migrations.latest())
                .hasMessageContaining("reading never upgrades a store");

        before.assertUnchanged(file);
    }

    @Test
    void aMissingStoreIsNotCreated() {
        Path file = tmp.resolve("nowhere/leanforge.db");

        assertThatThrownBy(() -> Store.openReadOnly(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("No store at " + file);
        assertThat(file.getParent()).doesNotExist();
    }

    @Test
    void writingToAStoreWhoseFileCannotBeWrittenSaysSo() throws Exception {
        Path file = storeWithAProof(tmp.resolve("leanforge.db"));

        try (Unwritable frozen = Unwritable.make(file)) {
            assertThatThrownBy(() -> {
                try (Store store = Store.open(file)) {
                    store.createCampaign(spec("{\"again\":true}"));
                }
            }).isInstanceOf(StoreException.class)
                    .hasMessageContaining("cannot write " + file + ": the file or its directory is read-only");
        }
    }
}
