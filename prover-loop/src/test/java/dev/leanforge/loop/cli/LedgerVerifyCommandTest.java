package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.loop.campaign.TinySets;
import dev.leanforge.loop.ledger.LedgerEntry;
import dev.leanforge.loop.ledger.LedgerWriter;
import dev.leanforge.loop.proof.ProofTier;
import dev.leanforge.loop.proof.StatementHash;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code leanforge ledger verify} with the scripted Lean stand-in (a test double) as Lean. */
class LedgerVerifyCommandTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        // The sets this "checkout" has: tmp/theorems, so the repository's own theorems/ never leak in.
        List<String> argv = new ArrayList<>(List.of("ledger", "verify", "--theorems-dir", theorems().toString()));
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

    /** A Lean that accepts every document: what refuses an entry then is verify's own checks. */
    private String acceptingEverything() {
        return StandInCommand.forRules(StandInRules.create()
                .rule(r -> r.match("#print axioms").axioms())
                .writeTo(tmp));
    }

    private Path theorems() {
        return tmp.resolve("theorems");
    }

    private static LedgerEntry entry(String theorem, String proof) {
        return entry("core-nat", theorem, "", "theorem " + theorem + " : 2 + 2 = 4 :=", proof);
    }

    private static LedgerEntry entry(String set, String theorem, String header, String statement, String proof) {
        return new LedgerEntry(set, theorem, StatementHash.of(statement), statement, header, proof, "4.24.0", null,
                List.of(), ProofTier.FRESH, Instant.parse("2026-11-26T12:00:00Z"));
    }

    private Path ledger(LedgerEntry... entries) throws IOException {
        Path ledger = tmp.resolve("ledger.jsonl");
        LedgerWriter.write(ledger, List.of(entries));
        return ledger;
    }

    /** Runs verify with --json and returns one output line per entry. */
    private String[] verifyJson(Path ledger, String serverCmd) {
        int code = run(ledger.toString(), "--json", "--server-cmd", serverCmd, "--project-dir", tmp.toString());
        String[] lines = out.toString().strip().split("\n");
        assertThat(code).as(out + "\n" + err).isEqualTo(1);
        assertThat(err.toString()).doesNotContain("Exception", "\tat ");
        return lines;
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
    void aStatementEditedAfterRecordingIsRefusedAndTheOtherEntriesAreStillChecked() throws IOException {
        Path ledger = ledger(entry("a", "by decide"), entry("b", "by decide"));
        Files.writeString(ledger, Files.readString(ledger).replaceFirst("2 \\+ 2 = 4", "2 + 2 = 5"));

        String[] lines = verifyJson(ledger, acceptingEverything());

        assertThat(lines).hasSize(2);
        assertThat(lines[0]).contains("\"file\":\"" + ledger + ":1\"", "\"status\":\"REFUSED\"",
                "statementHash", "is not the SHA-256 of its statement");
        assertThat(lines[1]).contains("\"status\":\"PROVED\"");
    }

    @Test
    void aMalformedLineIsAUsageErrorWithFileAndLineAndNoTrace() throws IOException {
        Path ledger = ledger(entry("a", "by decide"));
        Files.writeString(ledger, Files.readString(ledger) + "{\"set\": \"x\"}\n");

        int code = run(ledger.toString(), "--server-cmd", standIn(), "--project-dir", tmp.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains(ledger + ":2: missing field").doesNotContain("Exception", "\tat ");
    }

    /**
     * The attack of issue #10: the header declares an axiom and a harmless X; the statement declares Y, proved by
     * the axiom. Asking Lean about X (the entry's claim) instead of Y (what the statement declares) said PROVED.
     */
    @Test
    void aTheoremFieldOtherThanTheDeclaredNameIsRefused() throws IOException {
        String header = "axiom cheat : False\ntheorem X : True := trivial";
        Path ledger = ledger(entry("elsewhere", "X", header, "theorem Y : False :=", "cheat"),
                entry("elsewhere", "Y", header, "theorem Y : False :=", "cheat"));
        // Scripted as Lean answers: X needs no axiom, Y depends on cheat.
        String lean = StandInCommand.forRules(StandInRules.create()
                .rule(r -> r.match("(?m)^#print axioms X$").axioms())
                .rule(r -> r.match("(?m)^#print axioms Y$").axioms("cheat"))
                .writeTo(tmp));

        String[] lines = verifyJson(ledger, lean);

        assertThat(lines).hasSize(2);
        assertThat(lines[0]).contains("\"status\":\"REFUSED\"", "the statement declares Y", "theorem field says X");
        // The entry that names its real target reaches Lean, which is asked about Y and finds the axiom.
        assertThat(lines[1]).contains("\"status\":\"FAILED\"", "cheat");
    }

    @Test
    void aNewlineInTheTheoremFieldCannotAppendACommand() throws IOException {
        Path ledger = ledger(entry("core-nat", "a\n#eval IO.println \"pwned\"", "", "theorem a : 2 + 2 = 4 :=",
                "by decide"));

        int code = run(ledger.toString(), "--server-cmd", acceptingEverything(), "--project-dir", tmp.toString());

        assertThat(code).as(out + "\n" + err).isEqualTo(1);
        assertThat(out.toString()).contains("REFUSED", "is not a Lean identifier", "0 of 1 ledger entries");
        // The name is printed escaped: a hostile ledger cannot forge lines of the report.
        assertThat(out.toString().lines()).noneMatch(line -> line.startsWith("#eval"));
    }

    @Test
    void namesThatAreNotLeanIdentifiersAreRefused() throws IOException {
        List<String> names = List.of("a b", "a#b", "#eval", "", "a\tb", "«a\nb»", "a.", "a -- b", "(a)");
        Path ledger = ledger(names.stream()
                .map(n -> entry("core-nat", n, "", "theorem a : 2 + 2 = 4 :=", "by decide"))
                .toArray(LedgerEntry[]::new));

        String[] lines = verifyJson(ledger, acceptingEverything());

        assertThat(lines).hasSize(names.size()).allSatisfy(line -> assertThat(line)
                .contains("\"status\":\"REFUSED\"", "is not a Lean identifier"));
    }

    @Test
    void aStatementMustBeExactlyOneDeclarationEndingWithItsAssign() throws IOException {
        Map<String, String> statements = Map.of(
                "theorem a : 1 = 1 := rfl\ntheorem b : 2 + 2 = 4 :=", "declares 2 theorems",
                "axiom cheat : False\ntheorem b : 2 + 2 = 4 :=", "before the declaration",
                "#eval IO.println 1\ntheorem b : 2 + 2 = 4 :=", "before the declaration",
                "theorem b : 2 + 2 = 4 := rfl", "must end with the `:=`",
                "theorem b : 2 + 2 = 4 := by decide\n#eval 1 --", "must end with the `:=`",
                "theorem b : 2 + 2 = 4", "must end with the `:=`",
                "def b : Nat := 4", "declares no theorem",
                "theorem b : 2 + 2 = 4 := /- unclosed", "never closed");
        List<String> order = List.copyOf(statements.keySet());
        Path ledger = ledger(order.stream()
                .map(s -> entry("core-nat", "b", "", s, "by decide"))
                .toArray(LedgerEntry[]::new));

        String[] lines = verifyJson(ledger, acceptingEverything());

        assertThat(lines).hasSize(order.size());
        for (int i = 0; i < order.size(); i++) {
            assertThat(lines[i]).as(order.get(i))
                    .contains("\"status\":\"REFUSED\"", statements.get(order.get(i)));
        }
    }

    /** For a set this checkout has, the ledger cannot bring its own header or statement. */
    @Test
    void aKnownSetsHeaderAndStatementAreTheSetsOwn() throws IOException {
        TinySets.write(theorems(), "tiny", Map.of("two", ": 2 + 2 = 4"));
        String header = TinySets.HEADER;
        String statement = "theorem two : 2 + 2 = 4 :=";
        Path ledger = ledger(
                entry("tiny", "two", header, statement, "by decide"),
                entry("tiny", "two", header + "\naxiom cheat : False", statement, "by decide"),
                entry("tiny", "two", header, "theorem two : True :=", "trivial"),
                entry("tiny", "three", header, "theorem three : 1 = 1 :=", "rfl"),
                entry("tiny/..", "two", header, statement, "by decide"));

        String[] lines = verifyJson(ledger, acceptingEverything());

        assertThat(lines).hasSize(5);
        assertThat(lines[0]).contains("\"status\":\"PROVED\"", "\"statementSource\":\"set\"");
        assertThat(lines[1]).contains("\"status\":\"REFUSED\"", "header differs from set tiny's");
        assertThat(lines[2]).contains("\"status\":\"REFUSED\"", "statement differs from set tiny's");
        assertThat(lines[3]).contains("\"status\":\"REFUSED\"", "set tiny has no theorem three");
        assertThat(lines[4]).contains("\"status\":\"REFUSED\"", "is not a set name");
    }

    @Test
    void forASetThisCheckoutLacksTheOutputSaysHeaderAndStatementAreTheLedgersClaim() throws IOException {
        Path ledger = ledger(entry("a", "by decide"));

        int code = run(ledger.toString(), "--server-cmd", acceptingEverything(), "--project-dir", tmp.toString());

        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("PROVED", "header and statement are the ledger's own claim",
                "no set core-nat in " + theorems());
    }

    /** The proof of an entry passes the same source policy as any candidate: refused before Lean runs. */
    @Test
    void aLedgerProofGoesThroughTheSourcePolicy() throws IOException {
        Path ledger = ledger(entry("a", "by decide\n#eval IO.println 1"), entry("b", "sorry"));

        String[] lines = verifyJson(ledger, acceptingEverything());

        assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(line).contains("\"status\":\"REJECTED\""));
        assertThat(lines[0]).contains("#eval");
        assertThat(lines[1]).contains("sorry");
    }
}
