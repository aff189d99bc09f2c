package dev.leanforge.loop.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.loop.proof.ProofTier;
import dev.leanforge.loop.proof.StatementHash;
import dev.leanforge.loop.theorems.InvalidInputException;
import dev.leanforge.loop.theorems.SetReader;
import dev.leanforge.loop.theorems.Theorem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LedgerGate} without Lean; the attacks themselves are in {@code LedgerVerifyCommandTest}. */
class LedgerGateTest {

    private static final Path REPO_THEOREMS = Path.of("..", "theorems");

    @TempDir
    Path tmp;

    private static LedgerEntry entry(String set, String theorem, String header, String statement) {
        return new LedgerEntry(set, theorem, StatementHash.of(statement), statement, header, "by decide", "4.24.0",
                null, List.of(), ProofTier.FRESH, Instant.parse("2026-11-26T12:00:00Z"));
    }

    /** No false refusals: every theorem of the repository's sets, recorded as the store records it, is admitted. */
    @Test
    void everyTheoremOfTheRepositorysSetsIsAdmittedAsTheSetsOwn() throws IOException, InvalidInputException {
        LedgerGate gate = new LedgerGate(REPO_THEOREMS);
        int seen = 0;
        for (Path dir : SetReader.setDirs(REPO_THEOREMS)) {
            for (Theorem t : SetReader.read(dir).theorems()) {
                Admission admission = gate.admit(entry(t.set(), t.name(), t.header(), t.statement()));
                assertThat(admission).as(t.set() + "/" + t.name()).isInstanceOfSatisfying(Admission.Admitted.class,
                        admitted -> {
                            assertThat(admitted.task().theoremName()).isEqualTo(t.name());
                            assertThat(admitted.source()).isInstanceOf(Admission.Source.ThisCheckout.class);
                        });
                seen++;
            }
        }
        assertThat(seen).isGreaterThan(10);
    }

    /** The header's namespaces qualify the declared name, as they do for the sets and for #print axioms. */
    @Test
    void theDeclaredNameIsQualifiedByTheHeadersNamespace() {
        LedgerGate gate = new LedgerGate(tmp.resolve("no-sets"));
        String header = "namespace Foo";
        String statement = "theorem bar : 1 = 1 :=";

        assertThat(gate.admit(entry("elsewhere", "Foo.bar", header, statement)))
                .isInstanceOfSatisfying(Admission.Admitted.class, admitted -> {
                    assertThat(admitted.task().theoremName()).isEqualTo("Foo.bar");
                    assertThat(admitted.source()).isEqualTo(new Admission.Source.LedgerClaim(tmp.resolve("no-sets")));
                });
        assertThat(gate.admit(entry("elsewhere", "bar", header, statement)))
                .isInstanceOfSatisfying(Admission.Refused.class, refused -> assertThat(refused.reason())
                        .contains("declares Foo.bar, but the theorem field says bar"));
    }

    /** A set folder of this checkout that does not read is not a reason to take the ledger's header instead. */
    @Test
    void anInvalidSetOfThisCheckoutRefusesItsEntries() throws IOException {
        Path set = Files.createDirectories(tmp.resolve("theorems/broken"));
        Files.writeString(set.resolve("manifest.json"), "{}");

        Admission admission = new LedgerGate(tmp.resolve("theorems"))
                .admit(entry("broken", "a", "", "theorem a : 1 = 1 :="));

        assertThat(admission).isInstanceOfSatisfying(Admission.Refused.class, refused -> assertThat(refused.reason())
                .contains("this checkout's set", "is invalid"));
    }

    @Test
    void identifiersAreSingleLeanNames() {
        assertThat(List.of("a", "Foo.bar", "nat_add_comm'", "«my_thm»", "α₁", "Nat.«x»"))
                .allMatch(LedgerGate::isIdentifier);
        assertThat(List.of("", "a b", "a\n#eval 1", "«a b»", "a.", ".a", "a#b", "(a)", "a--b", "1a", "a:=b"))
                .noneMatch(LedgerGate::isIdentifier);
    }
}
