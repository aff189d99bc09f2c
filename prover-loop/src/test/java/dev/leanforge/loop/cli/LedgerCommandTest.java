package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.ledger.LedgerEntry;
import dev.leanforge.loop.ledger.LedgerReader;
import dev.leanforge.loop.proof.Attempt;
import dev.leanforge.loop.proof.CampaignSpec;
import dev.leanforge.loop.store.OlderStores;
import dev.leanforge.loop.store.Store;
import dev.leanforge.loop.store.Unwritable;
import dev.leanforge.loop.proof.VerifiedProof;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LedgerCommandTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int leanforge(String... args) {
        return LeanforgeCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    private static VerifiedProof proof(String theorem, String proofText) {
        Verdict.Proved proved = new Verdict.Proved(List.of("propext"), List.of(), Duration.ofMillis(900));
        CheckTask task = new CheckTask("-- header", theorem, "theorem " + theorem + " : True :=", proofText);
        return VerifiedProof.freshlyChecked("core-logic", task, proved, "4.24.0", Optional.empty());
    }

    @Test
    void exportWritesEveryRecordedProofOfTheStore() throws IOException {
        Path db = tmp.resolve("runs/leanforge.db");
        try (Store store = Store.open(db)) {
            long campaign = store.createCampaign(new CampaignSpec("core-logic", Optional.empty(), "sample",
                    "scripted", "{}", Optional.empty())).id();
            store.addAttempt(new Attempt(campaign, "logic_a", 0, "trivial",
                    new Verdict.Proved(List.of("propext"), List.of(), Duration.ofMillis(20)), OptionalDouble.empty()),
                    proof("logic_a", "trivial"));
            store.recordProof(proof("logic_b", "by exact True.intro"));
        }
        Path ledger = tmp.resolve("ledger/proofs.jsonl");

        int code = leanforge("ledger", "export", "--store", db.toString(), "--out", ledger.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Exported 2 verified proofs", ledger.toString());
        List<LedgerEntry> entries = LedgerReader.read(ledger);
        assertThat(entries).extracting(LedgerEntry::toVerifiedProof)
                .containsExactly(proof("logic_a", "trivial"), proof("logic_b", "by exact True.intro"));
    }

    @Test
    void exportReadsAStoreInADirectoryNothingCanWriteToAndLeavesItAsItWas() throws Exception {
        Path db = tmp.resolve("archive/leanforge.db");
        try (Store store = Store.open(db)) {
            store.recordProof(proof("logic_b", "by exact True.intro"));
        }
        byte[] before = Files.readAllBytes(db);
        Path ledger = tmp.resolve("proofs.jsonl");

        int code;
        try (Unwritable frozen = Unwritable.make(db.getParent())) {
            code = leanforge("ledger", "export", "--store", db.toString(), "--out", ledger.toString());
        }

        assertThat(code).as(err.toString()).isZero();
        assertThat(LedgerReader.read(ledger)).extracting(LedgerEntry::toVerifiedProof)
                .containsExactly(proof("logic_b", "by exact True.intro"));
        assertThat(Files.readAllBytes(db)).isEqualTo(before);
    }

    @Test
    void exportDoesNotUpgradeAnOlderStoreAndSaysWhy() throws Exception {
        Path db = OlderStores.atVersion(tmp.resolve("old.db"), OlderStores.latest() - 1);
        byte[] before = Files.readAllBytes(db);

        int code = leanforge("ledger", "export", "--store", db.toString(), "--out", tmp.resolve("l.jsonl").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains(db + " has schema version " + (OlderStores.latest() - 1),
                "reading never upgrades a store");
        assertThat(Files.readAllBytes(db)).isEqualTo(before);
        assertThat(tmp.resolve("l.jsonl")).doesNotExist();
    }

    @Test
    void aMissingStoreIsAnErrorAndIsNotCreated() {
        Path db = tmp.resolve("nowhere/leanforge.db");

        int code = leanforge("ledger", "export", "--store", db.toString(), "--out", tmp.resolve("l.jsonl").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("No store at " + db, "--store");
        assertThat(db.getParent()).doesNotExist();
        assertThat(tmp.resolve("l.jsonl")).doesNotExist();
    }

    @Test
    void theStoreDefaultsToRunsUnderTheCurrentDirectoryAndOutIsRequired() {
        CommandLine export = LeanforgeCli.commandLine().getSubcommands().get("ledger").getSubcommands().get("export");

        assertThat(export.getCommandSpec().findOption("--store").defaultValue()).isEqualTo("runs/leanforge.db");
        assertThat(leanforge("ledger", "export")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--out=FILE'");
    }

    @Test
    void ledgerWithoutASubcommandSaysWhichOnesExist() {
        assertThat(leanforge("ledger")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required subcommand", "export");
    }

    @Test
    void anUnwritableOutputIsAnError() throws IOException {
        Path db = tmp.resolve("leanforge.db");
        Store.open(db).close();
        Path notADirectory = Files.writeString(tmp.resolve("file"), "x");

        int code = leanforge("ledger", "export", "--store", db.toString(), "--out",
                notADirectory.resolve("l.jsonl").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("ledger export failed: cannot write " + notADirectory.resolve("l.jsonl"),
                "FileAlreadyExistsException");
    }
}
