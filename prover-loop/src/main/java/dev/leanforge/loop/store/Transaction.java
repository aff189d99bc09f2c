package dev.leanforge.loop.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Runs work in one SQLite transaction: everything it wrote is committed, or nothing is. */
final class Transaction {

    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    private Transaction() {}

    /**
     * Runs {@code work} and commits. When the work or the commit fails, the transaction is rolled back and the
     * failure that caused it is what the caller gets: on a full disk or an I/O error SQLite may already have rolled
     * back on its own, and the rollback or the return to auto-commit then fail with "no transaction is active",
     * which would otherwise hide the real cause.
     */
    static <T> T run(Connection connection, Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        T result;
        try {
            result = work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            try {
                connection.setAutoCommit(true);
            } catch (SQLException end) {
                e.addSuppressed(end);
            }
            throw e;
        }
        connection.setAutoCommit(true);
        return result;
    }
}
