package dev.leanforge.loop.cli;

import dev.leanforge.loop.config.Limit;
import dev.leanforge.loop.theorems.Manifest;
import dev.leanforge.loop.theorems.ManifestFile;
import dev.leanforge.loop.theorems.Split;
import dev.leanforge.loop.theorems.Splitter;
import dev.leanforge.loop.theorems.TheoremSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code leanforge theorems split --set NAME --seed N --ratios 0.8,0.1,0.1}: deterministic re-splitting. */
@Command(
        name = "split",
        mixinStandardHelpOptions = true,
        description = {
            "Re-split a set deterministically from a seed and ratios.",
            "Assigns every theorem to train, valid or test anew and rewrites manifest.json (one theorem per line; "
                + "other fields unchanged). The same seed, ratios and theorem names always give the same "
                + "split, on any machine: theorems are ordered by SHA-256 of seed and name and cut by the ratios.",
        },
        footer = {"", "--from valid --train-ratio 0.5 instead of --ratios carves a train split out of valid and "
                + "leaves the other splits as they are (miniF2F: 122 train, 122 valid, the 244 test problems "
                + "untouched).", "", "Exit codes: 0 done, 1 the set is invalid, 2 usage error (bad ratios, no such set)."})
final class TheoremsSplitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--set", paramLabel = "NAME", required = true, description = "The set to re-split.")
    String set;

    @Mixin
    TheoremsCommand.DirOption dir;

    @Option(names = "--seed", paramLabel = "N", required = true, description = "Any whole number.")
    long seed;

    @Option(names = "--ratios", paramLabel = "TRAIN,VALID,TEST",
            description = "Proportions adding up to 1, e.g. 0.8,0.1,0.1.")
    String ratios;

    @Option(names = "--from", paramLabel = "SPLIT", converter = TheoremsCommand.SplitConverter.class,
            completionCandidates = TheoremsCommand.SplitWords.class,
            description = "With --train-ratio: carve train out of this split only (e.g. valid); others are kept.")
    Split from;

    @Within(Limit.TRAIN_RATIO)
    @Option(names = "--train-ratio", paramLabel = "R",
            description = "With --from: the share of that split's theorems that becomes train (0 to 1).")
    Double trainRatio;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean carve = from != null || trainRatio != null;
        if (carve == (ratios != null) || (carve && (from == null || trainRatio == null))) {
            err.println("give either --ratios TRAIN,VALID,TEST or both --from SPLIT and --train-ratio R");
            return LeanforgeCli.EXIT_USAGE;
        }
        if (carve && from == Split.TRAIN) {
            err.println("--from: carve train out of valid or test, not train");
            return LeanforgeCli.EXIT_USAGE;
        }
        Splitter.Ratios parsed = null;
        if (!carve) {
            try {
                parsed = Splitter.Ratios.parse(ratios);
            } catch (IllegalArgumentException e) {
                err.println("--ratios: " + e.getMessage());
                return LeanforgeCli.EXIT_USAGE;
            }
        }
        TheoremSet theoremSet;
        try {
            theoremSet = TheoremsCommand.readSet(err, dir.dir, set);
        } catch (TheoremsCommand.SetRefused refused) {
            return refused.exitCode;
        }
        Manifest resplit = carve ? Splitter.carveTrain(theoremSet.manifest(), seed, from, trainRatio)
                : Splitter.resplit(theoremSet.manifest(), seed, parsed);
        ManifestFile.replace(theoremSet.dir(), resplit);
        out.println(theoremSet.dir() + ": " + TheoremsCommand.splitCounts(
                resplit.theorems().stream().map(Manifest.Entry::split)) + " (seed " + seed + ", "
                + (carve ? "train carved out of " + from.word() + " with ratio " + trainRatio : "ratios " + ratios)
                + ")");
        return 0;
    }
}
