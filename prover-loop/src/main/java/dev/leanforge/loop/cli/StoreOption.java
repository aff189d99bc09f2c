package dev.leanforge.loop.cli;

import dev.leanforge.loop.store.Store;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --store} option every command that reads or writes the store shares (a picocli mixin). */
final class StoreOption {

    @Option(names = "--store", paramLabel = "FILE", defaultValue = Store.DEFAULT_LOCATION,
            description = "The store, an SQLite file (default: ${DEFAULT-VALUE} under the current directory).")
    Path file;
}
