package dev.leanforge.loop.cli;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.session.FreshProcessChecker;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.check.VerdictJson;
import dev.leanforge.loop.config.Limit;
import dev.leanforge.loop.ledger.LedgerEntry;
import dev.leanforge.loop.ledger.LedgerFormatException;
import dev.leanforge.loop.ledger.LedgerReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
            "Each entry's statement, header and proof are checked exactly as recorded; the statement hash was "
                    + "checked when the ledger was read.",
            "",
            "Exit codes: 0 every entry PROVED, 1 some entry not proved, 2 unreadable ledger or no Lean."
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

    @Spec
    CommandSpec spec;

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
        FreshProcessChecker checker = new FreshProcessChecker(command);

        ExecutorService executor = Executors.newFixedThreadPool(jobs);
        try {
            List<Future<Verdict>> verdicts = new ArrayList<>();
            for (Entry e : entries) {
                verdicts.add(executor.submit(() -> checker.check(taskOf(e.entry()), timeout)));
            }
            return report(entries, verdicts);
        } finally {
            executor.shutdownNow();
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

    private static CheckTask taskOf(LedgerEntry entry) {
        return new CheckTask(entry.header(), entry.theorem(), entry.statement(), entry.proof());
    }

    private int report(List<Entry> entries, List<Future<Verdict>> verdicts) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        int proved = 0;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            Verdict verdict;
            try {
                verdict = verdicts.get(i).get();
            } catch (ExecutionException ex) {
                verdict = new Verdict.Crashed("checker failed: " + ex.getCause(), Duration.ZERO);
            }
            if (verdict instanceof Verdict.Proved) {
                proved++;
            }
            if (json) {
                out.println(VerdictJson.line(VerdictJson.of(e.where(), e.entry().theorem(), verdict,
                        verdict.messages())));
            } else {
                out.printf("%-8s %s  %s/%s  (%d ms)%s%n", verdict.status(), e.where(), e.entry().set(),
                        e.entry().theorem(), verdict.elapsed().toMillis(),
                        VerdictJson.reason(verdict).map(r -> "\n  " + r).orElse(""));
            }
        }
        if (!json) {
            out.println(proved + " of " + entries.size() + " ledger entries re-checked PROVED");
        }
        out.flush();
        return proved == entries.size() ? 0 : 1;
    }
}
