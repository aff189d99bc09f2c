package dev.leanforge.bridge.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.bridge.check.CheckTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Where benchmark tasks come from: a JSON-lines file of {@link CheckTask}s, or generated trivial theorems. */
public final class BenchTasks {

    /** Header of the generated tasks: core Lean only, so any toolchain (or the stand-in) can check them. */
    public static final String GENERATED_HEADER = "-- leanforge bridge benchmark: core Lean only";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    private BenchTasks() {
    }

    /**
     * Reads one task per non-blank line: {@code {"header": …, "theoremName": …, "statement": …, "proof": …}}.
     *
     * @throws IllegalArgumentException naming the file and line of the first bad entry
     */
    public static List<CheckTask> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("tasks file " + file.toAbsolutePath() + " does not exist");
        }
        List<String> lines = Files.readAllLines(file);
        List<CheckTask> tasks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                tasks.add(JSON.readValue(lines.get(i), CheckTask.class));
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": not a task (" + firstLine(e)
                        + "); each line must be a JSON object with the string fields header, theoremName, "
                        + "statement (ending with :=) and proof", e);
            }
        }
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("tasks file " + file + " has no tasks; write one JSON object per line");
        }
        return tasks;
    }

    /** {@code count} distinct one-line theorems {@code i + 1 = i+1}, proved {@code by decide}, sharing one header. */
    public static List<CheckTask> generated(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new CheckTask(GENERATED_HEADER, "leanforge_bench_" + i,
                        "theorem leanforge_bench_" + i + " : " + i + " + 1 = " + (i + 1) + " :=", "by decide"))
                .toList();
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
