package dev.leanforge.loop.theorems;

import java.util.Objects;

/**
 * A place in an input file, printed {@code file:line:column} (1-based line, 1-based column in code points) so
 * editors and terminals can jump to it. Line 0 means the file as a whole.
 */
public record Location(String file, int line, int column) {

    public Location {
        Objects.requireNonNull(file, "file");
    }

    /** The file as a whole, for problems that have no better position. */
    public static Location of(String file) {
        return new Location(file, 0, 0);
    }

    @Override
    public String toString() {
        return line <= 0 ? file : file + ":" + line + ":" + Math.max(1, column);
    }
}
