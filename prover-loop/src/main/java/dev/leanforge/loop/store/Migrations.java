package dev.leanforge.loop.store;

import dev.leanforge.loop.proof.TacticStep;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * The store's schema, as forward-only migrations: migration {@code i} (1-based) takes the schema from version
 * {@code i - 1} to {@code i}. Never edit a released migration; append a new one. Each migration runs in one
 * transaction together with its {@code schema_version} row, so a kill during an upgrade leaves the old version.
 */
final class Migrations {

    /** Statements of each migration, in order. */
    static final List<List<String>> ALL = List.of(
            List.of(
                    """
                    CREATE TABLE rounds (
                        id           INTEGER PRIMARY KEY,
                        run          TEXT    NOT NULL,
                        number       INTEGER NOT NULL CHECK (number >= 0),
                        status       TEXT    NOT NULL CHECK (status IN ('RUNNING', 'FINISHED')),
                        started_at   TEXT    NOT NULL,
                        finished_at  TEXT,
                        report_json  TEXT,
                        UNIQUE (run, number)
                    ) STRICT""",
                    """
                    CREATE TABLE campaigns (
                        id           INTEGER PRIMARY KEY,
                        theorem_set  TEXT    NOT NULL,
                        split        TEXT,
                        strategy     TEXT    NOT NULL,
                        policy       TEXT    NOT NULL,
                        config_json  TEXT    NOT NULL,
                        round_id     INTEGER REFERENCES rounds (id),
                        created_at   TEXT    NOT NULL,
                        status       TEXT    NOT NULL CHECK (status IN ('RUNNING', 'FINISHED', 'FAILED'))
                    ) STRICT""",
                    """
                    CREATE TABLE attempts (
                        id               INTEGER PRIMARY KEY,
                        campaign_id      INTEGER NOT NULL REFERENCES campaigns (id),
                        theorem          TEXT    NOT NULL,
                        attempt_index    INTEGER NOT NULL CHECK (attempt_index >= 0),
                        proof            TEXT    NOT NULL,
                        status           TEXT    NOT NULL
                                         CHECK (status IN ('PROVED', 'FAILED', 'REJECTED', 'TIMEOUT', 'CRASHED')),
                        reason           TEXT,
                        messages_json    TEXT    NOT NULL,
                        goals_json       TEXT    NOT NULL,
                        axioms_json      TEXT    NOT NULL,
                        timeout_limit_ns INTEGER,
                        elapsed_ns       INTEGER NOT NULL CHECK (elapsed_ns >= 0),
                        policy_logprob   REAL,
                        created_at       TEXT    NOT NULL,
                        UNIQUE (campaign_id, theorem, attempt_index)
                    ) STRICT""",
                    """
                    CREATE TABLE proofs (
                        id               INTEGER PRIMARY KEY,
                        theorem_set      TEXT    NOT NULL,
                        theorem          TEXT    NOT NULL,
                        statement_hash   TEXT    NOT NULL CHECK (length(statement_hash) = 64),
                        statement        TEXT    NOT NULL,
                        header           TEXT    NOT NULL,
                        proof            TEXT    NOT NULL,
                        lean_version     TEXT    NOT NULL,
                        mathlib_revision TEXT,
                        axioms_json      TEXT    NOT NULL,
                        tier             TEXT    NOT NULL CHECK (tier IN ('fresh')),
                        attempt_id       INTEGER REFERENCES attempts (id),
                        recorded_at      TEXT    NOT NULL
                    ) STRICT""",
                    // One row per proof text per checked context: the same proof checked again under another Lean
                    // or Mathlib version is a new fact, the same one found again is not.
                    "CREATE UNIQUE INDEX proofs_unique ON proofs (theorem_set, theorem, statement_hash, header, "
                            + "proof, lean_version, coalesce(mathlib_revision, ''))",
                    """
                    CREATE TABLE checkpoints (
                        id           INTEGER PRIMARY KEY,
                        round_id     INTEGER NOT NULL REFERENCES rounds (id),
                        path         TEXT    NOT NULL,
                        metrics_json TEXT    NOT NULL,
                        promoted     INTEGER NOT NULL CHECK (promoted IN (0, 1)),
                        created_at   TEXT    NOT NULL
                    ) STRICT""",
                    "CREATE INDEX campaigns_by_spec ON campaigns (theorem_set, status)",
                    "CREATE INDEX proofs_by_attempt ON proofs (attempt_id)",
                    "CREATE INDEX checkpoints_by_round ON checkpoints (round_id)"),
            // 2: the expansions of tactic-level search (TacticStep), for resuming it and for DPO pairs at one goal
            // state. One row per tactic tried at a node; the unique key makes a replayed expansion a no-op.
            List.of(
                    """
                    CREATE TABLE tactic_steps (
                        id             INTEGER PRIMARY KEY,
                        campaign_id    INTEGER NOT NULL REFERENCES campaigns (id),
                        theorem        TEXT    NOT NULL,
                        prefix         TEXT    NOT NULL,
                        goal_state     TEXT    NOT NULL,
                        tactic         TEXT    NOT NULL,
                        policy_logprob REAL,
                        outcome        TEXT    NOT NULL CHECK (outcome IN ('ERROR', 'GOALS', 'CLOSED', 'UNDECIDED')),
                        detail         TEXT    NOT NULL,
                        created_at     TEXT    NOT NULL,
                        UNIQUE (campaign_id, theorem, prefix, tactic)
                    ) STRICT"""),
            // 3: who runs a RUNNING campaign (LeaseTerms): a second run of the same command sees the first is alive
            // instead of joining it. A row is deleted when its run ends; a killed run's row goes stale.
            List.of(
                    """
                    CREATE TABLE campaign_leases (
                        campaign_id        INTEGER PRIMARY KEY REFERENCES campaigns (id),
                        host               TEXT    NOT NULL,
                        pid                INTEGER NOT NULL,
                        process_started_at TEXT    NOT NULL,
                        token              TEXT    NOT NULL,
                        heartbeat_at       TEXT    NOT NULL
                    ) STRICT"""));

    private Migrations() {
    }

    /** The schema version this build writes. */
    static int latest() {
        return ALL.size();
    }

    /**
     * Brings the schema up to {@link #latest()}. Refuses a store written by a newer build, whose schema this build
     * does not know.
     */
    static void apply(Connection connection, String where) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL) STRICT");
        }
        int current = version(connection);
        refuseNewer(current, where);
        for (int next = current + 1; next <= latest(); next++) {
            int version = next;
            Transaction.run(connection, () -> {
                // Another process opening the same store may have applied it since the version was read: the
                // transaction is IMMEDIATE, so it waited for that one to commit and sees its version now.
                if (version(connection) >= version) {
                    return null;
                }
                try (Statement statement = connection.createStatement();
                     PreparedStatement record = connection.prepareStatement(
                             "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")) {
                    for (String sql : ALL.get(version - 1)) {
                        statement.execute(sql);
                    }
                    record.setInt(1, version);
                    record.setString(2, Instant.now().toString());
                    record.executeUpdate();
                }
                return null;
            });
        }
    }

    /**
     * For a reader: checks, without writing anything, that the schema is exactly {@link #latest()}. An older store
     * is not upgraded here, since upgrading is a write and the reader may have no right to write (a read-only
     * file system, an archived store); a command that writes the store upgrades it.
     */
    static void requireLatest(Connection connection, String where) throws SQLException {
        int current = hasVersionTable(connection) ? version(connection) : 0;
        refuseNewer(current, where);
        if (current < latest()) {
            throw new StoreException(where + " has schema version " + current + " and this leanforge reads version "
                    + latest() + "; reading never upgrades a store: run a command that writes it (campaign run, "
                    + "star run) once where it can be written, or use the leanforge that wrote it");
        }
    }

    private static void refuseNewer(int current, String where) {
        if (current > latest()) {
            throw new StoreException(where + ": the store has schema version " + current + " but this leanforge "
                    + "knows versions up to " + latest() + "; use a newer leanforge or another --store");
        }
    }

    private static boolean hasVersionTable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")) {
            rows.next();
            return rows.getInt(1) == 1;
        }
    }

    static int version(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
