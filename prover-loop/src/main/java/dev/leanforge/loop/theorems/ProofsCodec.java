package dev.leanforge.loop.theorems;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leanforge.loop.theorems.ReferenceProof.AcceptedByLean;
import dev.leanforge.loop.theorems.ReferenceProof.Tier;
import dev.leanforge.loop.theorems.ReferenceProof.Unverified;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Reads a set's optional {@code proofs.jsonl}: one object per line,
 * {@code {"theorem": name, "proof": "by omega", "checked": "unverified"}} or with
 * {@code "checked": {"lean": "4.24.0", "tier": "fresh"}}. Blank lines are allowed.
 */
public final class ProofsCodec {

    public static final String FILE_NAME = "proofs.jsonl";

    private static final List<String> FIELDS = List.of("theorem", "proof", "checked");

    private ProofsCodec() {}

    /** One reference proof and the line it is on. */
    public record Line(ReferenceProof proof, Location where) {}

    /** The well-formed lines of {@code text}; each malformed one adds its problem to {@code errors}. */
    public static List<Line> read(String text, String file, List<InputError> errors) {
        List<Line> proofs = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                proofs.add(new Line(line(JsonDocument.parse(lines[i], file, i + 1)), new Location(file, i + 1, 1)));
            } catch (InvalidInputException e) {
                errors.addAll(e.errors());
            }
        }
        return proofs;
    }

    private static ReferenceProof line(JsonDocument doc) throws InvalidInputException {
        JsonNode root = doc.root();
        if (!root.isObject()) {
            throw new InvalidInputException(doc.where(""), "expected an object {\"theorem\", \"proof\", \"checked\"}");
        }
        Iterator<String> names = root.fieldNames();
        while (names.hasNext()) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                throw new InvalidInputException(doc.where("/" + field),
                        "unknown field \"" + field + "\"; the fields are " + String.join(", ", FIELDS));
            }
        }
        String theorem = requiredText(doc, "theorem");
        String proof = requiredText(doc, "proof");
        JsonNode checked = root.get("checked");
        if (checked == null) {
            throw new InvalidInputException(doc.where(""),
                    "missing \"checked\": \"unverified\", or {\"lean\": \"4.24.0\", \"tier\": \"fresh\"} if Lean accepted it");
        }
        if (checked.isTextual() && checked.asText().equals("unverified")) {
            return new ReferenceProof(theorem, proof, new Unverified());
        }
        JsonNode lean = checked.get("lean");
        Optional<Tier> tier = Optional.ofNullable(checked.get("tier")).filter(JsonNode::isTextual)
                .flatMap(t -> Arrays.stream(Tier.values()).filter(v -> v.word().equals(t.asText())).findFirst());
        if (!checked.isObject() || checked.size() != 2 || lean == null || !lean.isTextual() || lean.asText().isBlank()
                || tier.isEmpty()) {
            throw new InvalidInputException(doc.where("/checked"), "\"checked\" must be \"unverified\" or "
                    + "{\"lean\": \"<version>\", \"tier\": \"fresh\" or \"warm\"}, not " + checked);
        }
        return new ReferenceProof(theorem, proof, new AcceptedByLean(lean.asText(), tier.get()));
    }

    private static String requiredText(JsonDocument doc, String field) throws InvalidInputException {
        JsonNode node = doc.root().get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new InvalidInputException(doc.where(node == null ? "" : "/" + field),
                    "\"" + field + "\" must be a non-empty string");
        }
        return node.asText();
    }

    /** The {@code checked} value as it appears in proofs.jsonl and in {@code theorems list --json}. */
    public static JsonNode checkedJson(ReferenceProof.Check check) {
        if (check instanceof AcceptedByLean accepted) {
            ObjectNode node = JsonDocument.MAPPER.createObjectNode();
            node.put("lean", accepted.lean());
            node.put("tier", accepted.tier().word());
            return node;
        }
        return JsonDocument.MAPPER.getNodeFactory().textNode("unverified");
    }
}
