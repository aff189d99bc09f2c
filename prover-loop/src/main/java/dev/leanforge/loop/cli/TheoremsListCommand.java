package dev.leanforge.loop.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leanforge.loop.theorems.InvalidInputException;
import dev.leanforge.loop.theorems.ProofsCodec;
import dev.leanforge.loop.theorems.ReferenceProof;
import dev.leanforge.loop.theorems.SetNames;
import dev.leanforge.loop.theorems.SetReader;
import dev.leanforge.loop.theorems.Split;
import dev.leanforge.loop.theorems.Theorem;
import dev.leanforge.loop.theorems.TheoremSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code leanforge theorems list}: the theorems of one set or of all, for people or as JSON lines. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
            "List the theorems of one set or of all sets.",
            "With --json, one JSON object per line with set, name, split, difficulty, tags, file, line, header, "
                + "statement (ending in :=), placeholder (the `sorry` proof after it), docstring, proofs (reference "
                + "proofs and how they were checked), toolchain and mathlib.",
            "A check of a proof P is header, a blank line, then statement + \" \" + P.",
        },
        footer = {"", "Exit codes: 0 listed, 1 a set is invalid (its problems are printed; valid sets are still "
                + "listed), 2 no such folder or set."})
final class TheoremsListCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    TheoremsCommand.DirOption dir;

    @Option(names = "--set", paramLabel = "NAME", description = "Only this set.")
    String set;

    @Option(names = "--split", paramLabel = "SPLIT", converter = TheoremsCommand.SplitConverter.class,
            completionCandidates = TheoremsCommand.SplitWords.class,
            description = "Only this split: ${COMPLETION-CANDIDATES}.")
    Split split;

    @Option(names = "--json", description = "One JSON object per theorem and line (JSON Lines).")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> setDirs;
        if (set != null) {
            OptionalInt missing = TheoremsCommand.noSuchSet(err, dir.dir, set);
            if (missing.isPresent()) {
                return missing.getAsInt();
            }
            setDirs = List.of(SetNames.dir(dir.dir, set));
        } else if (Files.isDirectory(dir.dir)) {
            setDirs = SetReader.setDirs(dir.dir);
        } else {
            err.println("no theorems folder at " + dir.dir + "; give one with --dir");
            return LeanforgeCli.EXIT_USAGE;
        }
        int code = 0;
        List<TheoremSet> sets = new ArrayList<>();
        for (Path setDir : setDirs) {
            try {
                sets.add(SetReader.read(setDir));
            } catch (InvalidInputException e) {
                code = TheoremsCommand.invalid(err, "invalid set " + setDir, e);
            }
        }
        if (json) {
            for (TheoremSet s : sets) {
                selected(s).forEach(t -> out.println(toJson(s, t)));
            }
        } else if (!sets.isEmpty() || code == 0) {
            table(out, sets.stream().flatMap(s -> selected(s).stream()).toList());
        }
        out.flush();
        return code;
    }

    private List<Theorem> selected(TheoremSet s) {
        return s.theorems().stream().filter(t -> split == null || t.split() == split).toList();
    }

    static String toJson(TheoremSet set, Theorem t) {
        ObjectNode node = JSON.createObjectNode();
        node.put("set", t.set());
        node.put("name", t.name());
        node.put("split", t.split().word());
        if (t.difficulty().isPresent()) {
            node.put("difficulty", t.difficulty().getAsInt());
        } else {
            node.putNull("difficulty");
        }
        ArrayNode tags = node.putArray("tags");
        t.tags().forEach(tags::add);
        node.put("file", t.file());
        node.put("line", t.line());
        node.put("header", t.header());
        node.put("statement", t.statement());
        node.put("placeholder", t.placeholder());
        node.put("docstring", t.docstring().orElse(null));
        ArrayNode proofs = node.putArray("proofs");
        for (ReferenceProof p : t.proofs()) {
            ObjectNode proof = proofs.addObject();
            proof.put("proof", p.proof());
            proof.set("checked", ProofsCodec.checkedJson(p.checked()));
        }
        node.put("toolchain", set.manifest().toolchain());
        node.put("mathlib", set.manifest().mathlib().orElse(null));
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void table(PrintWriter out, List<Theorem> theorems) {
        String[] head = {"SET", "THEOREM", "SPLIT", "DIFFICULTY", "PROOFS", "TAGS"};
        List<String[]> rows = new ArrayList<>();
        rows.add(head);
        for (Theorem t : theorems) {
            rows.add(new String[] {t.set(), t.name(), t.split().word(),
                t.difficulty().isPresent() ? String.valueOf(t.difficulty().getAsInt()) : "-",
                String.valueOf(t.proofs().size()), String.join(",", t.tags())});
        }
        int[] widths = new int[head.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].codePointCount(0, row[i].length()));
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i + 1 < row.length) {
                    line.append(" ".repeat(widths[i] - row[i].codePointCount(0, row[i].length()) + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
        out.println(theorems.size() + " theorems: " + TheoremsCommand.splitCounts(theorems.stream().map(Theorem::split)));
    }
}
