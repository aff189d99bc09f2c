package dev.leanforge.loop.theorems.importer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leanforge.bridge.source.LexError;
import dev.leanforge.bridge.source.SourceText;
import dev.leanforge.bridge.source.Token;
import dev.leanforge.loop.theorems.InputError;
import dev.leanforge.loop.theorems.InvalidInputException;
import dev.leanforge.loop.theorems.JsonDocument;
import dev.leanforge.loop.theorems.Location;
import dev.leanforge.loop.theorems.Manifest;
import dev.leanforge.loop.theorems.SetReader;
import dev.leanforge.loop.theorems.Split;
import dev.leanforge.loop.theorems.extract.Declaration;
import dev.leanforge.loop.theorems.extract.Extraction;
import dev.leanforge.loop.theorems.extract.StatementExtractor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Imports JSON lines of {@code {"name", "split", "header", "statement"}} (the benchmark files' format). Statements
 * that share a header go into one file, which starts with the header; the manifest's header is what all headers
 * share. Each line's name, header and statement read back exactly, which {@link SetImporter} checks.
 */
public final class JsonlImporter {

    /** miniF2F names start with their competition: {@code amc12a_2019_p12}, {@code mathd_algebra_314}. */
    private static final Pattern MINIF2F_FAMILY = Pattern.compile("^(mathd_[a-z]+|[A-Za-z]+[0-9]*[a-zA-Z]*?)(?=_)");

    private JsonlImporter() {}

    /** One accepted line. */
    private record Row(String name, Split split, String header, String declaration, List<String> tags,
                       Location where) {}

    public static ImportedSet plan(Path source, ImportFormat format, ImportOptions options)
            throws InvalidInputException {
        if (format == ImportFormat.LEAN) {
            throw new IllegalArgumentException("not a JSON lines format: " + format.word());
        }
        String file = source.toString();
        String text = SetReader.readText(source);
        List<Row> rows = new ArrayList<>();
        List<InputError> errors = new ArrayList<>();
        Map<String, Location> firstSeen = new HashMap<>();
        Map<String, Extraction> headers = new HashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                Row row = row(JsonDocument.parse(lines[i], file, i + 1), format, options, headers);
                Location previous = firstSeen.putIfAbsent(row.name(), row.where());
                if (previous != null) {
                    errors.add(new InputError(row.where(), "duplicate theorem \"" + row.name()
                            + "\" (first on line " + previous.line() + ")"));
                } else {
                    rows.add(row);
                }
            } catch (InvalidInputException e) {
                errors.addAll(e.errors());
            }
        }
        if (rows.isEmpty() && errors.isEmpty()) {
            errors.add(new InputError(Location.of(file), "no theorems: the file has no JSON lines"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return build(rows, source, format, options, headers);
    }

    /** {@code headers} caches the extraction of each distinct header: many lines share one. */
    private static Row row(JsonDocument doc, ImportFormat format, ImportOptions options,
                           Map<String, Extraction> headers) throws InvalidInputException {
        JsonNode root = doc.root();
        Location where = doc.where("");
        if (!root.isObject()) {
            throw new InvalidInputException(where, "expected an object {\"name\", \"split\", \"header\", \"statement\"}");
        }
        String name = field(doc, "name");
        String header = field(doc, "header");
        String statement = field(doc, "statement");
        String splitWord = field(doc, "split");
        Optional<Split> split = options.split().or(() -> Split.parse(splitWord));
        if (split.isEmpty()) {
            throw new InvalidInputException(doc.where("/split"),
                    "\"split\" must be \"train\", \"valid\" or \"test\", not \"" + splitWord + "\"");
        }
        checkHeader(header, headers.computeIfAbsent(header, StatementExtractor::extract), name, doc.where("/header"));
        String declaration = checkStatement(statement, name, doc.where("/statement"));
        return new Row(name, split.get(), header, declaration, tags(format, name, root), where);
    }

    private static String field(JsonDocument doc, String name) throws InvalidInputException {
        JsonNode node = doc.root().get(name);
        if (node == null || !node.isTextual()) {
            throw new InvalidInputException(doc.where(node == null ? "" : "/" + name),
                    "\"" + name + "\" must be a string (each line needs name, split, header and statement)");
        }
        return node.asText();
    }

    private static void checkHeader(String header, Extraction extraction, String name, Location where)
            throws InvalidInputException {
        SourceText text = new SourceText(header);
        String what = "header of \"" + name + "\"";
        if (!extraction.errors().isEmpty()) {
            LexError error = extraction.errors().get(0);
            throw new InvalidInputException(where, what + ": " + error.message()
                    + inText(text, error.offset(), "header"));
        }
        if (!extraction.problems().isEmpty()) {
            Declaration d = extraction.problems().get(0);
            throw new InvalidInputException(where, what + " declares \"" + d.qualifiedName() + "\" with a `sorry`"
                    + " proof" + inText(text, d.start(), "header") + "; every problem needs a line of its own");
        }
        if (!extraction.holesBeforeProblems().isEmpty()) {
            Token hole = extraction.holesBeforeProblems().get(0);
            throw new InvalidInputException(where, what + " uses `" + hole.text() + "`"
                    + inText(text, hole.start(), "header") + ", so no proof checked after it could be accepted");
        }
    }

    /** The statement without surrounding whitespace, if it is exactly one theorem named {@code name} with a sorry proof. */
    private static String checkStatement(String statement, String name, Location where) throws InvalidInputException {
        String trimmed = statement.strip();
        Extraction extraction = StatementExtractor.extract(trimmed);
        SourceText text = new SourceText(trimmed);
        String what = "statement of \"" + name + "\"";
        if (!extraction.errors().isEmpty()) {
            LexError error = extraction.errors().get(0);
            throw new InvalidInputException(where, what + ": " + error.message() + inText(text, error.offset(),
                    "statement"));
        }
        List<Declaration> declarations = extraction.declarations();
        if (declarations.isEmpty()) {
            throw new InvalidInputException(where, what + " has no `theorem` or `lemma` declaration");
        }
        if (declarations.size() > 1) {
            throw new InvalidInputException(where, what + " declares more than one theorem (\""
                    + declarations.get(1).qualifiedName() + "\"" + inText(text, declarations.get(1).start(),
                    "statement") + ")");
        }
        Declaration d = declarations.get(0);
        if (d.body() == Declaration.Body.NO_ASSIGN) {
            throw new InvalidInputException(where, what + ": no `:=` ends the theorem's signature");
        }
        if (!d.isProblem()) {
            throw new InvalidInputException(where, what + ": the proof after `:=`" + inText(text, d.statementEnd(),
                    "statement") + " must be just `sorry` or `by sorry`");
        }
        if (!d.qualifiedName().equals(name)) {
            throw new InvalidInputException(where, what + " declares \"" + d.qualifiedName()
                    + "\" instead" + inText(text, d.nameStart(), "statement"));
        }
        if (d.start() != 0 || d.end() != trimmed.length()) {
            int at = d.start() != 0 ? 0 : d.end();
            throw new InvalidInputException(where, what + " has text outside the declaration"
                    + inText(text, at, "statement") + "; put definitions in the header");
        }
        return trimmed;
    }

    private static String inText(SourceText text, int offset, String part) {
        return " (line " + text.line(offset) + ", column " + text.column(offset) + " of the " + part + ")";
    }

    private static List<String> tags(ImportFormat format, String name, JsonNode root) {
        return switch (format) {
            case MINIF2F_JSONL -> {
                Matcher m = MINIF2F_FAMILY.matcher(name);
                yield m.find() ? List.of(m.group(1)) : List.of();
            }
            case MINICODEPROPS_JSONL -> root.path("mathlib_free_candidate").asBoolean(false)
                    ? List.of("mathlib-free-candidate") : List.of();
            case LEAN -> List.of();
        };
    }

    private static ImportedSet build(List<Row> rows, Path source, ImportFormat format, ImportOptions options,
                                     Map<String, Extraction> headers) throws InvalidInputException {
        Map<String, List<Row>> byHeader = new LinkedHashMap<>();
        for (Row row : rows) {
            byHeader.computeIfAbsent(row.header(), h -> new ArrayList<>()).add(row);
        }
        String shared = SharedHeader.of(new ArrayList<>(byHeader.keySet()), Integer.MAX_VALUE);
        boolean mathlib = false;

        Map<String, String> files = new LinkedHashMap<>();
        Map<String, String> headerOf = new HashMap<>();
        Set<String> usedNames = new HashSet<>();
        for (Map.Entry<String, List<Row>> group : byHeader.entrySet()) {
            String header = group.getKey();
            Extraction headerExtraction = headers.get(header);
            mathlib |= headerExtraction.importsMathlib();
            boolean context = headerExtraction.holdsCode(shared.length(), header.length());
            // Context is kept exactly; it must end a line, or the first statement would continue it.
            String prefix = context && !header.endsWith("\n") ? header + "\n" : header;
            String fileName = fileName(byHeader.size() == 1 ? options.set() : group.getValue().get(0).name(),
                    usedNames);
            StringBuilder body = new StringBuilder(prefix);
            if (!context && !prefix.isEmpty() && !prefix.endsWith("\n\n")) {
                body.append(prefix.endsWith("\n") ? "\n" : "\n\n");
            }
            for (int i = 0; i < group.getValue().size(); i++) {
                body.append(i == 0 ? "" : "\n\n").append(group.getValue().get(i).declaration());
            }
            files.put(fileName, body.append('\n').toString());
            headerOf.put(header, context ? prefix : shared);
        }

        if (mathlib && options.mathlib().isEmpty()) {
            throw new InvalidInputException(Location.of(source.toString()), "the headers import Mathlib: say which"
                    + " revision the statements need with --mathlib REV (a tag such as v4.24.0, or a commit)");
        }
        List<Manifest.Entry> entries = new ArrayList<>();
        List<ImportedSet.Expected> expected = new ArrayList<>();
        for (Row row : rows) {
            entries.add(new Manifest.Entry(row.name(), row.split(), OptionalInt.empty(), row.tags()));
            expected.add(new ImportedSet.Expected(row.name(), headerOf.get(row.header()), row.declaration(),
                    row.where()));
        }
        List<String> notes = new ArrayList<>();
        Manifest manifest = new Manifest(options.set(),
                options.description().orElse("Imported from " + source.getFileName() + " (" + format.word() + ")."),
                options.origin().orElse(source.toString()),
                options.license().orElseGet(() -> {
                    notes.add("no --license given: the manifest says the licence is unknown; please fill it in");
                    return "unknown (not given at import)";
                }),
                options.toolchain().orElseGet(() -> {
                    notes.add("no --toolchain given: recorded " + Manifest.DEFAULT_TOOLCHAIN);
                    return Manifest.DEFAULT_TOOLCHAIN;
                }),
                options.mathlib(), shared, List.copyOf(files.keySet()), entries);
        return new ImportedSet(manifest, files, expected, notes);
    }

    /** A file name from a theorem or set name: letters, digits and underscores, unique within the set. */
    static String fileName(String base, Set<String> used) {
        String stem = base.replaceAll("[^A-Za-z0-9_]", "_");
        String name = stem + ".lean";
        for (int i = 2; !used.add(name); i++) {
            name = stem + "_" + i + ".lean";
        }
        return name;
    }
}
