package dev.leanforge.trainer.data;

import java.nio.file.Path;

/**
 * A data line that is not a valid record.
 *
 * @param line    the line number, counting from 1
 * @param problem what is wrong with it, in words
 */
public record BadLine(Path file, long line, String problem) {

    /** {@code file:line: problem}, the form editors and compilers use. */
    @Override
    public String toString() {
        return file + ":" + line + ": " + problem;
    }
}
