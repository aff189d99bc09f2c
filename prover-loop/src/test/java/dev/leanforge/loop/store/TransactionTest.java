package dev.leanforge.loop.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

class TransactionTest {

    @TempDir
    Path tmp;

    /**
     * On a full disk the commit's write to the log fails and SQLite rolls the transaction back by itself; the work
     * here does what SQLite does (ROLLBACK) and then fails with SQLITE_FULL. The caller must see SQLITE_FULL, not
     * the "cannot rollback/commit - no transaction is active" of the cleanup, and the connection must still work.
     */
    @Test
    void theCauseSurvivesATransactionSqliteAlreadyRolledBack() throws Exception {
        SQLiteConfig config = new SQLiteConfig();
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        try (Connection connection = config.createConnection("jdbc:sqlite:" + tmp.resolve("t.db"));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (x INTEGER)");

            assertThatThrownBy(() -> Transaction.run(connection, () -> {
                statement.execute("INSERT INTO t VALUES (1)");
                statement.execute("ROLLBACK");
                throw new SQLiteException("[SQLITE_FULL] database or disk is full", SQLiteErrorCode.SQLITE_FULL);
            })).isInstanceOfSatisfying(SQLiteException.class,
                    e -> assertThat(e.getResultCode()).isEqualTo(SQLiteErrorCode.SQLITE_FULL));

            Transaction.run(connection, () -> statement.execute("INSERT INTO t VALUES (2)"));
            assertThat(connection.getAutoCommit()).isTrue();
            try (ResultSet rows = statement.executeQuery("SELECT group_concat(x) FROM t")) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo("2");
            }
        }
    }

    @Test
    void failedWorkLeavesNothing() throws SQLException {
        try (Connection connection = new SQLiteConfig().createConnection("jdbc:sqlite:" + tmp.resolve("t.db"));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (x INTEGER)");

            assertThatThrownBy(() -> Transaction.run(connection, () -> {
                statement.execute("INSERT INTO t VALUES (1)");
                throw new IllegalStateException("boom");
            })).hasMessage("boom");

            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM t")) {
                rows.next();
                assertThat(rows.getInt(1)).isZero();
            }
        }
    }
}
