package dev.leanforge.loop.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.loop.store.Checkpoint;
import dev.leanforge.loop.store.Round;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The training logs of a STaR run's rounds for the dashboard: each training's {@code trainer_state.json}
 * ({@code log_history}, {@code global_step}, {@code max_steps}, as Hugging Face's Trainer writes it). A run writes
 * its trainings under {@code RUN_DIR/round-N/} ({@code model} for round 0's fresh model, {@code sft}, {@code dpo});
 * the run directory is found from the paths of the run's checkpoints, so a run shows its logs from its first
 * finished round on, the round in progress included (its file is rewritten at every training checkpoint).
 */
final class TrainingLogs {

    /** Most training steps sent per training: longer logs are thinned evenly, the last step always kept. */
    static final int MAX_POINTS = 500;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PHASES = List.of("model", "sft", "dpo");

    /**
     * One training's log.
     *
     * @param phase      {@code sft} (round 0's fresh model too) or {@code dpo}
     * @param logHistory the steps (thinned to {@link #MAX_POINTS}) and every evaluation
     */
    record Log(int round, String phase, String dir, long globalStep, long maxSteps,
               List<Map<String, Object>> logHistory) {}

    private TrainingLogs() {}

    static List<Log> of(List<Round> rounds, List<Checkpoint> checkpoints) throws IOException {
        Optional<Path> runDir = checkpoints.stream().map(c -> runDir(c.checkpoint().path()))
                .flatMap(Optional::stream).findFirst();
        if (runDir.isEmpty()) {
            return List.of();
        }
        List<Log> logs = new ArrayList<>();
        for (Round round : rounds) {
            for (String phase : PHASES) {
                Path dir = runDir.get().resolve("round-" + round.number()).resolve(phase);
                Path file = dir.resolve("trainer_state.json");
                if (Files.isRegularFile(file)) {
                    read(round.number(), phase, dir, file).ifPresent(logs::add);
                }
            }
        }
        return logs;
    }

    /** The folder holding {@code round-N/} in a checkpoint's path, if it has such an element. */
    static Optional<Path> runDir(String checkpointPath) {
        Path path = Path.of(checkpointPath);
        for (Path at = path; at != null; at = at.getParent()) {
            Path name = at.getFileName();
            if (name != null && name.toString().matches("round-\\d+")) {
                return Optional.ofNullable(at.getParent());
            }
        }
        return Optional.empty();
    }

    private static Optional<Log> read(int round, String phase, Path dir, Path file) throws IOException {
        JsonNode state;
        try {
            state = JSON.readTree(file.toFile());
        } catch (IOException e) {
            return Optional.empty(); // being replaced, or not a training state: nothing to chart
        }
        JsonNode history = state.path("log_history");
        if (!history.isArray()) {
            return Optional.empty();
        }
        List<Map<String, Object>> entries = JSON.convertValue(history, new TypeReference<>() {});
        long steps = entries.stream().filter(e -> e.containsKey("loss")).count();
        long every = Math.max(1, (steps + MAX_POINTS - 1) / MAX_POINTS);
        List<Map<String, Object>> kept = new ArrayList<>();
        long seen = 0;
        for (Map<String, Object> entry : entries) {
            if (!entry.containsKey("loss")) {
                kept.add(entry); // an evaluation
            } else if (++seen % every == 0 || seen == steps || seen == 1) {
                kept.add(entry);
            }
        }
        return Optional.of(new Log(round, "model".equals(phase) ? "sft" : phase, dir.toString(),
                state.path("global_step").asLong(state.path("step").asLong()),
                state.path("max_steps").asLong(state.path("totalSteps").asLong()), kept));
    }
}
