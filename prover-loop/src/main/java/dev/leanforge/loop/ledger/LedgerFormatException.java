package dev.leanforge.loop.ledger;

import java.io.IOException;
import java.nio.file.Path;

/** A ledger line that is not a valid entry; the message starts with {@code file:line:}. */
public final class LedgerFormatException extends IOException {

    private final Path file;
    private final int line;

    public LedgerFormatException(Path file, int line, String problem, Throwable cause) {
        super(file + ":" + line + ": " + problem, cause);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    /** 1-based line number. */
    public int line() {
        return line;
    }
}
