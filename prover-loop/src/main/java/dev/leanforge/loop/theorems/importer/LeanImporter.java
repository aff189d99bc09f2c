package dev.leanforge.loop.theorems.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.bridge.source.LexError;
import dev.leanforge.bridge.source.SourceText;
import dev.leanforge.bridge.source.Token;
import dev.leanforge.loop.theorems.InputError;
import dev.leanforge.loop.theorems.InvalidInputException;
import dev.leanforge.loop.theorems.Location;
import dev.leanforge.loop.theorems.Manifest;
import dev.leanforge.loop.theorems.SetReader;
import dev.leanforge.loop.theorems.Split;
import dev.leanforge.loop.theorems.extract.Declaration;
import dev.leanforge.loop.theorems.extract.Extraction;
import dev.leanforge.loop.theorems.extract.StatementExtractor;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Imports a {@code .lean} file, or every {@code .lean} file of a folder (a Lean project: {@code .lake},
 * {@code lake-packages}, {@code build} and hidden folders are skipped). Every theorem whose proof is just
 * {@code sorry} becomes a problem; the files that hold one are copied unchanged, so everything else in them (proved
 * lemmas, definitions) stays as context. The toolchain and Mathlib revision are read from {@code lean-toolchain}
 * and {@code lake-manifest.json} in the folder or above it, unless given.
 */
public final class LeanImporter {

    private static final Set<String> SKIPPED_FOLDERS = Set.of("lake-packages", "build");

    private LeanImporter() {}

    /** One source file that holds at least one problem. */
    private record Source(String relative, Path path, String text, Extraction extraction) {}

    public static ImportedSet plan(Path source, ImportOptions options) throws InvalidInputException, IOException {
        if (!Files.exists(source)) {
            throw new InvalidInputException(Location.of(source.toString()), "does not exist");
        }
        Path root = Files.isDirectory(source) ? source : source.toAbsolutePath().getParent();
        List<InputError> errors = new ArrayList<>();
        List<Source> sources = new ArrayList<>();
        for (Path path : leanFiles(source)) {
            String text = SetReader.readText(path);
            Extraction extraction = StatementExtractor.extract(text);
            SourceText positions = new SourceText(text);
            for (Declaration d : extraction.declarations()) {
                if (d.body() == Declaration.Body.NO_ASSIGN) {
                    unclosedBracket(extraction, d).ifPresent(open -> errors.add(new InputError(
                            at(path, positions, open.start()), "`" + open.text() + "` is never closed, so `"
                            + d.keyword() + " " + d.name() + "` has no `:=` outside brackets and Lean cannot read "
                            + "it (a syntax error); close the bracket")));
                }
            }
            if (extraction.problems().isEmpty()) {
                continue;
            }
            String relative = Files.isDirectory(source)
                    ? root.relativize(path).toString().replace('\\', '/')
                    : path.getFileName().toString();
            sources.add(new Source(relative, path, text, extraction));
            SourceText lines = new SourceText(text);
            for (LexError error : extraction.errors()) {
                errors.add(new InputError(at(path, lines, error.offset()), error.message()));
            }
            for (Token hole : extraction.holesBeforeProblems()) {
                errors.add(new InputError(at(path, lines, hole.start()), "`" + hole.text() + "` in a proof that is"
                        + " not just `sorry`: the problems after it could never be accepted, because Lean flags"
                        + " their shared header as using sorry; finish this proof, or make it exactly `sorry` so it"
                        + " becomes a problem"));
            }
        }
        if (sources.isEmpty() && errors.isEmpty()) {
            throw new InvalidInputException(Location.of(source.toString()),
                    "no theorem or lemma whose proof is just `sorry` (`:= sorry`, `:= by sorry`)");
        }

        Map<String, Location> firstSeen = new HashMap<>();
        int firstProblem = Integer.MAX_VALUE;
        for (Source s : sources) {
            SourceText lines = new SourceText(s.text());
            for (Declaration d : s.extraction().problems()) {
                Location where = at(s.path(), lines, d.start());
                Location previous = firstSeen.putIfAbsent(d.qualifiedName(), where);
                if (previous != null) {
                    errors.add(new InputError(where, "duplicate theorem \"" + d.qualifiedName()
                            + "\" (first declared at " + previous + ")"));
                }
            }
            firstProblem = Math.min(firstProblem, s.extraction().problems().get(0).start());
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }

        String shared = SharedHeader.of(sources.stream().map(Source::text).toList(), firstProblem);
        Split split = options.split().orElse(Split.TRAIN);
        Map<String, String> files = new LinkedHashMap<>();
        List<Manifest.Entry> entries = new ArrayList<>();
        List<ImportedSet.Expected> expected = new ArrayList<>();
        boolean mathlib = false;
        Set<String> imports = new TreeSet<>();
        for (Source s : sources) {
            files.put(s.relative(), s.text());
            mathlib |= s.extraction().importsMathlib();
            imports.addAll(s.extraction().imports());
            SourceText lines = new SourceText(s.text());
            List<Declaration> problems = s.extraction().problems();
            List<String> headers = s.extraction().problemHeaders(shared.length());
            for (int i = 0; i < problems.size(); i++) {
                Declaration d = problems.get(i);
                entries.add(new Manifest.Entry(d.qualifiedName(), split, OptionalInt.empty(), List.of()));
                expected.add(new ImportedSet.Expected(d.qualifiedName(), headers.get(i),
                        s.text().substring(d.start(), d.end()), at(s.path(), lines, d.start())));
            }
        }

        List<String> notes = new ArrayList<>();
        Optional<Path> projectRoot = findUp(root, "lean-toolchain");
        String toolchain = options.toolchain()
                .or(() -> projectRoot.flatMap(p -> firstLine(p.resolve("lean-toolchain"))))
                .orElseGet(() -> {
                    notes.add("no lean-toolchain found and no --toolchain given: recorded " + Manifest.DEFAULT_TOOLCHAIN);
                    return Manifest.DEFAULT_TOOLCHAIN;
                });
        Optional<String> mathlibRevision = options.mathlib()
                .or(() -> projectRoot.flatMap(p -> mathlibRevision(p.resolve("lake-manifest.json"))));
        if (mathlib && mathlibRevision.isEmpty()) {
            throw new InvalidInputException(Location.of(source.toString()), "the files import Mathlib, and no"
                    + " lake-manifest.json says which revision: give it with --mathlib REV (a tag such as v4.24.0)");
        }
        Path base = projectRoot.orElse(root);
        List<String> local = imports.stream()
                .filter(m -> Files.isRegularFile(base.resolve(m.replace('.', '/') + ".lean")))
                .toList();
        if (!local.isEmpty()) {
            notes.add("the statements import modules of the project itself (" + String.join(", ", local)
                    + "): checks need that project, built, given as --project-dir " + base);
        }
        Manifest manifest = new Manifest(options.set(),
                options.description().orElse("Theorems with `sorry` proofs imported from " + source.getFileName() + "."),
                options.origin().orElse(source.toString()),
                options.license().orElseGet(() -> {
                    notes.add("no --license given: the manifest says the licence is unknown; please fill it in");
                    return "unknown (not given at import)";
                }),
                toolchain, mathlibRevision, shared, List.copyOf(files.keySet()), entries);
        return new ImportedSet(manifest, files, expected, notes);
    }

    private static List<Path> leanFiles(Path source) throws IOException, InvalidInputException {
        if (!Files.isDirectory(source)) {
            if (!source.toString().endsWith(".lean")) {
                throw new InvalidInputException(Location.of(source.toString()), "not a .lean file or a folder");
            }
            return List.of(source);
        }
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                boolean skip = !dir.equals(source) && (name.startsWith(".") || SKIPPED_FOLDERS.contains(name));
                return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (file.toString().endsWith(".lean")) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(null);
        return files;
    }

    private static Optional<Path> findUp(Path start, String fileName) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(fileName))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> firstLine(Path file) {
        try {
            return Files.readString(file).lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Mathlib's {@code inputRev} when it is a version tag, else its exact {@code rev}, from a Lake manifest. */
    static Optional<String> mathlibRevision(Path lakeManifest) {
        if (!Files.isRegularFile(lakeManifest)) {
            return Optional.empty();
        }
        try {
            for (JsonNode pkg : new ObjectMapper().readTree(lakeManifest.toFile()).path("packages")) {
                if (pkg.path("name").asText().equals("mathlib")) {
                    String inputRev = pkg.path("inputRev").asText("");
                    String rev = pkg.path("rev").asText("");
                    return Optional.of(inputRev.matches("v\\d.*") ? inputRev : rev).filter(r -> !r.isBlank());
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The first bracket of {@code d}'s text that no bracket closes, if any. */
    private static Optional<Token> unclosedBracket(Extraction extraction, Declaration d) {
        Deque<Token> open = new ArrayDeque<>();
        for (Token t : extraction.tokens()) {
            if (t.start() < d.start() || t.start() >= d.end() || t.isComment()) {
                continue;
            }
            if (t.kind() == Token.Kind.OPEN || t.kind() == Token.Kind.ATTRIBUTE_OPEN) {
                open.push(t);
            } else if (t.kind() == Token.Kind.CLOSE && !open.isEmpty()) {
                open.pop();
            }
        }
        return open.isEmpty() ? Optional.empty() : Optional.of(open.peekLast());
    }

    private static Location at(Path file, SourceText text, int offset) {
        return new Location(file.toString(), text.line(offset), text.column(offset));
    }
}
