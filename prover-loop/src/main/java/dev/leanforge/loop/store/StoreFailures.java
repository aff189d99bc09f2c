package dev.leanforge.loop.store;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Says what a failed SQLite call means for the user and what to do, from SQLite's result code. A full disk, an I/O
 * error and a store that cannot be written are conditions of the machine, not bugs; the transaction that hit them
 * was rolled back ({@link Transaction}), so once they are fixed the same command resumes.
 */
final class StoreFailures {

    private StoreFailures() {}

    /** The failure as a {@link StoreException}, explained when SQLite's code says what happened. */
    static StoreException of(Path file, boolean openedReadOnly, SQLException e, String otherwise) {
        return new StoreException(explained(file, openedReadOnly, e).orElse(otherwise + e.getMessage()), e);
    }

    private static Optional<String> explained(Path file, boolean openedReadOnly, SQLException e) {
        if (!(e instanceof SQLiteException sqlite)) {
            return Optional.empty();
        }
        // Extended codes (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED, ...) keep the primary code in the low byte.
        int primary = sqlite.getResultCode().code & 0xff;
        if (primary == SQLiteErrorCode.SQLITE_FULL.code) {
            return Optional.of("the disk holding " + file + " is full: free space and run the same command to "
                    + "resume (the step that failed was rolled back; everything stored before it is kept)");
        }
        if (primary == SQLiteErrorCode.SQLITE_IOERR.code) {
            return Optional.of("cannot read or write " + file + ": input/output error (" + e.getMessage()
                    + "); check the disk, then run the same command to resume");
        }
        if (primary == SQLiteErrorCode.SQLITE_READONLY.code) {
            return Optional.of(openedReadOnly
                    ? file + " is open read-only (for reading, as serve and ledger export do) and cannot be "
                            + "written through it"
                    : "cannot write " + file + ": the file or its directory is read-only (" + e.getMessage()
                            + "); make it writable or point --store elsewhere, then run the same command to resume");
        }
        return Optional.empty();
    }
}
