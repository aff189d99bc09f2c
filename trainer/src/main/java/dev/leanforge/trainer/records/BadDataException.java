package dev.leanforge.trainer.records;

import java.nio.file.Path;

/** A data line that cannot be used, located by file and 1-based line number. */
public final class BadDataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BadDataException(Path file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
    }
}
