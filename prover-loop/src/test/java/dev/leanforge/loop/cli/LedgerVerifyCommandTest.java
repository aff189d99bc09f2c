package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.loop.ledger.LedgerEntry;
import dev.leanforge.loop.ledger.LedgerWriter;
import dev.leanforge.loop.store.ProofTier;
import dev.leanforge.loop.store.StatementHash;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code leanforge ledger verify} with the scripted Lean stand-in (a test double) as Lean. */
class LedgerVerifyCommandTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        List<String> argv = new ArrayList<>(List.of("ledger", "verify"));
        argv.addAll(List.of(args));
        return LeanforgeCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(argv.toArray(String[]::new));
    }

    private String standIn() {
        return StandInCommand.forRules(StandInRules.create()
                .rule(r -> r.match("by decide").axioms())
                .rule(r -> r.match("by omega").error("omega could not prove the goal", "omega").axioms("sorryAx"))
                .writeTo(tmp));
    }

    private static LedgerEntry entry(String theorem, String proof) {
        String statement = "theorem " + theorem + " : 2 + 2 = 4 :=";
        return new LedgerEntry("core-nat", theorem, StatementHash.of(statement), statement, "", proof, "4.24.0", null,
                List.of(), ProofTier.FRESH, Instant.parse("2026-11-26T12:00:00Z"));
    }

    @Test
    void everyEntryProvedExitsZero() throws IOException {
        Path ledger = tmp.resolve("ledger.jsonl");
        LedgerWriter.write(ledger, List.of(entry("a", "by decide"), entry("b", "by decide")));

        int code = run(ledger.toString(), "--server-cmd", standIn(), "--project-dir", tmp.toString(), "--jobs", "2");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("PROVED   " + ledger + ":1  core-nat/a", ledger + ":2",
                "2 of 2 ledger entries re-checked PROVED");
    }

    @Test
    void anEntryThatNoLongerChecksExitsOneAndSaysWhere() throws IOException {
        Path ledger = tmp.resolve("ledger.jsonl");
        LedgerWriter.write(ledger, List.of(entry("a", "by decide"), entry("b", "by omega")));

        int code = run(ledger.toString(), "--json", "--server-cmd", standIn(), "--project-dir", tmp.toString());

        assertThat(code).isEqualTo(1);
        String[] lines = out.toString().strip().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).contains("\"status\":\"PROVED\"");
        assertThat(lines[1]).contains("\"file\":\"" + ledger + ":2\"", "\"status\":\"FAILED\"", "omega could not");
    }

    @Test
    void aTamperedLedgerIsAUsageErrorWithItsLine() throws IOException {
        Path ledger = tmp.resolve("ledger.jsonl");
        LedgerWriter.write(ledger, List.of(entry("a", "by decide")));
        Files.writeString(ledger, Files.readString(ledger).replace("2 + 2 = 4", "2 + 2 = 5"));

        int code = run(ledger.toString(), "--server-cmd", standIn(), "--project-dir", tmp.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("ledger.jsonl:1", "statementHash");
    }
}
