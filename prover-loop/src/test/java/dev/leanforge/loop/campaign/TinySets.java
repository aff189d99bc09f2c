package dev.leanforge.loop.campaign;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes small core-Lean theorem sets (format: docs/theorem-sets.md) for campaign tests. */
public final class TinySets {

    public static final String HEADER = "-- tiny: core Lean 4 only, no imports";

    private TinySets() {}

    /**
     * Writes {@code theoremsDir/NAME/} with a manifest and one file; every theorem is in the train split.
     *
     * @param theorems name → signature after the name, e.g. {@code "two" -> ": 2 + 2 = 4"}
     */
    public static Path write(Path theoremsDir, String name, Map<String, String> theorems) {
        Path dir = theoremsDir.resolve(name);
        StringBuilder lean = new StringBuilder(HEADER).append("\n");
        List<String> entries = new ArrayList<>();
        theorems.forEach((theorem, signature) -> {
            lean.append("\ntheorem ").append(theorem).append(' ').append(signature).append(" := by sorry\n");
            entries.add("    {\"name\": \"" + theorem + "\", \"split\": \"train\"}");
        });
        String manifest = """
                {
                  "name": "%s",
                  "description": "A tiny set for campaign tests.",
                  "source": "written for leanforge tests",
                  "license": "Apache-2.0",
                  "toolchain": "leanprover/lean4:v4.24.0",
                  "mathlib": null,
                  "header": "%s",
                  "files": ["Tiny.lean"],
                  "theorems": [
                %s
                  ]
                }
                """.formatted(name, HEADER, String.join(",\n", entries));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("manifest.json"), manifest);
            Files.writeString(dir.resolve("Tiny.lean"), lean);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
