package dev.leanforge.loop.store;

import dev.leanforge.loop.proof.Attempt;
import dev.leanforge.loop.proof.AttemptKey;
import dev.leanforge.loop.proof.TacticStep;
import dev.leanforge.loop.proof.StepOutcome;
import dev.leanforge.loop.proof.VerifiedProof;
import dev.leanforge.loop.proof.CampaignSpec;
import dev.leanforge.loop.proof.ProofTier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import dev.leanforge.bridge.verdict.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.OptionalDouble;
import java.util.Set;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The embedded store of campaigns, attempts, verified proofs, STaR rounds and checkpoints: one SQLite file.
 *
 * <p><b>Crash safety.</b> The file is in WAL journal mode with {@code synchronous=FULL}. In WAL mode a commit
 * appends to the write-ahead log; with {@code FULL} that append is fsync'd before the commit returns, so a
 * transaction that returned is on disk. {@code NORMAL} would already survive {@code kill -9} (the log is in the
 * OS page cache, which outlives the process) but may lose the last commits on power loss or an OS crash; a
 * verified proof costs a fresh Lean process to reproduce, while the fsync costs about a millisecond per attempt,
 * next to checks that take hundreds. Hence {@code FULL}: "kill -9 at any moment: no verified proof lost, no
 * finished attempt redone" holds for the machine going down too. Every method that writes several rows does so
 * in one transaction, so a kill leaves all of them or none.
 *
 * <p><b>Threads.</b> All methods are blocking JDBC calls. Callers on a Vert.x event loop must run them on a worker
 * thread ({@code vertx.executeBlocking(() -> store.addAttempt(a))}). Methods are synchronized on one connection, so
 * one {@code Store} may be shared by all workers of a process. Other processes (e.g. a dashboard) may open the same
 * file at the same time: WAL lets readers proceed while one writer writes, and writers wait up to
 * {@link #BUSY_TIMEOUT_MS} for each other.
 *
 * <p>Errors surface as {@link StoreException} (unchecked), with the file in the message.
 */
public final class Store implements AutoCloseable {

    /** Where commands keep the store unless {@code --store} says otherwise, relative to the working directory. */
    public static final String DEFAULT_LOCATION = "runs/leanforge.db";

    static final int BUSY_TIMEOUT_MS = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(JsonNodeFeature.WRITE_PROPERTIES_SORTED, true);

    private static final String ATTEMPT_COLUMNS = "id, campaign_id, theorem, attempt_index, proof, status, reason, "
            + "messages_json, goals_json, axioms_json, timeout_limit_ns, elapsed_ns, policy_logprob, created_at";
    private static final String PROOF_COLUMNS = "id, theorem_set, theorem, statement, header, proof, lean_version, "
            + "mathlib_revision, axioms_json, tier, attempt_id, recorded_at";
    private static final String CAMPAIGN_COLUMNS = "id, theorem_set, split, strategy, policy, config_json, "
            + "round_id, created_at, status";
    private static final String ROUND_COLUMNS = "id, run, number, status, started_at, finished_at, report_json";

    private final Path file;
    private final Connection connection;
    private final boolean readOnly;

    private Store(Path file, Connection connection, boolean readOnly) {
        this.file = file;
        this.connection = connection;
        this.readOnly = readOnly;
    }

    /**
     * Opens the store at {@code file}, creating it (and its directory) if absent, and brings its schema up to
     * date. Refuses a store whose schema is newer than this build knows.
     */
    public static Store open(Path file) {
        Path absolute = file.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw new StoreException("cannot create the directory of the store " + absolute + ": " + e, e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        // BEGIN IMMEDIATE takes the write lock up front, so a writer never fails half-way on a lock upgrade.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        return connect(absolute, config, "jdbc:sqlite:" + absolute, false,
                connection -> Migrations.apply(connection, absolute.toString()));
    }

    /**
     * Opens an existing store for reading only, as {@code serve} and {@code ledger export} need: nothing is written,
     * so it works on a read-only file system, an unwritable file or directory, and leaves the file as it was. The
     * schema is not migrated; a store older than this build is refused with a message saying so.
     *
     * <p>SQLite's {@code mode=ro} still needs the WAL index ({@code -shm}) next to the file, and cannot make one in a
     * directory it cannot write. Then, and only if there is no write-ahead log holding commits, the file is opened
     * {@code immutable=1}: no process can be writing it either (a writer would need the same files), so there is
     * nothing to lock against.
     */
    public static Store openReadOnly(Path file) {
        Path absolute = file.toAbsolutePath();
        if (!Files.isRegularFile(absolute)) {
            throw new StoreException("No store at " + absolute + ". Run a campaign first, or point --store at an "
                    + "existing store.");
        }
        try {
            return openReadOnly(absolute, false);
        } catch (StoreException e) {
            if (!(e.getCause() instanceof SQLiteException sqlite)
                    || (sqlite.getResultCode().code & 0xff) != SQLiteErrorCode.SQLITE_CANTOPEN.code || holdsLog(absolute)) {
                throw e;
            }
            return openReadOnly(absolute, true);
        }
    }

    private static Store openReadOnly(Path absolute, boolean immutable) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        String uri = "jdbc:sqlite:file:" + uriPath(absolute) + "?mode=ro" + (immutable ? "&immutable=1" : "");
        return connect(absolute, config, uri, true,
                connection -> Migrations.requireLatest(connection, absolute.toString()));
    }

    @FunctionalInterface
    private interface Check {
        void run(Connection connection) throws SQLException;
    }

    private static Store connect(Path absolute, SQLiteConfig config, String url, boolean readOnly, Check check) {
        Connection connection = null;
        try {
            connection = createConnection(config, url);
            check.run(connection);
            return new Store(absolute, connection, readOnly);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection, e);
            if (e instanceof StoreException storeException) {
                throw storeException;
            }
            if (e instanceof SQLException sql) {
                throw StoreFailures.of(absolute, readOnly, sql, "cannot open the store " + absolute + ": ");
            }
            throw new StoreException("cannot open the store " + absolute + ": " + e.getMessage(), e);
        }
    }

    /**
     * A new connection. Its pragmas (WAL above all) may meet SQLITE_BUSY at once, without the busy timeout's wait,
     * while another opener of a new store switches its journal mode: such an open is tried again for up to the busy
     * timeout.
     */
    private static Connection createConnection(SQLiteConfig config, String url) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BUSY_TIMEOUT_MS);
        for (int attempt = 1; ; attempt++) {
            try {
                return config.createConnection(url);
            } catch (SQLiteException e) {
                int code = e.getResultCode().code & 0xff;
                boolean busy = code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code;
                if (!busy || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(Math.min(100, 5L * attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Whether the store's write-ahead log holds commits not yet copied into the file itself. */
    private static boolean holdsLog(Path absolute) {
        Path log = absolute.resolveSibling(absolute.getFileName() + "-wal");
        try {
            return Files.exists(log) && Files.size(log) > 0;
        } catch (IOException e) {
            return true; // unknown: do not risk reading the file without its log
        }
    }

    /** The path as the path of an SQLite {@code file:} URI: the characters that URI syntax gives a meaning escaped. */
    private static String uriPath(Path absolute) {
        return absolute.toString().replace("%", "%25").replace("?", "%3F").replace("#", "%23");
    }

    public Path file() {
        return file;
    }

    public synchronized int schemaVersion() {
        return read(() -> Migrations.version(connection));
    }

    /**
     * What SQLite's {@code integrity_check} and {@code foreign_key_check} report; empty when the file is sound.
     */
    public synchronized List<String> integrityProblems() {
        return read(() -> {
            List<String> problems = new ArrayList<>();
            try (Statement statement = connection.createStatement()) {
                try (ResultSet rows = statement.executeQuery("PRAGMA integrity_check")) {
                    while (rows.next()) {
                        if (!"ok".equals(rows.getString(1))) {
                            problems.add(rows.getString(1));
                        }
                    }
                }
                try (ResultSet rows = statement.executeQuery("PRAGMA foreign_key_check")) {
                    while (rows.next()) {
                        problems.add("row " + rows.getLong(2) + " of " + rows.getString(1)
                                + " refers to a missing row of " + rows.getString(3));
                    }
                }
            }
            return problems;
        });
    }

    // ---- campaigns ----

    /** Starts a new campaign, {@link CampaignStatus#RUNNING}. */
    public synchronized Campaign createCampaign(CampaignSpec spec) {
        Instant now = now();
        return write(() -> insertCampaign(spec, now));
    }

    public synchronized Optional<Campaign> campaign(long id) {
        return read(() -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + CAMPAIGN_COLUMNS + " FROM campaigns WHERE id = ?")) {
                query.setLong(1, id);
                return first(query, Store::campaignOf);
            }
        });
    }

    /** All campaigns, oldest first. */
    public synchronized List<Campaign> campaigns() {
        return read(() -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + CAMPAIGN_COLUMNS + " FROM campaigns ORDER BY id")) {
                return all(query, Store::campaignOf);
            }
        });
    }

    /**
     * The newest {@link CampaignStatus#RUNNING} campaign with exactly this spec: the one the same command line should
     * resume instead of starting a new campaign.
     */
    public synchronized Optional<Campaign> unfinishedCampaign(CampaignSpec spec) {
        return newestCampaign(spec, CampaignStatus.RUNNING);
    }

    /** The newest campaign with exactly this spec (config compared in canonical form) and this status. */
    public synchronized Optional<Campaign> newestCampaign(CampaignSpec spec, CampaignStatus status) {
        return read(() -> queryNewestCampaign(spec, status));
    }

    /**
     * The campaign this run should work on, with its lease: the newest {@code RUNNING} one with this spec (resumed),
     * else a new one. Finding, creating and leasing are one transaction, so two runs starting together cannot both
     * get it.
     *
     * @throws CampaignBusyException when another live run holds the campaign's lease ({@link LeaseTerms#mayTake})
     */
    public synchronized CampaignClaim claimCampaign(CampaignSpec spec, LeaseTerms terms) {
        Instant now = terms.now();
        return write(() -> {
            Optional<Campaign> unfinished = queryNewestCampaign(spec, CampaignStatus.RUNNING);
            Campaign campaign = unfinished.isPresent() ? unfinished.get() : insertCampaign(spec, now());
            Optional<Lease> held = queryLease(campaign.id());
            if (held.isPresent() && !terms.mayTake(held.get(), now)) {
                throw CampaignBusyException.busy(held.get(), terms, now);
            }
            try (PreparedStatement upsert = connection.prepareStatement("INSERT OR REPLACE INTO campaign_leases "
                    + "(campaign_id, host, pid, process_started_at, token, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                upsert.setLong(1, campaign.id());
                bindOwner(upsert, 2, terms.self());
                upsert.setString(6, now.toString());
                upsert.executeUpdate();
            }
            return new CampaignClaim(campaign, unfinished.isPresent());
        });
    }

    /**
     * The heartbeat: this run still holds the campaign.
     *
     * @throws CampaignBusyException when another run took the lease over (this run was not seen for the TTL)
     */
    public synchronized void renewLease(long campaignId, LeaseTerms terms) {
        Instant now = terms.now();
        write(() -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE campaign_leases SET heartbeat_at = ? "
                    + "WHERE campaign_id = ? AND host = ? AND pid = ? AND process_started_at = ? AND token = ?")) {
                update.setString(1, now.toString());
                update.setLong(2, campaignId);
                bindOwner(update, 3, terms.self());
                if (update.executeUpdate() != 1) {
                    throw CampaignBusyException.lost(campaignId, queryLease(campaignId), terms);
                }
            }
            return null;
        });
    }

    /** Gives the campaign up when this run ends, so the next run need not wait for the lease to go stale. */
    public synchronized void releaseLease(long campaignId, LeaseOwner owner) {
        write(() -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM campaign_leases "
                    + "WHERE campaign_id = ? AND host = ? AND pid = ? AND process_started_at = ? AND token = ?")) {
                delete.setLong(1, campaignId);
                bindOwner(delete, 2, owner);
                delete.executeUpdate();
            }
            return null;
        });
    }

    /** Who holds the campaign's lease, if anyone. */
    public synchronized Optional<Lease> lease(long campaignId) {
        return read(() -> queryLease(campaignId));
    }

    public synchronized void setCampaignStatus(long campaignId, CampaignStatus status) {
        write(() -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE campaigns SET status = ? WHERE id = ?")) {
                update.setString(1, status.name());
                update.setLong(2, campaignId);
                requireOneRow(update.executeUpdate(), "campaign", campaignId);
                return null;
            }
        });
    }

    // ---- attempts ----

    /**
     * Stores a finished attempt.
     *
     * @throws DuplicateAttemptException if this (campaign, theorem, attempt index) is already stored
     */
    public synchronized StoredAttempt addAttempt(Attempt attempt) {
        return write(() -> insertAttempt(attempt));
    }

    /**
     * Stores a finished attempt and the proof the fresh-process recheck accepted for it, in one transaction: after
     * a kill either both are there (the attempt is not redone, the proof is kept) or neither (the attempt is redone
     * and its proof checked again). If the same proof is already recorded, that row stays as it is.
     *
     * @throws DuplicateAttemptException if this (campaign, theorem, attempt index) is already stored; then neither
     *                                   row is written
     */
    public synchronized StoredAttempt addAttempt(Attempt attempt, VerifiedProof proof) {
        if (attempt.verdict().status() != Verdict.Status.PROVED) {
            throw new IllegalArgumentException("only a PROVED attempt has a verified proof, this one is "
                    + attempt.verdict().status());
        }
        if (!attempt.theorem().equals(proof.theorem()) || !attempt.proof().equals(proof.proof())) {
            throw new IllegalArgumentException("the verified proof (" + proof.theorem() + ") is not the attempt's ("
                    + attempt.theorem() + ") proof text");
        }
        return write(() -> {
            StoredAttempt stored = insertAttempt(attempt);
            insertProof(proof, Optional.of(stored.id()));
            return stored;
        });
    }

    /**
     * The resume query: every (theorem, attempt index) already stored for the campaign, whatever its verdict. A
     * resumed campaign skips these; a crashed or timed-out check it wants to retry gets a new attempt index.
     */
    public synchronized Set<AttemptKey> finishedAttempts(long campaignId) {
        return read(() -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT theorem, attempt_index FROM attempts WHERE campaign_id = ? ORDER BY id")) {
                query.setLong(1, campaignId);
                return new LinkedHashSet<>(all(query, rows -> new AttemptKey(rows.getString(1), rows.getInt(2))));
            }
        });
    }

    /**
     * A campaign's PROVED attempts whose proof text is recorded for that theorem. The recorded row may belong to an
     * earlier campaign's attempt: the proofs table keeps one row per proof, so a later campaign that finds the same
     * proof again solves the theorem too.
     */
    private static final String SOLVED_ATTEMPTS = "FROM attempts a JOIN campaigns c ON c.id = a.campaign_id "
            + "WHERE a.campaign_id = ? AND a.status = 'PROVED' AND EXISTS (SELECT 1 FROM proofs p "
            + "WHERE p.theorem_set = c.theorem_set AND p.theorem = a.theorem AND p.proof = a.proof)";

    /** The theorems of the campaign that one of its attempts proved with a recorded (rechecked) proof. */
    public synchronized Set<String> solvedTheorems(long campaignId) {
        return read(() -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT DISTINCT a.theorem " + SOLVED_ATTEMPTS + " ORDER BY a.theorem")) {
                query.setLong(1, campaignId);
                return new LinkedHashSet<>(all(query, rows -> rows.getString(1)));
            }
        });
    }

    /** The campaign's attempts in the order they were stored. */
    public synchronized List<StoredAttempt> attempts(long campaignId) {
        return read(() -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + ATTEMPT_COLUMNS + " FROM attempts WHERE campaign_id = ? ORDER BY id")) {
                query.setLong(1, campaignId);
                return all(query, Store::attemptOf);
            }
        });
    }

    /** One page of the campaign's attempts in the order they were stored: at most {@code limit}, skipping {@code offset}. */
    public synchronized List<StoredAttempt> attempts(long campaignId, int limit, int offset) {
        requirePage(limit, offset);
        return read(() -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + ATTEMPT_COLUMNS + " FROM attempts WHERE campaign_id = ? ORDER BY id LIMIT ? OFFSET ?")) {
                query.setLong(1, campaignId);
                query.setInt(2, limit);
                query.setInt(3, offset);
                return all(query, Store::attemptOf);
            }
        });
    }

    /**
     * How far the campaign got, counted in the database rather than by loading its attempts. Solved theorems are
     * counted as in {@link #solvedTheorems(long)}.
     */
    public synchronized CampaignCounts counts(long campaignId) {
        return read(() -> {
            Map<Verdict.Status, Integer> verdicts = new EnumMap<>(Verdict.Status.class);
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT status, count(*) FROM attempts WHERE campaign_id = ? GROUP BY status")) {
                query.setLong(1, campaignId);
                for (Map.Entry<Verdict.Status, Integer> count : all(query, rows -> Map.entry(
                        Verdict.Status.valueOf(rows.getString(1)), rows.getInt(2)))) {
                    verdicts.put(count.getKey(), count.getValue());
                }
            }
            int theorems;
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT count(DISTINCT theorem) FROM attempts WHERE campaign_id = ?")) {
                query.setLong(1, campaignId);
                theorems = first(query, rows -> rows.getInt(1)).orElseThrow();
            }
            int solved;
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT count(DISTINCT a.theorem) " + SOLVED_ATTEMPTS)) {
                query.setLong(1, campaignId);
                solved = first(query, rows -> rows.getInt(1)).orElseThrow();
            }
            return new CampaignCounts(theorems, solved, verdicts);
        });
    }

    // ---- tactic steps ----

    /**
     * Stores the steps of one expansion of a tactic search in one transaction, so a node is stored with all its
     * children or none. A step already stored for the same campaign, theorem, prefix and tactic keeps its row: a
     * resumed search that runs an expansion again adds nothing.
     */
    public synchronized void addTacticSteps(long campaignId, List<TacticStep> steps) {
        write(() -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO tactic_steps (campaign_id, "
                    + "theorem, prefix, goal_state, tactic, policy_logprob, outcome, detail, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                String now = now().toString();
                for (TacticStep step : steps) {
                    insert.setLong(1, campaignId);
                    insert.setString(2, step.theorem());
                    insert.setString(3, step.prefix());
                    insert.setString(4, step.goalState());
                    insert.setString(5, step.tactic());
                    if (step.policyLogProb().isPresent()) {
                        insert.setDouble(6, step.policyLogProb().getAsDouble());
                    } else {
                        insert.setNull(6, Types.REAL);
                    }
                    insert.setString(7, step.outcome().word());
                    insert.setString(8, step.outcome().detail());
                    insert.setString(9, now);
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }

    /**
     * The campaign's tactic steps in the order they were stored, each with whether one of the campaign's verified
     * proofs of its theorem went through it.
     */
    public synchronized List<StoredTacticStep> tacticSteps(long campaignId) {
        return read(() -> {
            Map<String, List<String>> verified = new HashMap<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT theorem, proof FROM attempts WHERE campaign_id = ? AND status = 'PROVED'")) {
                query.setLong(1, campaignId);
                for (Map.Entry<String, String> proof : all(query, rows -> Map.entry(rows.getString(1),
                        rows.getString(2)))) {
                    verified.computeIfAbsent(proof.getKey(), t -> new ArrayList<>()).add(proof.getValue());
                }
            }
            try (PreparedStatement query = connection.prepareStatement("SELECT id, theorem, prefix, goal_state, "
                    + "tactic, policy_logprob, outcome, detail FROM tactic_steps WHERE campaign_id = ? ORDER BY id")) {
                query.setLong(1, campaignId);
                return all(query, rows -> {
                    double logProb = rows.getDouble(6);
                    OptionalDouble policyLogProb = rows.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(logProb);
                    TacticStep step = new TacticStep(rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getString(5), policyLogProb,
                            StepOutcome.of(rows.getString(7), rows.getString(8)));
                    boolean onPath = verified.getOrDefault(step.theorem(), List.of()).stream()
                            .anyMatch(step::isOnPathOf);
                    return new StoredTacticStep(rows.getLong(1), step, onPath);
                });
            }
        });
    }

    /** The campaign's preference pairs at the same goal state ({@link TacticPair#of}). */
    public synchronized List<TacticPair> tacticPairs(long campaignId) {
        return TacticPair.of(tacticSteps(campaignId));
    }

    // ---- proofs ----

    /**
     * Records a proof the fresh-process recheck accepted, outside any attempt (e.g. one imported from a ledger).
     * Recording the same proof again for the same statement, header, Lean and Mathlib version returns the row
     * already there.
     */
    public synchronized RecordedProof recordProof(VerifiedProof proof) {
        return write(() -> insertProof(proof, Optional.empty()));
    }

    /** Every recorded proof, in the order they were recorded. */
    public synchronized List<RecordedProof> proofs() {
        return read(() -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + PROOF_COLUMNS + " FROM proofs ORDER BY id")) {
                return all(query, Store::proofOf);
            }
        });
    }

    /** One page of the recorded proofs in the order they were recorded. */
    public synchronized List<RecordedProof> proofs(int limit, int offset) {
        requirePage(limit, offset);
        return read(() -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + PROOF_COLUMNS + " FROM proofs ORDER BY id LIMIT ? OFFSET ?")) {
                query.setInt(1, limit);
                query.setInt(2, offset);
                return all(query, Store::proofOf);
            }
        });
    }

    public synchronized int proofCount() {
        return read(() -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM proofs")) {
                return first(query, rows -> rows.getInt(1)).orElseThrow();
            }
        });
    }

    // ---- rounds and checkpoints ----

    /** Round {@code number} of the STaR run {@code run}: the stored one if it exists (resume), else a new one. */
    public synchronized Round openRound(String run, int number) {
        if (number < 0) {
            throw new IllegalArgumentException("round number must be >= 0, got " + number);
        }
        return write(() -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO rounds (run, number, status, "
                    + "started_at) VALUES (?, ?, 'RUNNING', ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, run);
                insert.setInt(2, number);
                insert.setString(3, now().toString());
                insert.executeUpdate();
            }
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + ROUND_COLUMNS + " FROM rounds WHERE run = ? AND number = ?")) {
                query.setString(1, run);
                query.setInt(2, number);
                return first(query, Store::roundOf).orElseThrow();
            }
        });
    }

    /**
     * Finishes a round: stores its checkpoint and its report and marks it {@link RoundStatus#FINISHED}, in one
     * transaction, so a round is either finished with both or still running with neither.
     */
    public synchronized Checkpoint finishRound(long roundId, NewCheckpoint checkpoint, String reportJson) {
        NewCheckpoint canonical = new NewCheckpoint(checkpoint.path(),
                canonicalObject(checkpoint.metricsJson(), "checkpoint metrics"), checkpoint.promoted());
        String report = canonicalObject(reportJson, "round report");
        Instant now = now();
        long id = write(() -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE rounds SET status = 'FINISHED', "
                    + "finished_at = ?, report_json = ? WHERE id = ? AND status = 'RUNNING'")) {
                update.setString(1, now.toString());
                update.setString(2, report);
                update.setLong(3, roundId);
                if (update.executeUpdate() != 1) {
                    throw new StoreException(file + ": round " + roundId + " does not exist or is already finished");
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO checkpoints (round_id, path, "
                    + "metrics_json, promoted, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id")) {
                insert.setLong(1, roundId);
                insert.setString(2, canonical.path());
                insert.setString(3, canonical.metricsJson());
                insert.setInt(4, canonical.promoted() ? 1 : 0);
                insert.setString(5, now.toString());
                return returnedId(insert);
            }
        });
        return new Checkpoint(id, roundId, canonical, now);
    }

    /** The rounds of a STaR run, by number. */
    public synchronized List<Round> rounds(String run) {
        return read(() -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + ROUND_COLUMNS + " FROM rounds WHERE run = ? ORDER BY number")) {
                query.setString(1, run);
                return all(query, Store::roundOf);
            }
        });
    }

    /** The names of the STaR runs that have rounds in this store, in the order they started. */
    public synchronized List<String> runs() {
        return read(() -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT run FROM rounds GROUP BY run ORDER BY min(id)")) {
                return all(query, rows -> rows.getString(1));
            }
        });
    }

    /** The checkpoints of a STaR run, by round number; the last promoted one is the current policy. */
    public synchronized List<Checkpoint> checkpoints(String run) {
        return read(() -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT c.id, c.round_id, c.path, "
                    + "c.metrics_json, c.promoted, c.created_at FROM checkpoints c JOIN rounds r ON r.id = c.round_id "
                    + "WHERE r.run = ? ORDER BY r.number, c.id")) {
                query.setString(1, run);
                return all(query, rows -> new Checkpoint(rows.getLong(1), rows.getLong(2),
                        new NewCheckpoint(rows.getString(3), rows.getString(4), rows.getInt(5) == 1),
                        Instant.parse(rows.getString(6))));
            }
        });
    }

    /** Reads one pragma's value; for tests of the connection settings. */
    synchronized String pragma(String name) {
        return read(() -> {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("PRAGMA " + name)) {
                rows.next();
                return rows.getString(1);
            }
        });
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the store " + file + ": " + e.getMessage(), e);
        }
    }

    // ---- rows ----

    private Campaign insertCampaign(CampaignSpec spec, Instant now) throws SQLException {
        CampaignSpec canonical = new CampaignSpec(spec.set(), spec.split(), spec.strategy(), spec.policy(),
                canonicalObject(spec.configJson(), "campaign config"), spec.roundId());
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO campaigns (theorem_set, split, "
                + "strategy, policy, config_json, round_id, created_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                + "RETURNING id")) {
            insert.setString(1, canonical.set());
            insert.setString(2, canonical.split().orElse(null));
            insert.setString(3, canonical.strategy());
            insert.setString(4, canonical.policy());
            insert.setString(5, canonical.configJson());
            setNullableLong(insert, 6, canonical.roundId());
            insert.setString(7, now.toString());
            insert.setString(8, CampaignStatus.RUNNING.name());
            return new Campaign(returnedId(insert), canonical, now, CampaignStatus.RUNNING);
        }
    }

    private Optional<Campaign> queryNewestCampaign(CampaignSpec spec, CampaignStatus status) throws SQLException {
        String config = canonicalObject(spec.configJson(), "campaign config");
        try (PreparedStatement query = connection.prepareStatement("SELECT " + CAMPAIGN_COLUMNS
                + " FROM campaigns WHERE theorem_set = ? AND split IS ? AND strategy = ? AND policy = ? "
                + "AND config_json = ? AND round_id IS ? AND status = ? ORDER BY id DESC LIMIT 1")) {
            query.setString(1, spec.set());
            query.setString(2, spec.split().orElse(null));
            query.setString(3, spec.strategy());
            query.setString(4, spec.policy());
            query.setString(5, config);
            setNullableLong(query, 6, spec.roundId());
            query.setString(7, status.name());
            return first(query, Store::campaignOf);
        }
    }

    private Optional<Lease> queryLease(long campaignId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT host, pid, process_started_at, token, "
                + "heartbeat_at FROM campaign_leases WHERE campaign_id = ?")) {
            query.setLong(1, campaignId);
            return first(query, rows -> new Lease(campaignId, new LeaseOwner(rows.getString(1), rows.getLong(2),
                    Instant.parse(rows.getString(3)), rows.getString(4)), Instant.parse(rows.getString(5))));
        }
    }

    private static void bindOwner(PreparedStatement statement, int from, LeaseOwner owner) throws SQLException {
        statement.setString(from, owner.host());
        statement.setLong(from + 1, owner.pid());
        statement.setString(from + 2, owner.processStart().toString());
        statement.setString(from + 3, owner.token());
    }

    private StoredAttempt insertAttempt(Attempt attempt) throws SQLException {
        VerdictColumns verdict = VerdictColumns.of(attempt.verdict());
        Instant now = now();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO attempts (campaign_id, theorem, "
                + "attempt_index, proof, status, reason, messages_json, goals_json, axioms_json, timeout_limit_ns, "
                + "elapsed_ns, policy_logprob, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "RETURNING id")) {
            insert.setLong(1, attempt.campaignId());
            insert.setString(2, attempt.theorem());
            insert.setInt(3, attempt.attemptIndex());
            insert.setString(4, attempt.proof());
            insert.setString(5, verdict.status().name());
            insert.setString(6, verdict.reason());
            insert.setString(7, verdict.messagesJson());
            insert.setString(8, verdict.goalsJson());
            insert.setString(9, verdict.axiomsJson());
            setNullableLong(insert, 10, Optional.ofNullable(verdict.timeoutLimitNs()));
            insert.setLong(11, verdict.elapsedNs());
            if (attempt.policyLogProb().isPresent()) {
                insert.setDouble(12, attempt.policyLogProb().getAsDouble());
            } else {
                insert.setNull(12, Types.REAL);
            }
            insert.setString(13, now.toString());
            return new StoredAttempt(returnedId(insert), attempt, now);
        } catch (SQLiteException e) {
            if (e.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE) {
                throw new DuplicateAttemptException(attempt.key(), attempt.campaignId(), e);
            }
            throw e;
        }
    }

    private RecordedProof insertProof(VerifiedProof proof, Optional<Long> attemptId) throws SQLException {
        Instant now = now();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO proofs (theorem_set, theorem, "
                + "statement_hash, statement, header, proof, lean_version, mathlib_revision, axioms_json, tier, "
                + "attempt_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING")) {
            insert.setString(1, proof.set());
            insert.setString(2, proof.theorem());
            insert.setString(3, proof.statementHash());
            insert.setString(4, proof.statement());
            insert.setString(5, proof.header());
            insert.setString(6, proof.proof());
            insert.setString(7, proof.leanVersion());
            insert.setString(8, proof.mathlibRevision().orElse(null));
            insert.setString(9, VerdictColumns.json(proof.axioms()));
            insert.setString(10, proof.tier().word());
            setNullableLong(insert, 11, attemptId);
            insert.setString(12, now.toString());
            insert.executeUpdate();
        }
        try (PreparedStatement query = connection.prepareStatement("SELECT " + PROOF_COLUMNS + " FROM proofs "
                + "WHERE theorem_set = ? AND theorem = ? AND statement_hash = ? AND header = ? AND proof = ? "
                + "AND lean_version = ? AND coalesce(mathlib_revision, '') = coalesce(?, '')")) {
            query.setString(1, proof.set());
            query.setString(2, proof.theorem());
            query.setString(3, proof.statementHash());
            query.setString(4, proof.header());
            query.setString(5, proof.proof());
            query.setString(6, proof.leanVersion());
            query.setString(7, proof.mathlibRevision().orElse(null));
            return first(query, Store::proofOf).orElseThrow();
        }
    }

    private static Campaign campaignOf(ResultSet rows) throws SQLException {
        CampaignSpec spec = new CampaignSpec(rows.getString(2), Optional.ofNullable(rows.getString(3)),
                rows.getString(4), rows.getString(5), rows.getString(6), nullableLong(rows, 7));
        return new Campaign(rows.getLong(1), spec, Instant.parse(rows.getString(8)),
                CampaignStatus.valueOf(rows.getString(9)));
    }

    private static StoredAttempt attemptOf(ResultSet rows) throws SQLException {
        VerdictColumns columns = new VerdictColumns(Verdict.Status.valueOf(rows.getString(6)), rows.getString(7),
                rows.getString(8), rows.getString(9), rows.getString(10), nullableLong(rows, 11).orElse(null),
                rows.getLong(12));
        double logProb = rows.getDouble(13);
        OptionalDouble policyLogProb = rows.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(logProb);
        Attempt attempt = new Attempt(rows.getLong(2), rows.getString(3), rows.getInt(4), rows.getString(5),
                columns.toVerdict(), policyLogProb);
        return new StoredAttempt(rows.getLong(1), attempt, Instant.parse(rows.getString(14)));
    }

    private static RecordedProof proofOf(ResultSet rows) throws SQLException {
        VerifiedProof proof = new VerifiedProof(rows.getString(2), rows.getString(3), rows.getString(5),
                rows.getString(4), rows.getString(6), rows.getString(7), Optional.ofNullable(rows.getString(8)),
                VerdictColumns.stringList(rows.getString(9)), ProofTier.ofWord(rows.getString(10)));
        return new RecordedProof(rows.getLong(1), proof, nullableLong(rows, 11), Instant.parse(rows.getString(12)));
    }

    private static Round roundOf(ResultSet rows) throws SQLException {
        return new Round(rows.getLong(1), rows.getString(2), rows.getInt(3), RoundStatus.valueOf(rows.getString(4)),
                Instant.parse(rows.getString(5)), Optional.ofNullable(rows.getString(6)).map(Instant::parse),
                Optional.ofNullable(rows.getString(7)));
    }

    // ---- JDBC plumbing ----

    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rows) throws SQLException;
    }

    private <T> T read(SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Runs {@code work} in one transaction: everything it wrote is committed, or nothing is. */
    private <T> T write(SqlWork<T> work) {
        try {
            return Transaction.run(connection, work::run);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private StoreException failure(SQLException e) {
        return StoreFailures.of(file, readOnly, e, file + ": ");
    }

    private static <T> List<T> all(PreparedStatement query, RowMapper<T> mapper) throws SQLException {
        List<T> result = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
        }
        return result;
    }

    private static <T> Optional<T> first(PreparedStatement query, RowMapper<T> mapper) throws SQLException {
        try (ResultSet rows = query.executeQuery()) {
            return rows.next() ? Optional.of(mapper.map(rows)) : Optional.empty();
        }
    }

    private static long returnedId(PreparedStatement insertReturningId) throws SQLException {
        try (ResultSet rows = insertReturningId.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void requirePage(int limit, int offset) {
        if (limit < 0 || offset < 0) {
            throw new IllegalArgumentException("a page needs limit >= 0 and offset >= 0, got limit=" + limit
                    + ", offset=" + offset);
        }
    }

    private void requireOneRow(int updated, String what, long id) {
        if (updated != 1) {
            throw new StoreException(file + ": no " + what + " with id " + id);
        }
    }

    private static void setNullableLong(PreparedStatement statement, int index, Optional<Long> value)
            throws SQLException {
        if (value.isPresent()) {
            statement.setLong(index, value.get());
        } else {
            statement.setNull(index, Types.INTEGER);
        }
    }

    private static Optional<Long> nullableLong(ResultSet rows, int index) throws SQLException {
        long value = rows.getLong(index);
        return rows.wasNull() ? Optional.empty() : Optional.of(value);
    }

    /** The JSON object {@code json} with sorted keys and no spaces; anything else is a caller error. */
    private static String canonicalObject(String json, String what) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object, got: " + json);
        }
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed tree always serialises", e);
        }
    }

    private static Instant now() {
        // Millisecond precision keeps the text short and compares equal after a round trip.
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void closeQuietly(Connection connection, Exception failure) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
