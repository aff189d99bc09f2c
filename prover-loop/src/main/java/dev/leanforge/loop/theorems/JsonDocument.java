package dev.leanforge.loop.theorems;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * A parsed JSON text that remembers where each value was, so errors found after parsing (a bad split, a duplicate
 * name) can still say {@code file:line:column}. Values are addressed by JSON Pointer, e.g. {@code /theorems/3/split}.
 */
public final class JsonDocument {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final JsonNode root;
    private final Map<String, Location> locations;
    private final String file;

    private JsonDocument(JsonNode root, Map<String, Location> locations, String file) {
        this.root = root;
        this.locations = locations;
        this.file = file;
    }

    /**
     * Parses {@code text}, one JSON value. {@code firstLine} is the file line the text starts on (for JSONL);
     * syntax errors are reported at their position.
     */
    public static JsonDocument parse(String text, String file, int firstLine) throws InvalidInputException {
        Map<String, Location> locations = new HashMap<>();
        try (JsonParser parser = FACTORY.createParser(text)) {
            record Frame(boolean array, int[] index, String[] field) {}
            Deque<Frame> stack = new ArrayDeque<>();
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME) {
                    stack.peek().field()[0] = parser.currentName();
                    continue;
                }
                if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    stack.pop();
                    continue;
                }
                if (!stack.isEmpty() && stack.peek().array()) {
                    stack.peek().index()[0]++;
                }
                StringBuilder pointer = new StringBuilder();
                stack.descendingIterator().forEachRemaining(frame -> pointer.append('/').append(frame.array()
                        ? String.valueOf(frame.index()[0])
                        : frame.field()[0].replace("~", "~0").replace("/", "~1")));
                locations.put(pointer.toString(), at(file, firstLine, parser.currentTokenLocation()));
                if (token == JsonToken.START_OBJECT) {
                    stack.push(new Frame(false, new int[] {0}, new String[1]));
                } else if (token == JsonToken.START_ARRAY) {
                    stack.push(new Frame(true, new int[] {-1}, new String[1]));
                }
            }
            JsonNode root = MAPPER.readTree(text);
            if (root == null || root.isMissingNode()) {
                throw new InvalidInputException(new Location(file, firstLine, 1), "empty: expected a JSON value");
            }
            return new JsonDocument(root, locations, file);
        } catch (JsonProcessingException e) {
            String reason = e.getOriginalMessage().lines().findFirst().orElse("")
                    .replaceAll("\\s*\\(start marker at \\[Source:[^]]*]\\)", "");
            throw new InvalidInputException(at(file, firstLine, e.getLocation()), "malformed JSON: " + reason);
        } catch (IOException e) {
            throw new InvalidInputException(Location.of(file), "cannot read JSON: " + e.getMessage());
        }
    }

    private static Location at(String file, int firstLine, JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return new Location(file, firstLine, 1);
        }
        return new Location(file, firstLine + location.getLineNr() - 1, location.getColumnNr());
    }

    public JsonNode root() {
        return root;
    }

    /** Where the value at {@code pointer} starts; the nearest enclosing value when it is absent. */
    public Location where(String pointer) {
        String p = pointer;
        while (true) {
            Location location = locations.get(p);
            if (location != null) {
                return location;
            }
            if (p.isEmpty()) {
                return Location.of(file);
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }
}
