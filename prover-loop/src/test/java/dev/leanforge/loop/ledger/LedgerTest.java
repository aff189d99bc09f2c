package dev.leanforge.loop.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.loop.proof.ProofTier;
import dev.leanforge.loop.store.RecordedProof;
import dev.leanforge.loop.proof.StatementHash;
import dev.leanforge.loop.proof.VerifiedProof;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {

    @TempDir
    Path tmp;

    static LedgerEntry entry(String theorem, String mathlib) {
        String statement = "theorem " + theorem + " (l : List Nat) : l ++ [] = l :=";
        return new LedgerEntry("core-list", theorem, StatementHash.of(statement), statement,
                "-- leanforge core-list: core Lean 4 only, no imports", "by simp  -- ∀ ⊢ \"quoted\"\n  exact rfl",
                "4.24.0", mathlib, List.of("propext", "Quot.sound"), ProofTier.FRESH,
                Instant.parse("2025-06-01T12:00:00.123Z"));
    }

    @Test
    void entriesRoundTripOneObjectPerLineInTheDocumentedOrder() throws IOException {
        Path file = tmp.resolve("out/ledger.jsonl");
        List<LedgerEntry> entries = List.of(entry("list_append_nil", null), entry("list_b", "a1b2c3"));

        assertThat(LedgerWriter.write(file, entries)).isEqualTo(2);

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("{\"set\":\"core-list\",\"theorem\":\"list_append_nil\",\"statementHash\":\""
                + StatementHash.of(entries.get(0).statement()) + "\",\"statement\":");
        assertThat(lines.get(0)).contains("\"mathlibRevision\":null,\"axioms\":[\"propext\",\"Quot.sound\"],"
                + "\"tier\":\"fresh\",\"recordedAt\":\"2025-06-01T12:00:00.123Z\"}");
        assertThat(LedgerReader.read(file)).isEqualTo(entries);
    }

    @Test
    void anEntryConvertsFromARecordedProofAndBack() {
        VerifiedProof proof = new VerifiedProof("core-nat", "nat_t", "-- h", "theorem nat_t : 1 = 1 :=", "rfl",
                "4.24.0", Optional.of("abc"), List.of(), ProofTier.FRESH);
        Instant at = Instant.parse("2025-01-02T03:04:05Z");

        LedgerEntry entry = LedgerEntry.of(new RecordedProof(7, proof, Optional.of(3L), at));

        assertThat(entry.statementHash()).isEqualTo(proof.statementHash());
        assertThat(entry.mathlibRevision()).isEqualTo("abc");
        assertThat(entry.recordedAt()).isEqualTo(at);
        assertThat(entry.toVerifiedProof()).isEqualTo(proof);
    }

    @Test
    void aFailingWriteLeavesTheOldLedgerUntouchedAndNoTemporaryFile() throws IOException {
        Path file = tmp.resolve("ledger.jsonl");
        LedgerWriter.write(file, List.of(entry("old", null)));
        byte[] before = Files.readAllBytes(file);
        Iterable<LedgerEntry> failingHalfWay = () -> new Iterator<>() {
            private int given;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public LedgerEntry next() {
                if (given++ == 1) {
                    throw new UncheckedIOException(new IOException("store read failed"));
                }
                return entry("new", null);
            }
        };

        assertThatThrownBy(() -> LedgerWriter.write(file, failingHalfWay)).hasMessageContaining("store read failed");

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        try (var listing = Files.list(tmp)) {
            assertThat(listing).containsExactly(file);
        }
    }

    @Test
    void aSecondWriteReplacesTheLedger() throws IOException {
        Path file = tmp.resolve("ledger.jsonl");
        LedgerWriter.write(file, List.of(entry("a", null), entry("b", null)));

        LedgerWriter.write(file, List.of(entry("c", null)));

        assertThat(LedgerReader.read(file)).extracting(LedgerEntry::theorem).containsExactly("c");
    }

    @Test
    void anEmptyLedgerIsAnEmptyFile() throws IOException {
        Path file = tmp.resolve("ledger.jsonl");

        assertThat(LedgerWriter.write(file, List.of())).isZero();

        assertThat(Files.size(file)).isZero();
        assertThat(LedgerReader.read(file)).isEmpty();
    }

    private Path ledgerWithSecondLine(String secondLine) throws IOException {
        Path file = tmp.resolve("bad.jsonl");
        LedgerWriter.write(file, List.of(entry("good", null)));
        Files.writeString(file, Files.readString(file) + secondLine + "\n");
        return file;
    }

    private String validLine() throws IOException {
        Path file = tmp.resolve("one.jsonl");
        LedgerWriter.write(file, List.of(entry("second", null)));
        return Files.readString(file).strip();
    }

    @Test
    void anUnknownFieldIsRejectedWithItsLineNumber() throws IOException {
        Path file = ledgerWithSecondLine(validLine().replace("{\"set\"", "{\"verified\":true,\"set\""));

        assertThatThrownBy(() -> LedgerReader.read(file))
                .isInstanceOf(LedgerFormatException.class)
                .hasMessageStartingWith(file + ":2: unknown field 'verified'")
                .hasMessageContaining("exactly: set, theorem, statementHash");
    }

    @Test
    void aMissingFieldIsRejectedWithItsLineNumber() throws IOException {
        Path file = ledgerWithSecondLine(validLine().replace(",\"mathlibRevision\":null", ""));

        assertThatThrownBy(() -> LedgerReader.read(file))
                .isInstanceOf(LedgerFormatException.class)
                .hasMessageStartingWith(file + ":2: missing field 'mathlibRevision'");
    }

    @Test
    void aNullRequiredFieldIsRejectedWithItsLineNumber() throws IOException {
        Path file = ledgerWithSecondLine(validLine().replace("\"leanVersion\":\"4.24.0\"", "\"leanVersion\":null"));

        assertThatThrownBy(() -> LedgerReader.read(file))
                .hasMessageStartingWith(file + ":2: leanVersion is missing");
    }

    /** A wrong hash is a false claim of a well-formed line: read, then refused by the gate on its own. */
    @Test
    void aStatementEditedAfterRecordingIsReadAndRefusedByTheGate() throws IOException {
        Path file = ledgerWithSecondLine(validLine().replace("l ++ [] = l", "l ++ [] = [] ++ l"));

        LedgerEntry edited = LedgerReader.read(file).get(1);

        assertThat(new LedgerGate(tmp.resolve("no-sets")).admit(edited)).isInstanceOfSatisfying(
                Admission.Refused.class, refused -> assertThat(refused.reason())
                        .startsWith("statementHash \"" + StatementHash.of(entry("second", null).statement()))
                        .contains("is not the SHA-256 of its statement"));
    }

    @Test
    void anUnknownTierIsRejected() throws IOException {
        Path file = ledgerWithSecondLine(validLine().replace("\"tier\":\"fresh\"", "\"tier\":\"warm\""));

        assertThatThrownBy(() -> LedgerReader.read(file))
                .hasMessageStartingWith(file + ":2: ")
                .hasMessageContaining("unknown proof tier 'warm' (known: fresh)");
    }

    @Test
    void brokenJsonABlankLineAndTwoObjectsOnOneLineAreRejected() throws IOException {
        Path broken = ledgerWithSecondLine("{\"set\": ");
        assertThatThrownBy(() -> LedgerReader.read(broken)).hasMessageStartingWith(broken + ":2: not valid JSON");

        Path blank = ledgerWithSecondLine("");
        assertThatThrownBy(() -> LedgerReader.read(blank)).hasMessageStartingWith(blank + ":2: blank line");

        Path two = ledgerWithSecondLine(validLine() + " " + validLine());
        assertThatThrownBy(() -> LedgerReader.read(two)).hasMessageStartingWith(two + ":2: ");
    }
}
