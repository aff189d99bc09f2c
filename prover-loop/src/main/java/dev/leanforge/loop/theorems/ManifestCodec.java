package dev.leanforge.loop.theorems;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and writes {@code manifest.json}. Reading checks everything that can be checked without the Lean files and
 * reports each problem at its {@code file:line:column}; writing puts one theorem per line so that hand edits and
 * diffs stay readable.
 */
public final class ManifestCodec {

    public static final String FILE_NAME = "manifest.json";

    private static final Pattern TOOLCHAIN = Pattern.compile("[^/\\s]+/[^:\\s]+:\\S+");
    private static final List<String> FIELDS =
            List.of("name", "description", "source", "license", "toolchain", "mathlib", "header", "files", "theorems");
    private static final List<String> ENTRY_FIELDS = List.of("name", "split", "difficulty", "tags");

    private ManifestCodec() {}

    /** A checked manifest and where its parts are, for messages about them found later. */
    public record Parsed(Manifest manifest, JsonDocument document) {

        /** Where the entry of theorem {@code name} is in the manifest. */
        public Location whereEntry(String name) {
            List<Manifest.Entry> theorems = manifest.theorems();
            for (int i = 0; i < theorems.size(); i++) {
                if (theorems.get(i).name().equals(name)) {
                    return document.where("/theorems/" + i);
                }
            }
            return document.where("");
        }
    }

    /**
     * Parses and checks a manifest. {@code file} names it in messages; {@code expectedName} is the folder's name,
     * which the manifest's {@code name} must equal.
     */
    public static Parsed read(String text, String file, String expectedName) throws InvalidInputException {
        JsonDocument doc = JsonDocument.parse(text, file, 1);
        List<InputError> errors = new ArrayList<>();
        JsonNode root = doc.root();
        if (!root.isObject()) {
            throw new InvalidInputException(doc.where(""), "expected a JSON object with the fields " + FIELDS);
        }
        unknownFields(root, "", FIELDS, doc, errors);

        String name = text(root, "name", doc, errors, false);
        if (name != null && !name.equals(expectedName)) {
            errors.add(new InputError(doc.where("/name"),
                    "name \"" + name + "\" must equal the set's folder name \"" + expectedName + "\""));
        }
        if (name != null) {
            SetNames.problem(name).ifPresent(problem -> errors.add(new InputError(doc.where("/name"),
                    "name " + problem)));
        }
        String description = text(root, "description", doc, errors, false);
        String source = text(root, "source", doc, errors, false);
        String license = text(root, "license", doc, errors, false);
        String toolchain = text(root, "toolchain", doc, errors, false);
        if (toolchain != null && !TOOLCHAIN.matcher(toolchain).matches()) {
            errors.add(new InputError(doc.where("/toolchain"),
                    "toolchain \"" + toolchain + "\" is not of the form leanprover/lean4:v4.24.0"));
        }
        Optional<String> mathlib = mathlib(root, doc, errors);
        String header = text(root, "header", doc, errors, true);
        List<String> files = files(root, doc, errors);
        List<Manifest.Entry> theorems = theorems(root, doc, errors);

        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new Parsed(new Manifest(name, description, source, license, toolchain, mathlib, header, files, theorems),
                doc);
    }

    private static void unknownFields(JsonNode object, String pointer, List<String> known, JsonDocument doc,
                                      List<InputError> errors) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String field = names.next();
            if (!known.contains(field)) {
                errors.add(new InputError(doc.where(pointer + "/" + field),
                        "unknown field \"" + field + "\"; the fields are " + String.join(", ", known)));
            }
        }
    }

    private static String text(JsonNode root, String field, JsonDocument doc, List<InputError> errors,
                               boolean blankAllowed) {
        JsonNode node = root.get(field);
        if (node == null) {
            errors.add(new InputError(doc.where(""), "missing field \"" + field + "\""));
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new InputError(doc.where("/" + field), "\"" + field + "\" must be a string"));
            return null;
        }
        if (!blankAllowed && node.asText().isBlank()) {
            errors.add(new InputError(doc.where("/" + field), "\"" + field + "\" must not be empty"));
            return null;
        }
        return node.asText();
    }

    private static Optional<String> mathlib(JsonNode root, JsonDocument doc, List<InputError> errors) {
        JsonNode node = root.get("mathlib");
        if (node == null) {
            errors.add(new InputError(doc.where(""),
                    "missing field \"mathlib\" (null for core Lean, or {\"revision\": \"v4.24.0\"})"));
            return Optional.empty();
        }
        if (node.isNull()) {
            return Optional.empty();
        }
        JsonNode revision = node.get("revision");
        if (!node.isObject() || revision == null || !revision.isTextual() || revision.asText().isBlank()
                || node.size() != 1) {
            errors.add(new InputError(doc.where("/mathlib"),
                    "\"mathlib\" must be null (core Lean only) or {\"revision\": \"<tag or commit>\"}"));
            return Optional.empty();
        }
        return Optional.of(revision.asText());
    }

    private static List<String> files(JsonNode root, JsonDocument doc, List<InputError> errors) {
        JsonNode node = root.get("files");
        List<String> files = new ArrayList<>();
        if (node == null || !node.isArray() || node.isEmpty()) {
            errors.add(new InputError(doc.where(node == null ? "" : "/files"),
                    "\"files\" must be a non-empty list of .lean files relative to the set's folder"));
            return files;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode f = node.get(i);
            String path = f.asText();
            if (!f.isTextual() || !path.endsWith(".lean") || path.startsWith("/") || path.contains("\\")
                    || List.of(path.split("/")).contains("..")) {
                errors.add(new InputError(doc.where("/files/" + i),
                        "file " + f + " must be a relative path ending in .lean, inside the set's folder"));
            } else if (!seen.add(path)) {
                errors.add(new InputError(doc.where("/files/" + i), "file \"" + path + "\" is listed twice"));
            } else {
                files.add(path);
            }
        }
        return files;
    }

    private static List<Manifest.Entry> theorems(JsonNode root, JsonDocument doc, List<InputError> errors) {
        JsonNode node = root.get("theorems");
        List<Manifest.Entry> entries = new ArrayList<>();
        if (node == null || !node.isArray() || node.isEmpty()) {
            errors.add(new InputError(doc.where(node == null ? "" : "/theorems"),
                    "\"theorems\" must be a non-empty list of {\"name\", \"split\", \"difficulty\", \"tags\"}"));
            return entries;
        }
        Map<String, Location> firstSeen = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String pointer = "/theorems/" + i;
            JsonNode t = node.get(i);
            if (!t.isObject()) {
                errors.add(new InputError(doc.where(pointer), "each theorem must be an object with name and split"));
                continue;
            }
            unknownFields(t, pointer, ENTRY_FIELDS, doc, errors);
            JsonNode name = t.get("name");
            if (name == null || !name.isTextual() || name.asText().isBlank()) {
                errors.add(new InputError(doc.where(pointer), "theorem needs a \"name\" (its fully qualified name)"));
                continue;
            }
            Location previous = firstSeen.putIfAbsent(name.asText(), doc.where(pointer));
            if (previous != null) {
                errors.add(new InputError(doc.where(pointer + "/name"),
                        "duplicate theorem \"" + name.asText() + "\" (first listed at " + previous + ")"));
                continue;
            }
            Optional<Split> split = Optional.ofNullable(t.get("split")).filter(JsonNode::isTextual)
                    .flatMap(s -> Split.parse(s.asText()));
            if (split.isEmpty()) {
                errors.add(new InputError(doc.where(pointer + "/split"), "theorem \"" + name.asText()
                        + "\": \"split\" must be \"train\", \"valid\" or \"test\", not " + t.get("split")));
                continue;
            }
            OptionalInt difficulty = OptionalInt.empty();
            JsonNode d = t.get("difficulty");
            if (d != null && !d.isNull()) {
                if (!d.isInt() || d.asInt() < 1 || d.asInt() > 5) {
                    errors.add(new InputError(doc.where(pointer + "/difficulty"), "theorem \"" + name.asText()
                            + "\": \"difficulty\" must be a whole number from 1 to 5, not " + d));
                    continue;
                }
                difficulty = OptionalInt.of(d.asInt());
            }
            List<String> tags = new ArrayList<>();
            JsonNode tagNode = t.get("tags");
            if (tagNode != null && !tagNode.isNull()) {
                boolean ok = tagNode.isArray();
                for (JsonNode tag : tagNode) {
                    ok &= tag.isTextual() && !tag.asText().isBlank() && !tags.contains(tag.asText());
                    tags.add(tag.asText());
                }
                if (!ok) {
                    errors.add(new InputError(doc.where(pointer + "/tags"), "theorem \"" + name.asText()
                            + "\": \"tags\" must be a list of distinct, non-empty strings"));
                    continue;
                }
            }
            entries.add(new Manifest.Entry(name.asText(), split.get(), difficulty, tags));
        }
        return entries;
    }

    /** The manifest as JSON: fields in a fixed order, one file and one theorem per line, ending in a newline. */
    public static String write(Manifest manifest) {
        StringBuilder out = new StringBuilder("{\n");
        field(out, "name", json(manifest.name()));
        field(out, "description", json(manifest.description()));
        field(out, "source", json(manifest.source()));
        field(out, "license", json(manifest.license()));
        field(out, "toolchain", json(manifest.toolchain()));
        field(out, "mathlib", manifest.mathlib()
                .map(r -> json(JsonDocument.MAPPER.createObjectNode().put("revision", r))).orElse("null"));
        field(out, "header", json(manifest.header()));
        out.append("  \"files\": [\n");
        list(out, manifest.files().stream().map(ManifestCodec::json).toList());
        out.append("  ],\n  \"theorems\": [\n");
        list(out, manifest.theorems().stream().map(ManifestCodec::entry).toList());
        out.append("  ]\n}\n");
        return out.toString();
    }

    private static String entry(Manifest.Entry entry) {
        ObjectNode node = JsonDocument.MAPPER.createObjectNode();
        node.put("name", entry.name());
        node.put("split", entry.split().word());
        entry.difficulty().ifPresent(d -> node.put("difficulty", d));
        if (!entry.tags().isEmpty()) {
            ArrayNode tags = node.putArray("tags");
            entry.tags().forEach(tags::add);
        }
        return json(node);
    }

    private static void field(StringBuilder out, String name, String jsonValue) {
        out.append("  \"").append(name).append("\": ").append(jsonValue).append(",\n");
    }

    private static void list(StringBuilder out, List<String> items) {
        for (int i = 0; i < items.size(); i++) {
            out.append("    ").append(items.get(i)).append(i + 1 < items.size() ? ",\n" : "\n");
        }
    }

    /** One line, with a space after {@code :} and {@code ,} as people write JSON by hand. */
    private static final class OneLinePrinter extends MinimalPrettyPrinter {
        private static final long serialVersionUID = 1L;

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }
    }

    private static String json(Object value) {
        try {
            return JsonDocument.MAPPER.writer(new OneLinePrinter()).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
