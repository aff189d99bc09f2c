package dev.leanforge.loop.theorems;

import dev.leanforge.bridge.source.LexError;
import dev.leanforge.bridge.source.SourceText;
import dev.leanforge.bridge.source.Token;
import dev.leanforge.loop.theorems.extract.Declaration;
import dev.leanforge.loop.theorems.extract.Extraction;
import dev.leanforge.loop.theorems.extract.StatementExtractor;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads a theorem set from its folder and checks that manifest, Lean files and reference proofs agree. Every
 * problem found is reported with its {@code file:line:column}; a set with any problem is refused as a whole.
 */
public final class SetReader {

    /** Said of a set's file that is, or lies in a folder that is, a link to somewhere outside the set's folder. */
    static final String LINK_OUTSIDE =
            "a link that leads outside the set's folder; a set holds its own files, so copy it in";

    private SetReader() {}

    /** The sets under {@code theoremsDir}: its sub-folders holding a manifest, by name; hidden ones are skipped. */
    public static List<Path> setDirs(Path theoremsDir) throws IOException {
        try (Stream<Path> children = Files.list(theoremsDir)) {
            return children.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> Files.isRegularFile(p.resolve(ManifestCodec.FILE_NAME)))
                    .sorted()
                    .toList();
        }
    }

    public static TheoremSet read(Path setDir) throws InvalidInputException {
        Path manifestPath = setDir.resolve(ManifestCodec.FILE_NAME);
        if (!Files.isRegularFile(manifestPath)) {
            throw new InvalidInputException(Location.of(setDir.toString()),
                    "not a theorem set: no " + ManifestCodec.FILE_NAME + " (see docs/theorem-sets.md)");
        }
        Path root = realPath(setDir);
        Optional<InputError> escapes = outside(root, manifestPath);
        if (escapes.isPresent()) {
            throw new InvalidInputException(List.of(escapes.get()));
        }
        String folderName = setDir.toAbsolutePath().normalize().getFileName().toString();
        ManifestCodec.Parsed parsed =
                ManifestCodec.read(readText(manifestPath), manifestPath.toString(), folderName);
        return new Reading(setDir, root, parsed).run();
    }

    /**
     * An error when {@code file} resolves, through a link to it or to a folder on its way, outside {@code root} (the
     * set folder's real path). Checked before a file is read, so nothing from elsewhere reaches a message or a
     * prompt. The set folder itself may be a link; it is what {@code root} is. Someone who can change the set's
     * files between this check and the read could as well change their text, so no more is guarded here.
     */
    private static Optional<InputError> outside(Path root, Path file) throws InvalidInputException {
        return realPath(file).startsWith(root) ? Optional.empty()
                : Optional.of(new InputError(Location.of(file.toString()), LINK_OUTSIDE));
    }

    private static Path realPath(Path path) throws InvalidInputException {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new InvalidInputException(Location.of(path.toString()), "cannot read: " + e);
        }
    }

    /** A UTF-8 text file, or an error naming it. */
    public static String readText(Path file) throws InvalidInputException {
        try {
            return Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(Location.of(file.toString()), "not valid UTF-8");
        } catch (IOException e) {
            throw new InvalidInputException(Location.of(file.toString()), "cannot read: " + e);
        }
    }

    /** A problem found in a file, before it is joined with its manifest entry. */
    private record Found(String file, Location where, String header, String statement, String placeholder,
                         Optional<String> docstring) {}

    /** The state of reading one set. */
    private static final class Reading {
        private final Path dir;
        /** {@code dir}'s real path: every file read must lie under it. */
        private final Path root;
        private final ManifestCodec.Parsed parsed;
        private final Manifest manifest;
        private final List<InputError> errors = new ArrayList<>();
        private final Map<String, Found> found = new LinkedHashMap<>();
        private final Set<String> listed = new HashSet<>();
        /**
         * Listed theorems declared with a real proof (or none): wrong unless another file declares them as problems,
         * since each file is its own Lean document and may prove, as context, what another file poses.
         */
        private final Map<String, InputError> declaredWithoutSorry = new HashMap<>();
        /** Listed theorems already reported as wrong, so they are not reported missing as well. */
        private final Set<String> misdeclared = new HashSet<>();

        Reading(Path dir, Path root, ManifestCodec.Parsed parsed) {
            this.dir = dir;
            this.root = root;
            this.parsed = parsed;
            this.manifest = parsed.manifest();
            manifest.theorems().forEach(e -> listed.add(e.name()));
        }

        TheoremSet run() throws InvalidInputException {
            for (int i = 0; i < manifest.files().size(); i++) {
                readFile(manifest.files().get(i), i);
            }
            for (Manifest.Entry entry : manifest.theorems()) {
                if (found.containsKey(entry.name()) || misdeclared.contains(entry.name())) {
                    continue;
                }
                InputError proved = declaredWithoutSorry.get(entry.name());
                if (proved != null) {
                    errors.add(proved);
                } else {
                    errors.add(new InputError(parsed.whereEntry(entry.name()), "theorem \"" + entry.name()
                            + "\" is listed, but no file of the set declares it with a `sorry` proof"));
                }
            }
            Map<String, List<ReferenceProof>> proofs = readProofs();
            if (!errors.isEmpty()) {
                throw new InvalidInputException(errors);
            }
            List<Theorem> theorems = new ArrayList<>();
            for (Manifest.Entry entry : manifest.theorems()) {
                Found f = found.get(entry.name());
                theorems.add(new Theorem(manifest.name(), entry.name(), entry.split(), entry.difficulty(),
                        entry.tags(), f.file(), f.where().line(), f.where().column(), f.header(), f.statement(), f.placeholder(), f.docstring(),
                        proofs.getOrDefault(entry.name(), List.of())));
            }
            return new TheoremSet(dir, manifest, theorems);
        }

        private void readFile(String file, int index) {
            Path path = dir.resolve(file);
            String display = path.toString();
            if (!Files.isRegularFile(path)) {
                errors.add(new InputError(parsed.document().where("/files/" + index),
                        "file " + display + " does not exist"));
                return;
            }
            String source;
            try {
                if (isOutside(path)) {
                    return;
                }
                source = readText(path);
            } catch (InvalidInputException e) {
                errors.addAll(e.errors());
                return;
            }
            SourceText text = new SourceText(source);
            String header = manifest.header();
            if (!source.startsWith(header)) {
                int at = SourceText.commonPrefixLength(source, header);
                errors.add(new InputError(at(display, text, at), "the file must start with the manifest's header;"
                        + " here the header has " + snippet(header, at) + " but the file has " + snippet(source, at)));
                return;
            }
            Extraction extraction = StatementExtractor.extract(source);
            for (LexError error : extraction.errors()) {
                errors.add(new InputError(at(display, text, error.offset()), error.message()));
            }
            List<Declaration> problems = extraction.problems();
            List<String> headers = extraction.problemHeaders(header.length());
            for (Declaration d : extraction.declarations()) {
                Location where = at(display, text, d.start());
                String name = d.qualifiedName();
                if (!d.isProblem()) {
                    if (listed.contains(name)) {
                        declaredWithoutSorry.putIfAbsent(name, new InputError(where, "theorem \"" + name + "\" is listed in the manifest, but "
                                + (d.body() == Declaration.Body.NO_ASSIGN
                                        ? "no `:=` ends its statement"
                                        : "its proof is not just `sorry`; reference proofs go in "
                                                + ProofsCodec.FILE_NAME)));
                    }
                    continue;
                }
                if (d.start() < header.length()) {
                    misdeclared.add(name);
                    errors.add(new InputError(where, "theorem \"" + name + "\" lies inside the manifest's header"));
                } else if (!listed.contains(name)) {
                    errors.add(new InputError(where, "theorem \"" + name + "\" has a `sorry` proof but is not listed"
                            + " in the manifest; add {\"name\": \"" + name + "\", \"split\": \"train\"} to its theorems"));
                } else if (found.containsKey(name)) {
                    errors.add(new InputError(where, "duplicate theorem \"" + name + "\" (first declared at "
                            + found.get(name).where() + ")"));
                } else {
                    found.put(name, new Found(file, where, headers.get(problems.indexOf(d)),
                            d.statement(source), d.placeholder(source), d.docstring()));
                }
            }
            for (Token hole : extraction.holesBeforeProblems()) {
                errors.add(new InputError(at(display, text, hole.start()), "`" + hole.text() + "` outside a problem's"
                        + " placeholder: the theorems after it would share a header that Lean flags as using sorry,"
                        + " so no proof of them could be accepted; prove this declaration, or make its whole proof"
                        + " `sorry` to turn it into a problem"));
            }
        }

        /** Whether {@code file} leads outside the set; if so, that is recorded as an error. */
        private boolean isOutside(Path file) throws InvalidInputException {
            Optional<InputError> escapes = outside(root, file);
            escapes.ifPresent(errors::add);
            return escapes.isPresent();
        }

        private Map<String, List<ReferenceProof>> readProofs() {
            Path path = dir.resolve(ProofsCodec.FILE_NAME);
            Map<String, List<ReferenceProof>> proofs = new HashMap<>();
            if (!Files.exists(path)) {
                return proofs;
            }
            List<ProofsCodec.Line> lines;
            try {
                if (isOutside(path)) {
                    return proofs;
                }
                lines = ProofsCodec.read(readText(path), path.toString(), errors);
            } catch (InvalidInputException e) {
                errors.addAll(e.errors());
                return proofs;
            }
            for (ProofsCodec.Line line : lines) {
                ReferenceProof proof = line.proof();
                List<ReferenceProof> known = proofs.computeIfAbsent(proof.theorem(), k -> new ArrayList<>());
                if (!listed.contains(proof.theorem())) {
                    errors.add(new InputError(line.where(), "proof of \"" + proof.theorem()
                            + "\", which is not a theorem of this set"));
                } else if (known.stream().anyMatch(p -> p.proof().equals(proof.proof()))) {
                    errors.add(new InputError(line.where(), "the same proof of \"" + proof.theorem()
                            + "\" is given twice"));
                } else if (usesSorry(proof.proof())) {
                    errors.add(new InputError(line.where(), "the proof of \"" + proof.theorem()
                            + "\" uses `sorry` or `admit`, so it proves nothing"));
                } else {
                    known.add(proof);
                }
            }
            return proofs;
        }
    }

    private static boolean usesSorry(String proof) {
        return StatementExtractor.extract(proof).tokens().stream().anyMatch(t -> t.is("sorry") || t.is("admit"));
    }

    private static Location at(String file, SourceText text, int offset) {
        return new Location(file, text.line(offset), text.column(offset));
    }

    /** Up to 24 chars from {@code offset}, quoted with newlines shown, for messages. */
    private static String snippet(String s, int offset) {
        if (offset >= s.length()) {
            return "nothing more";
        }
        String part = s.substring(offset, Math.min(s.length(), offset + 24));
        return "\"" + part.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }
}
