package dev.leanforge.loop.cli;

import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.loop.theorems.Theorem;
import dev.leanforge.loop.theorems.TheoremSet;
import dev.leanforge.loop.theorems.validate.PoolStatementElaborator;
import dev.leanforge.loop.theorems.validate.SetValidator;
import dev.leanforge.loop.theorems.validate.StatementElaborator;
import dev.leanforge.loop.theorems.validate.StatementElaborators;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code leanforge theorems validate --set NAME}: the set's files and manifest agree (no Lean needed), then every
 * statement elaborates in Lean with nothing but its {@code sorry} warning.
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Check that a set is consistent and that every statement elaborates in Lean.",
            "First manifest, files and reference proofs must agree (no Lean needed); then, with a real Lean, every "
                + "statement must elaborate with nothing but the `declaration uses sorry` warning. Each failure is "
                + "printed with Lean's message at file:line:column.",
            "Lean is looked for in $LEANFORGE_LEAN_HOME/bin, then PATH, then ~/.elan/bin, as `leanforge doctor` does; "
                + "--server-cmd uses a Lean that runs elsewhere instead.",
        },
        footer = {"", "Exit codes: 0 every statement elaborates, 1 the set is invalid or a statement failed, 2 no "
                + "Lean toolchain (or usage error)."})
final class TheoremsValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--set", paramLabel = "NAME", required = true, description = "The set to validate.")
    String set;

    @Mixin
    TheoremsCommand.DirOption dir;

    @Mixin
    LeanOptions lean;

    StatementElaborators elaborators = PoolStatementElaborator.FACTORY;

    /**
     * How often a progress line goes to stderr while statements elaborate (a Mathlib set takes many minutes).
     * Lines, not a redrawn bar: the failures go to stdout meanwhile, often to the same terminal.
     */
    Duration progressEvery = Duration.ofSeconds(10);

    @Override
    public Integer call() throws InterruptedException, IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration timeout = lean.timeout();
        TheoremSet theoremSet;
        try {
            theoremSet = TheoremsCommand.readSet(err, dir.dir, set);
        } catch (TheoremsCommand.SetRefused refused) {
            return refused.exitCode;
        }
        out.println(theoremSet.dir() + ": " + theoremSet.theorems().size()
                + " theorems; manifest, files and reference proofs agree");
        out.flush();

        // Without Lean this ends with doctor's advice and exit code 2 (LeanOptions throws a CliError).
        lean.pinTo(theoremSet.manifest().toolchain(), "the toolchain of set " + set + "'s manifest.json");
        ServerCommand command = lean.serverCommand();
        // One warm server per distinct header is all that helps; each Mathlib document costs gigabytes.
        int workers = (int) Math.min(Runtime.getRuntime().availableProcessors(),
                theoremSet.theorems().stream().map(Theorem::header).distinct().count());
        int total = theoremSet.theorems().size();
        int[] done = {0, 0}; // statements done, of them failed; the listener is called one at a time
        long[] lastReport = {System.nanoTime()};
        try (StatementElaborator elaborator = elaborators.open(command, timeout, workers)) {
            List<SetValidator.Failure> failures = SetValidator.validate(theoremSet, elaborator, (theorem, failure) -> {
                failure.ifPresent(f -> {
                    f.findings().forEach(finding -> out.println(finding.where() + ": " + theorem.name() + ": "
                            + finding.text()));
                    out.flush();
                    done[1]++;
                });
                done[0]++;
                if (done[0] < total && System.nanoTime() - lastReport[0] >= progressEvery.toNanos()) {
                    lastReport[0] = System.nanoTime();
                    err.println("validated " + done[0] + " of " + total + " statements (" + done[1] + " failed)");
                    err.flush();
                }
            });
            out.println("validated " + total + " statements with Lean: " + (total - failures.size()) + " elaborate, "
                    + failures.size() + " failed");
            return failures.isEmpty() ? 0 : TheoremsCommand.EXIT_INVALID;
        } catch (IOException e) {
            err.println(e.getMessage());
            return LeanforgeCli.EXIT_USAGE;
        }
    }
}
