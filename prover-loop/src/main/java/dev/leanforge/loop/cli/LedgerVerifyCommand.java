package dev.leanforge.loop.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leanforge.bridge.LeanChecker;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.check.VerdictJson;
import dev.leanforge.loop.config.Limit;
import dev.leanforge.loop.ledger.Admission;
import dev.leanforge.loop.ledger.LedgerEntry;
import dev.leanforge.loop.ledger.LedgerFormatException;
import dev.leanforge.loop.ledger.LedgerGate;
import dev.leanforge.loop.ledger.LedgerReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code leanforge ledger verify}: re-checks every entry of ledgers in the fresh-process tier, so CI can prove that
 * the proofs a project claims still check with the Lean it has.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Re-check every proof of each ledger in a new Lean process (the authoritative tier).",
            "A ledger is a claim, so each entry is first checked against itself and this checkout: its statement "
                    + "must be one theorem declaring exactly the entry's theorem name (which is what Lean is asked "
                    + "about), its statementHash must match, and for a set under --theorems-dir its header and "
                    + "statement must be the set's own. An entry that fails is REFUSED and never reaches Lean. For "
                    + "a set this checkout lacks, header and statement are the ledger's own claim, and the output "
                    + "says so. The proof passes the usual source policy.",
            "",
            "Exit codes: 0 every entry PROVED, 1 some entry refused or not proved, 2 unreadable ledger or no Lean."
        })
final class LedgerVerifyCommand implements Callable<Integer> {

    @Parameters(paramLabel = "LEDGER", arity = "1..*", description = "Ledger files (JSONL).")
    List<Path> ledgers;

    @Within(Limit.WORKERS)
    @Option(names = "--jobs", paramLabel = "N",
            description = "Lean processes at a time. Default: the number of cores.")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = "--json", description = "Print one JSON object per entry instead of text.")
    boolean json;

    @Mixin
    LeanOptions lean;

    @Mixin
    TheoremsCommand.DirOption theorems;

    @Spec
    CommandSpec spec;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private record Entry(Path ledger, int line, LedgerEntry entry) {
        String where() {
            return ledger + ":" + line;
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        List<Entry> entries = read();
        ServerCommand command = lean.serverCommand();
        Duration timeout = lean.timeout();
        LedgerGate gate = new LedgerGate(theorems.dir);

        // Rechecks only: no warm server is started; --jobs fresh processes at once.
        try (LeanChecker lean = LeanChecker.builder().server(command).recheckTimeout(timeout).recheckThreads(jobs)
                .build()) {
            List<Admission> admissions = new ArrayList<>();
            List<Optional<Future<Verdict>>> verdicts = new ArrayList<>();
            for (Entry e : entries) {
                Admission admission = gate.admit(e.entry());
                admissions.add(admission);
                verdicts.add(admission instanceof Admission.Admitted admitted
                        ? Optional.of(lean.recheck(admitted.task()))
                        : Optional.empty());
            }
            return report(entries, admissions, verdicts);
        }
    }

    private List<Entry> read() {
        List<Entry> entries = new ArrayList<>();
        for (Path ledger : ledgers) {
            try {
                List<LedgerEntry> read = LedgerReader.read(ledger);
                for (int i = 0; i < read.size(); i++) {
                    entries.add(new Entry(ledger, i + 1, read.get(i)));
                }
            } catch (NoSuchFileException e) {
                throw new CliError(ledger + ": no such file");
            } catch (LedgerFormatException e) {
                throw new CliError(e.getMessage(), e);
            } catch (IOException e) {
                throw new CliError(ledger + ": cannot read: " + e.getMessage(), e);
            }
        }
        return entries;
    }

    private int report(List<Entry> entries, List<Admission> admissions, List<Optional<Future<Verdict>>> verdicts)
            throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        int proved = 0;
        int refused = 0;
        int ledgerClaims = 0;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (admissions.get(i) instanceof Admission.Refused refusal) {
                refused++;
                printRefusal(out, e, refusal);
                continue;
            }
            Admission.Admitted admitted = (Admission.Admitted) admissions.get(i);
            Verdict verdict;
            try {
                verdict = verdicts.get(i).orElseThrow().get();
            } catch (ExecutionException ex) {
                verdict = new Verdict.Crashed("checker failed: " + ex.getCause(), Duration.ZERO);
            }
            if (verdict instanceof Verdict.Proved) {
                proved++;
            }
            boolean ledgerClaim = admitted.source() instanceof Admission.Source.LedgerClaim;
            if (ledgerClaim) {
                ledgerClaims++;
            }
            if (json) {
                ObjectNode node = VerdictJson.of(e.where(), e.entry().theorem(), verdict, verdict.messages());
                node.put("statementSource", ledgerClaim ? "ledger" : "set");
                out.println(VerdictJson.line(node));
            } else {
                out.printf("%-8s %s  %s/%s  (%d ms)%s%s%n", verdict.status(), e.where(), e.entry().set(),
                        e.entry().theorem(), verdict.elapsed().toMillis(),
                        VerdictJson.reason(verdict).map(r -> "\n  " + r).orElse(""),
                        ledgerClaim ? "\n  header and statement are the ledger's own claim: no set "
                                + e.entry().set() + " in " + theorems.dir : "");
            }
        }
        if (!json) {
            // The last line is what CI shows (verify-ledgers.sh): it carries the refusals and the unchecked claims.
            out.println(proved + " of " + entries.size() + " ledger entries re-checked PROVED"
                    + (refused > 0 ? "; " + refused + " refused before checking" : "")
                    + (ledgerClaims > 0 ? "; " + ledgerClaims + " with the ledger's own header and statement (set"
                            + " not in " + theorems.dir + ")" : ""));
        }
        out.flush();
        return proved == entries.size() ? 0 : 1;
    }

    /** Set and theorem of a refused entry may be anything: JSON escapes them, the text form quotes them. */
    private void printRefusal(PrintWriter out, Entry e, Admission.Refused refusal) {
        if (json) {
            ObjectNode node = MAPPER.createObjectNode();
            node.put("file", e.where());
            node.put("theorem", e.entry().theorem());
            node.put("status", "REFUSED");
            node.putArray("axioms");
            node.putArray("messages");
            node.putArray("goals");
            node.put("elapsedMs", 0);
            node.put("reason", refusal.reason());
            out.println(VerdictJson.line(node));
        } else {
            out.printf("%-8s %s  %s/%s%n  %s%n", "REFUSED", e.where(), LedgerGate.printable(e.entry().set()),
                    LedgerGate.printable(e.entry().theorem()), refusal.reason());
        }
    }
}
