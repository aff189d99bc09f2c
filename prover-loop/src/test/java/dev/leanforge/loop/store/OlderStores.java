package dev.leanforge.loop.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Stores as an older leanforge left them: the schema up to some version, in WAL mode like every store. */
public final class OlderStores {

    private OlderStores() {}

    /** The schema version this build writes. */
    public static int latest() {
        return Migrations.latest();
    }

    public static Path atVersion(Path file, int version) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL) "
                    + "STRICT");
            for (int v = 1; v <= version; v++) {
                for (String sql : Migrations.ALL.get(v - 1)) {
                    statement.execute(sql);
                }
                statement.execute("INSERT INTO schema_version VALUES (" + v + ", '2025-01-01T00:00:00Z')");
            }
        }
        return file;
    }
}
