package dev.leanforge.loop.star;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The finished steps of a round still running, in {@code round-N/state.json}: each step's result is written (the
 * whole file, atomically) as soon as the step ends, so a killed run skips it when the same command continues. The
 * store says which rounds are finished; this file says how far an unfinished one got.
 */
final class RoundState {

    static final String FILE_NAME = "state.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final ObjectNode steps;

    private RoundState(Path file, ObjectNode steps) {
        this.file = file;
        this.steps = steps;
    }

    /** The state in {@code roundDir}, empty for a round that has not finished a step yet. */
    static RoundState load(Path roundDir) throws IOException {
        Path file = roundDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return new RoundState(file, JSON.createObjectNode());
        }
        JsonNode node = JSON.readTree(file.toFile());
        if (node == null || !node.isObject()) {
            throw new IOException(file + ": not a round state (a JSON object); delete it to redo the round's steps");
        }
        return new RoundState(file, (ObjectNode) node);
    }

    /** The result of {@code step} if it finished. */
    <T> Optional<T> get(String step, Class<T> type) throws IOException {
        JsonNode node = steps.get(step);
        return node == null ? Optional.empty() : Optional.of(JSON.treeToValue(node, type));
    }

    /** Records that {@code step} finished with {@code result}. */
    void put(String step, Object result) throws IOException {
        steps.set(step, JSON.valueToTree(result));
        RunFiles.writeAtomically(file, JSON.writeValueAsString(steps) + "\n");
    }
}
