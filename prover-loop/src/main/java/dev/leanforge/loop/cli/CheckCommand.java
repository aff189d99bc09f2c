package dev.leanforge.loop.cli;

import dev.leanforge.bridge.LeanChecker;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.bridge.verdict.Verdict;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leanforge.loop.check.TheoremInFile;
import dev.leanforge.loop.check.VerdictJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code leanforge check}: checks one theorem per file with Lean and prints a sound verdict for each. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Check the last theorem (or the one named by --theorem) of each FILE with Lean.",
            "Everything before the theorem is its context; files that share it go through one warm Lean server.",
            "A theorem is PROVED only when Lean reports no error and `#print axioms` lists nothing beyond "
                    + "propext, Classical.choice and Quot.sound (see docs/verdicts.md).",
            "",
            "Exit codes: 0 every theorem PROVED, 1 some theorem not proved, 2 usage or environment error."
        })
final class CheckCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Lean files to check.")
    List<Path> files = List.of();

    @Option(names = "--jsonl", paramLabel = "FILE",
            description = "Check a batch of whole-file snippets instead, one JSON object a line: {\"custom_id\" or "
                    + "\"id\", \"proof\" or \"code\"}; prints one JSON verdict a line, in input order, ids kept. "
                    + "Headers are run only as --trust-headers, --allow-header and --theorems-dir allow "
                    + "(docs/verify-api.md).")
    Path jsonl;

    @Mixin
    SnippetTrustOptions trust;

    @Option(names = "--theorem", paramLabel = "NAME",
            description = "Theorem to check in each file (as written or fully qualified). Default: the last one.")
    String theorem;

    @Option(names = "--json", description = "Print one JSON object per file instead of text.")
    boolean json;

    @Option(names = "--fresh",
            description = "Check each theorem in a new Lean process (the authoritative tier) instead of warm servers.")
    boolean fresh;

    @Mixin
    LeanOptions lean;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (jsonl != null) {
            if (!files.isEmpty() || theorem != null || fresh) {
                throw new CliError("--jsonl FILE checks the snippets of that file: give no FILE.lean, --theorem or "
                        + "--fresh with it");
            }
            return CheckJsonl.run(jsonl, lean.serverCommand(), lean.timeout(), trust.headerTrust(),
                    spec.commandLine().getOut());
        }
        if (files.isEmpty()) {
            throw new CliError("Missing FILE.lean to check (or --jsonl FILE)");
        }
        List<TheoremInFile> theorems = new ArrayList<>();
        for (Path file : files) {
            theorems.add(locate(file));
        }
        lean.requireLakeProjectForMathlib(theorems.stream().map(t -> t.task().header()).toList());
        ServerCommand command = lean.serverCommand();
        Duration timeout = lean.timeout();
        List<Verdict> verdicts = fresh ? checkFresh(command, theorems, timeout) : checkWarm(command, theorems, timeout);

        PrintWriter out = spec.commandLine().getOut();
        boolean allProved = true;
        for (int i = 0; i < theorems.size(); i++) {
            TheoremInFile theorem = theorems.get(i);
            Verdict verdict = verdicts.get(i);
            allProved &= verdict instanceof Verdict.Proved;
            List<LeanMessage> messages = verdict.messages().stream().map(theorem::toFilePosition).toList();
            if (json) {
                ObjectNode node = VerdictJson.of(theorem.file(), theorem.task().theoremName(), verdict, messages);
                VerdictJson.reason(verdict).ifPresent(reason -> node.put("reason", theorem.toFileReason(reason)));
                out.println(VerdictJson.line(node));
            } else {
                printText(out, theorem, verdict, messages);
            }
        }
        out.flush();
        return allProved ? 0 : 1;
    }

    private TheoremInFile locate(Path file) {
        String source;
        try {
            source = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new CliError(file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new CliError(file + ": not UTF-8 text; Lean files are UTF-8");
        } catch (IOException e) {
            throw new CliError(file + ": cannot read: " + e.getMessage(), e);
        }
        try {
            return TheoremInFile.locate(file.toString(), source, Optional.ofNullable(theorem));
        } catch (TheoremInFile.NotCheckable e) {
            throw new CliError(e.getMessage(), e);
        }
    }

    private static List<Verdict> checkWarm(ServerCommand command, List<TheoremInFile> theorems, Duration timeout) {
        long headers = theorems.stream().map(t -> t.task().header()).distinct().count();
        try (LeanChecker lean = LeanChecker.builder().server(command)
                .workers((int) Math.min(headers, Runtime.getRuntime().availableProcessors()))
                .queueCapacity(theorems.size())
                .timeout(timeout)
                .build()) {
            List<CompletableFuture<Verdict>> pending = theorems.stream().map(t -> lean.check(t.task())).toList();
            List<Verdict> verdicts = new ArrayList<>();
            for (CompletableFuture<Verdict> future : pending) {
                verdicts.add(await(future, command));
            }
            return verdicts;
        }
    }

    private static List<Verdict> checkFresh(ServerCommand command, List<TheoremInFile> theorems, Duration timeout) {
        // One at a time, as the file's theorems are listed: no warm server is started.
        try (LeanChecker lean = LeanChecker.builder().server(command).recheckTimeout(timeout).build()) {
            return theorems.stream().map(t -> await(lean.recheck(t.task()), command)).toList();
        }
    }

    private static Verdict await(CompletableFuture<Verdict> future, ServerCommand command) {
        try {
            return future.get();
        } catch (ExecutionException | CompletionException e) {
            throw new CliError("Lean could not be started with " + command + ": " + e.getCause().getMessage()
                    + "\nRun `leanforge doctor`, or check the --server-cmd and --project-dir options.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliError("interrupted", e);
        }
    }


    private static void printText(PrintWriter out, TheoremInFile theorem, Verdict verdict, List<LeanMessage> messages) {
        StringBuilder line = new StringBuilder()
                .append(String.format("%-8s %s  %s  (%d ms)", verdict.status(), theorem.file(),
                        theorem.task().theoremName(), verdict.elapsed().toMillis()));
        List<String> axioms = verdict.axioms();
        if (verdict instanceof Verdict.Proved) {
            line.append(axioms.isEmpty() ? "  no axioms" : "  axioms: " + String.join(", ", axioms));
        }
        VerdictJson.reason(verdict).ifPresent(reason -> line.append("\n  ").append(theorem.toFileReason(reason)));
        out.println(line);
        for (LeanMessage m : messages) {
            if (m.severity() == LeanMessage.Severity.INFORMATION && verdict instanceof Verdict.Proved) {
                continue;
            }
            out.println("  " + theorem.file() + ":" + m.line() + ":" + m.column() + ": " + m.severity().word() + ": "
                    + m.text().replace("\n", "\n    "));
        }
    }
}
