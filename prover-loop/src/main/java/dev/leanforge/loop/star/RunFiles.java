package dev.leanforge.loop.star;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Files of a STaR run directory, written so that a kill leaves the old content or the new, never half of it. */
public final class RunFiles {

    private RunFiles() {}

    /** Writes {@code text} to a temporary file beside {@code file}, then renames it over {@code file}. */
    public static void writeAtomically(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
