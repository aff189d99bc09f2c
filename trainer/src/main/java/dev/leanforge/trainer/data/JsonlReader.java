package dev.leanforge.trainer.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.trainer.tokenizer.ByteLevel;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads JSONL data files: one JSON object per line, UTF-8. A record's fields must be JSON strings; other fields are
 * ignored (datasets often carry ids or metadata); blank lines are not records and are passed over. Any other line is
 * bad: not UTF-8, not JSON, not an object, a duplicate, missing or non-string field, or text with an unpaired
 * surrogate (which a {@code \\uD800} escape can produce and no tokenizer can encode). A bad line is logged and
 * returned under {@link BadLinePolicy#SKIP}, or ends the read with a {@link BadDataException} under
 * {@link BadLinePolicy#REJECT}; either way the report names the file, the line number and the problem.
 */
public final class JsonlReader {

    private static final Logger LOG = LoggerFactory.getLogger(JsonlReader.class);

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private JsonlReader() {}

    /** Reads {@code {"prompt", "completion"}} records. */
    public static JsonlData<SftRecord> readSft(Path file, BadLinePolicy policy) throws IOException {
        return read(file, policy, List.of("prompt", "completion"), v -> new SftRecord(v.get(0), v.get(1)));
    }

    /** Reads {@code {"prompt", "chosen", "rejected"}} records. */
    public static JsonlData<DpoRecord> readDpo(Path file, BadLinePolicy policy) throws IOException {
        return read(file, policy, List.of("prompt", "chosen", "rejected"),
                v -> new DpoRecord(v.get(0), v.get(1), v.get(2)));
    }

    private static <T> JsonlData<T> read(Path file, BadLinePolicy policy, List<String> fields,
            Function<List<String>, T> record) throws IOException {
        List<T> records = new ArrayList<>();
        List<BadLine> skipped = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            long number = 0;
            for (byte[] bytes = nextLine(in); bytes != null; bytes = nextLine(in)) {
                number++;
                Parsed parsed = parse(bytes, number == 1, fields);
                if (parsed instanceof Parsed.Values values) {
                    records.add(record.apply(values.values()));
                }
                if (!(parsed instanceof Parsed.Problem problem)) {
                    continue;
                }
                BadLine bad = new BadLine(file, number, problem.text());
                if (policy == BadLinePolicy.REJECT) {
                    throw new BadDataException(bad);
                }
                LOG.warn("skipped {}", bad);
                skipped.add(bad);
            }
        }
        // No summary here: the caller has the skipped lines (the CLI prints one), so a second would repeat it.
        return new JsonlData<>(records, skipped);
    }

    /** What a line holds. */
    private sealed interface Parsed {
        record Blank() implements Parsed {}

        /** The record's fields, in the order asked for. */
        record Values(List<String> values) implements Parsed {}

        record Problem(String text) implements Parsed {}
    }

    private static Parsed parse(byte[] bytes, boolean first, List<String> fields) {
        String line;
        try {
            line = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new Parsed.Problem("not valid UTF-8");
        }
        if (first && line.startsWith("\uFEFF")) {
            line = line.substring(1); // a byte order mark some editors write
        }
        if (line.isBlank()) {
            return new Parsed.Blank();
        }
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return new Parsed.Problem(
                    "not valid JSON: " + e.getOriginalMessage() + " (column " + e.getLocation().getColumnNr() + ")");
        }
        if (!node.isObject()) {
            return new Parsed.Problem("expected a JSON object with " + quoted(fields) + ", got " + type(node));
        }
        List<String> values = new ArrayList<>(fields.size());
        for (String field : fields) {
            JsonNode value = node.get(field);
            if (value == null) {
                return new Parsed.Problem("missing field \"" + field + "\" (a record needs " + quoted(fields) + ")");
            }
            if (!value.isTextual()) {
                return new Parsed.Problem("field \"" + field + "\" must be a string, got " + type(value));
            }
            int surrogate = ByteLevel.unpairedSurrogate(value.textValue());
            if (surrogate >= 0) {
                return new Parsed.Problem("field \"" + field + "\" holds an unpaired surrogate \\u%04X at character %d"
                        .formatted((int) value.textValue().charAt(surrogate), surrogate));
            }
            values.add(value.textValue());
        }
        return new Parsed.Values(values);
    }

    private static String quoted(List<String> fields) {
        return fields.stream().map(f -> "\"" + f + "\"").toList().toString();
    }

    private static String type(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /** The next line's bytes without its {@code \n} or {@code \r\n}, or null at the end of the input. */
    private static byte[] nextLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b = in.read();
        if (b < 0) {
            return null;
        }
        while (b >= 0 && b != '\n') {
            line.write(b);
            b = in.read();
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        return Arrays.copyOf(bytes, length);
    }
}
