package dev.leanforge.loop.cli;

import dev.leanforge.loop.theorems.InputError;
import dev.leanforge.loop.theorems.InvalidInputException;
import dev.leanforge.loop.theorems.Split;
import dev.leanforge.loop.theorems.SetNames;
import dev.leanforge.loop.theorems.SetReader;
import dev.leanforge.loop.theorems.TheoremSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leanforge theorems}: the theorem sets under {@code theorems/} (format: docs/theorem-sets.md). */
@Command(
        name = "theorems",
        mixinStandardHelpOptions = true,
        description = {
            "Theorem sets: list, import, validate and re-split them; prepare the Lake project a Mathlib set needs.",
            "A set is a folder under theorems/ with a manifest.json and .lean files whose theorems end in `sorry`; "
                + "the format is in docs/theorem-sets.md.",
        },
        subcommands = {
            TheoremsListCommand.class,
            TheoremsImportCommand.class,
            TheoremsValidateCommand.class,
            TheoremsSplitCommand.class,
            TheoremsPrepareCommand.class,
        },
        footer = {"", "Exit codes: 0 done, 1 the input or set is invalid (each problem is printed as "
                + "file:line:column: what is wrong), 2 usage or environment error (bad options, unreadable path, "
                + "no Lean)."})
final class TheoremsCommand {

    /** Exit code when a set or an input is invalid; distinct from {@link LeanforgeCli#EXIT_USAGE}. */
    static final int EXIT_INVALID = 1;

    /**
     * The {@code --dir} option every subcommand shares; {@code --theorems-dir} is the same option under the name
     * {@code campaign run} and {@code star run} give it, so either spelling works everywhere.
     */
    static final class DirOption {
        @Option(names = {"--dir", "--theorems-dir"}, paramLabel = "DIR", defaultValue = "theorems",
                description = "Folder holding the sets. Default: ${DEFAULT-VALUE}.")
        Path dir;
    }

    /** Prints every error of a refused input, one per line, under a first line saying what was refused. */
    static int invalid(PrintWriter err, String what, InvalidInputException e) {
        err.println(what + " (" + e.errors().size() + (e.errors().size() == 1 ? " problem):" : " problems):"));
        for (InputError error : e.errors()) {
            err.println(error);
        }
        err.flush();
        return EXIT_INVALID;
    }

    /**
     * Says that {@code set} is not a set name, or names the sets there are when it is no folder under {@code dir}, and
     * returns the usage exit code; empty when the set's folder exists.
     */
    static OptionalInt noSuchSet(PrintWriter err, Path dir, String set) throws IOException {
        OptionalInt badName = badName(err, set);
        if (badName.isPresent()) {
            return badName;
        }
        if (Files.isDirectory(SetNames.dir(dir, set))) {
            return OptionalInt.empty();
        }
        List<String> names = Files.isDirectory(dir)
                ? SetReader.setDirs(dir).stream().map(p -> p.getFileName().toString()).toList()
                : List.of();
        err.println("no set \"" + set + "\" in " + dir + " (sets there: "
                + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
        return OptionalInt.of(LeanforgeCli.EXIT_USAGE);
    }

    /** Says why {@code set} is not a set name (a path, say) and returns the usage exit code; empty when it is one. */
    static OptionalInt badName(PrintWriter err, String set) {
        Optional<String> problem = SetNames.problem(set);
        problem.ifPresent(p -> {
            err.println("--set: " + p);
            err.flush();
        });
        return problem.isPresent() ? OptionalInt.of(LeanforgeCli.EXIT_USAGE) : OptionalInt.empty();
    }

    /** A set cannot be used; why has been printed, and the command exits with {@link #exitCode}. */
    static final class SetRefused extends Exception {
        private static final long serialVersionUID = 1L;

        final int exitCode;

        SetRefused(int exitCode) {
            super(null, null, false, false);
            this.exitCode = exitCode;
        }
    }

    /** Reads set {@code name} under {@code dir}, or prints why it cannot be used and refuses. */
    static TheoremSet readSet(PrintWriter err, Path dir, String name) throws IOException, SetRefused {
        OptionalInt missing = noSuchSet(err, dir, name);
        if (missing.isPresent()) {
            throw new SetRefused(missing.getAsInt());
        }
        try {
            return SetReader.read(SetNames.dir(dir, name));
        } catch (InvalidInputException e) {
            throw new SetRefused(invalid(err, "invalid set " + SetNames.dir(dir, name), e));
        }
    }

    /** {@code "3 train, 1 valid, 1 test"}: how many of {@code splits} fall in each split. */
    static String splitCounts(Stream<Split> splits) {
        Map<Split, Long> counts = splits.collect(Collectors.groupingBy(s -> s, () -> new EnumMap<>(Split.class),
                Collectors.counting()));
        return Arrays.stream(Split.values()).map(s -> counts.getOrDefault(s, 0L) + " " + s.word())
                .collect(Collectors.joining(", "));
    }

    /** Accepts {@code train}, {@code valid} and {@code test} for {@link Split} options. */
    static final class SplitConverter implements CommandLine.ITypeConverter<Split> {
        @Override
        public Split convert(String value) {
            return Split.parse(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                    "'" + value + "' is not a split: use train, valid or test"));
        }
    }

    /** The split words, for picocli's help and completion. */
    static final class SplitWords implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Split.values()).map(Split::word).iterator();
        }
    }
}
