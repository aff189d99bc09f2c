package dev.leanforge.loop.cli;

import dev.leanforge.loop.theorems.InvalidInputException;
import dev.leanforge.loop.theorems.Split;
import dev.leanforge.loop.theorems.Theorem;
import dev.leanforge.loop.theorems.TheoremSet;
import dev.leanforge.loop.theorems.importer.ImportFormat;
import dev.leanforge.loop.theorems.importer.ImportOptions;
import dev.leanforge.loop.theorems.importer.ImportedSet;
import dev.leanforge.loop.theorems.importer.JsonlImporter;
import dev.leanforge.loop.theorems.importer.LeanImporter;
import dev.leanforge.loop.theorems.importer.SetImporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code leanforge theorems import FORMAT SOURCE --set NAME}: a new set from benchmark lines or Lean files. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Create a new set from benchmark JSON lines or Lean files.",
            "FORMAT is one of:",
            "  minif2f-jsonl        lines {name, split, header, statement}, as in",
            "                       ../shared/benchmarks/minif2f; each theorem is tagged",
            "                       with its competition (aime, amc12a, mathd_algebra...)",
            "  minicodeprops-jsonl  the same line format; lines flagged",
            "                       mathlib_free_candidate get that tag",
            "  lean                 a .lean file or a folder of them (a Lean project):",
            "                       every theorem or lemma whose proof is just `sorry`",
            "                       becomes a problem; its files are copied unchanged",
            "The set is written to a hidden folder, read back, compared with the input",
            "(names, headers and statements exactly) and only then moved into place: a",
            "refused import writes nothing. Duplicates and malformed input are reported",
            "as file:line:column: what is wrong.",
        },
        footer = {"", "Exit codes: 0 imported, 1 the input was refused, 2 usage error (unknown format, bad set name, "
                + "unreadable SOURCE)."})
final class TheoremsImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FORMAT", description = "minif2f-jsonl, minicodeprops-jsonl or lean.")
    String format;

    @Parameters(index = "1", paramLabel = "SOURCE", description = "The file (or, for lean, the file or folder) to import.")
    Path source;

    @Option(names = "--set", paramLabel = "NAME", required = true,
            description = "Name of the new set (letters, digits, '.', '_', '-'); it must not exist yet.")
    String set;

    @Mixin
    TheoremsCommand.DirOption dir;

    @Option(names = "--description", paramLabel = "TEXT", description = "The manifest's description.")
    String description;

    @Option(names = "--origin", paramLabel = "TEXT",
            description = "Where the statements come from (the manifest's source field). Default: SOURCE's path.")
    String origin;

    @Option(names = "--license", paramLabel = "TEXT", description = "Licence of the statements, e.g. MIT.")
    String license;

    @Option(names = "--toolchain", paramLabel = "TOOLCHAIN",
            description = "Lean toolchain, e.g. leanprover/lean4:v4.24.0. Default: the source's lean-toolchain "
                    + "(lean format), else leanprover/lean4:v4.24.0.")
    String toolchain;

    @Option(names = "--mathlib", paramLabel = "REV",
            description = "Mathlib revision the statements need (tag or commit); required when they import Mathlib "
                    + "and the source has no lake-manifest.json.")
    String mathlib;

    @Option(names = "--split", paramLabel = "SPLIT", converter = TheoremsCommand.SplitConverter.class,
            completionCandidates = TheoremsCommand.SplitWords.class,
            description = "Put every theorem in this split (${COMPLETION-CANDIDATES}). Default: each JSON line's "
                    + "split; train for lean.")
    Split split;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<ImportFormat> importFormat = ImportFormat.parse(format);
        if (importFormat.isEmpty()) {
            err.println("unknown format \"" + format + "\"; the formats are " + ImportFormat.words());
            return LeanforgeCli.EXIT_USAGE;
        }
        OptionalInt badName = TheoremsCommand.badName(err, set);
        if (badName.isPresent()) {
            return badName.getAsInt();
        }
        if (!Files.isReadable(source)) {
            err.println(source + ": no such file or folder, or not readable; give the " + importFormat.get().word()
                    + " source to import as SOURCE");
            return LeanforgeCli.EXIT_USAGE;
        }
        ImportOptions options = new ImportOptions(set, Optional.ofNullable(description), Optional.ofNullable(origin),
                Optional.ofNullable(license), Optional.ofNullable(toolchain), Optional.ofNullable(mathlib),
                Optional.ofNullable(split));
        try {
            ImportedSet imported = importFormat.get() == ImportFormat.LEAN
                    ? LeanImporter.plan(source, options)
                    : JsonlImporter.plan(source, importFormat.get(), options);
            TheoremSet written = SetImporter.install(dir.dir, imported);
            imported.notes().forEach(note -> err.println("note: " + note));
            int files = written.manifest().files().size();
            out.println("imported " + written.theorems().size() + " theorems into " + written.dir() + " (" + files
                    + (files == 1 ? " file; " : " files; ")
                    + TheoremsCommand.splitCounts(written.theorems().stream().map(Theorem::split)) + ")");
            return 0;
        } catch (InvalidInputException e) {
            return TheoremsCommand.invalid(err, "import refused, nothing was written", e);
        }
    }
}
