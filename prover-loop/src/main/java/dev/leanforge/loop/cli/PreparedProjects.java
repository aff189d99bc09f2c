package dev.leanforge.loop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Lake projects {@code leanforge theorems prepare} made, remembered per set in
 * {@code ~/.cache/leanforge/projects.json} ({@code $XDG_CACHE_HOME/leanforge/projects.json}):
 * {@code {"projects": {"minif2f": {"dir": "/abs/dir", "toolchain": "leanprover/lean4:v4.24.0", "mathlib": "v4.24.0"}}}}.
 * {@code campaign run --set minif2f} uses the remembered directory when its own project directory is no Lake
 * project and the toolchain and Mathlib revision still are the set's.
 */
final class PreparedProjects {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IMPORTS_MATHLIB = Pattern.compile("(?m)^\\s*import\\s+(.*\\s)?Mathlib(\\.|\\s|$)");

    /** One remembered project. */
    record Project(Path dir, String toolchain, String mathlib) {}

    private final Path file;

    PreparedProjects(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Whether {@code dir} is a Lake project (has a lakefile). */
    static boolean isLakeProject(Path dir) {
        return Files.isRegularFile(dir.resolve("lakefile.toml")) || Files.isRegularFile(dir.resolve("lakefile.lean"));
    }

    /** Whether Lean text {@code header} imports Mathlib. */
    static boolean importsMathlib(String header) {
        return IMPORTS_MATHLIB.matcher(header).find();
    }

    /** The project remembered for {@code set}; empty when none is or the file cannot be read. */
    Optional<Project> find(String set) {
        try {
            JsonNode entry = read().path("projects").path(set);
            if (!entry.path("dir").isTextual()) {
                return Optional.empty();
            }
            return Optional.of(new Project(Path.of(entry.get("dir").asText()), entry.path("toolchain").asText(),
                    entry.path("mathlib").asText()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Remembers {@code project} for {@code set}, replacing the file in one step. */
    void remember(String set, Project project) throws IOException {
        ObjectNode root = read();
        ObjectNode projects = root.has("projects") && root.get("projects").isObject()
                ? (ObjectNode) root.get("projects") : root.putObject("projects");
        ObjectNode entry = projects.putObject(set);
        entry.put("dir", project.dir().toAbsolutePath().normalize().toString());
        entry.put("toolchain", project.toolchain());
        entry.put("mathlib", project.mathlib());
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), "projects-", ".json");
        Files.writeString(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private ObjectNode read() throws IOException {
        if (!Files.isRegularFile(file)) {
            return JSON.createObjectNode();
        }
        JsonNode node = JSON.readTree(file.toFile());
        return node instanceof ObjectNode object ? object : JSON.createObjectNode();
    }
}
