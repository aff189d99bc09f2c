package dev.leanforge.loop.cli;

import dev.leanforge.loop.ledger.LedgerEntry;
import dev.leanforge.loop.ledger.LedgerWriter;
import dev.leanforge.loop.store.Store;
import dev.leanforge.loop.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code leanforge ledger}: the ledger of verified proofs (JSONL, format in {@code docs/store-and-ledger.md}).
 * Without a subcommand picocli reports the missing subcommand and exits 2.
 */
@Command(
        name = "ledger",
        mixinStandardHelpOptions = true,
        description = "The ledger of verified proofs: one JSON object per line, see docs/store-and-ledger.md.",
        subcommands = {
            LedgerCommand.Export.class,
            LedgerVerifyCommand.class,
        })
final class LedgerCommand {

    /** {@code leanforge ledger export}: every recorded proof of the store, written atomically. */
    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = {
                "Write every recorded proof of the store to a JSONL ledger.",
                "The file is replaced atomically: readers see the old ledger or the complete new one.",
                "Exit codes: 0 written, 2 no store or the file cannot be written."
            })
    static final class Export implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        StoreOption store;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The ledger to write.")
        Path out;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(store.file)) {
                spec.commandLine().getErr().println("No store at " + store.file.toAbsolutePath()
                        + ". Run a campaign first, or point --store at an existing store.");
                return LeanforgeCli.EXIT_USAGE;
            }
            try (Store opened = Store.openReadOnly(store.file)) { // only reads, so a read-only store works
                List<LedgerEntry> entries = opened.proofs().stream().map(LedgerEntry::of).toList();
                int written = LedgerWriter.write(out, entries);
                spec.commandLine().getOut().println("Exported " + written + " verified proof"
                        + (written == 1 ? "" : "s") + " from " + opened.file() + " to " + out.toAbsolutePath());
                return 0;
            } catch (StoreException e) {
                spec.commandLine().getErr().println("ledger export failed: " + e.getMessage());
                return LeanforgeCli.EXIT_USAGE;
            } catch (IOException e) {
                // The exception's message is often just the path; its type says what went wrong.
                spec.commandLine().getErr().println("ledger export failed: cannot write " + out.toAbsolutePath()
                        + ": " + e);
                return LeanforgeCli.EXIT_USAGE;
            }
        }
    }
}
