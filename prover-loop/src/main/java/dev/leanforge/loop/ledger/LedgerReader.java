package dev.leanforge.loop.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Reads a ledger strictly: a line that is not a well-formed entry fails the whole read with its file, line number
 * and what is wrong. Whether a well-formed entry's claims hold (its statement hash, its theorem name) is
 * {@link LedgerGate}'s question, answered per entry.
 */
public final class LedgerReader {

    private static final List<String> FIELDS = Arrays.stream(LedgerEntry.class.getRecordComponents())
            .map(RecordComponent::getName)
            .toList();

    private LedgerReader() {
    }

    public static List<LedgerEntry> read(Path file) throws IOException {
        List<LedgerEntry> entries = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                entries.add(parse(file, number, line));
            }
        }
        return entries;
    }

    private static LedgerEntry parse(Path file, int number, String line) throws LedgerFormatException {
        if (line.isBlank()) {
            throw new LedgerFormatException(file, number, "blank line; a ledger has one JSON object per line", null);
        }
        JsonNode node;
        try {
            node = LedgerJson.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new LedgerFormatException(file, number, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (!node.isObject()) {
            throw new LedgerFormatException(file, number, "expected a JSON object, found " + node.getNodeType(),
                    null);
        }
        // Field names are checked here rather than left to Jackson, for messages that say what to do.
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new LedgerFormatException(file, number, "unknown field '" + name
                        + "' (a ledger entry has exactly: " + String.join(", ", FIELDS) + ")", null);
            }
        }
        for (String field : FIELDS) {
            if (!node.has(field)) {
                throw new LedgerFormatException(file, number, "missing field '" + field + "'"
                        + (field.equals("mathlibRevision") ? " (write null when there is no Mathlib)" : ""), null);
            }
        }
        try {
            return LedgerJson.MAPPER.treeToValue(node, LedgerEntry.class);
        } catch (ValueInstantiationException e) {
            // The entry's own validation: a null value, an unknown tier.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new LedgerFormatException(file, number, cause.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new LedgerFormatException(file, number, "bad value: " + e.getOriginalMessage(), e);
        }
    }
}
