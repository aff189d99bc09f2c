package dev.leanforge.loop.store;

import dev.leanforge.loop.proof.Attempt;
import dev.leanforge.loop.proof.AttemptKey;
import dev.leanforge.loop.proof.VerifiedProof;
import dev.leanforge.loop.proof.CampaignSpec;
import dev.leanforge.loop.proof.StatementHash;
import dev.leanforge.loop.proof.ProofTier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.goal.Goal;
import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.bridge.verdict.Verdict;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {

    @TempDir
    Path tmp;

    private Path file;
    private Store store;

    @BeforeEach
    void open() {
        file = tmp.resolve("runs/leanforge.db");
        store = Store.open(file);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static CampaignSpec spec(String config) {
        return new CampaignSpec("core-nat", Optional.of("train"), "sample", "scripted", config, Optional.empty());
    }

    static CheckTask task(String theorem, String proof) {
        return new CheckTask("-- header", theorem, "theorem " + theorem + " (n : Nat) : n + 0 = n :=", proof);
    }

    static Verdict.Proved proved() {
        return new Verdict.Proved(List.of("propext"),
                List.of(new LeanMessage(LeanMessage.Severity.INFORMATION, 3, 0, 3, 7, "'t' depends on axioms: [propext]")),
                Duration.ofNanos(123_456_789));
    }

    static VerifiedProof verified(String theorem, String proof, String leanVersion) {
        return VerifiedProof.freshlyChecked("core-nat", task(theorem, proof), proved(), leanVersion, Optional.empty());
    }

    @Test
    void aNewStoreHasTheLatestSchemaAndTheDurableSettings() {
        assertThat(file).exists();
        assertThat(store.schemaVersion()).isEqualTo(Migrations.latest()).isPositive();
        assertThat(store.pragma("journal_mode")).isEqualTo("wal");
        assertThat(store.pragma("synchronous")).isEqualTo("2"); // FULL
        assertThat(store.pragma("foreign_keys")).isEqualTo("1");
        assertThat(store.integrityProblems()).isEmpty();
    }

    @Test
    void reopeningKeepsDataAndDoesNotMigrateAgain() {
        Campaign campaign = store.createCampaign(spec("{}"));
        store.close();

        store = Store.open(file);

        assertThat(store.schemaVersion()).isEqualTo(Migrations.latest());
        assertThat(store.campaigns()).containsExactly(campaign);
    }

    @Test
    void aStoreFromANewerBuildIsRefused() throws Exception {
        store.close();
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = raw.createStatement()) {
            statement.execute("INSERT INTO schema_version (version, applied_at) VALUES (99, 'later')");
        }

        assertThatThrownBy(() -> Store.open(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toAbsolutePath().toString())
                .hasMessageContaining("schema version 99")
                .hasMessageContaining("newer leanforge");
        store = Store.open(tmp.resolve("other.db"));
    }

    @Test
    void aFileThatIsNotAStoreIsRefusedWithItsPath() throws Exception {
        Path notAStore = java.nio.file.Files.writeString(tmp.resolve("notes.txt"), "not sqlite ".repeat(100));

        assertThatThrownBy(() -> Store.open(notAStore))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot open the store " + notAStore)
                .hasMessageContaining("not a database");
    }

    @Test
    void campaignsRoundTripWithCanonicalConfigAndAreResumableUntilFinished() {
        Campaign campaign = store.createCampaign(spec("{\"k\": 8, \"temperature\": {\"start\": 1.0, \"end\": 0.5}}"));

        assertThat(campaign.status()).isEqualTo(CampaignStatus.RUNNING);
        assertThat(campaign.spec().configJson()).isEqualTo("{\"k\":8,\"temperature\":{\"end\":0.5,\"start\":1.0}}");
        assertThat(store.campaign(campaign.id())).contains(campaign);
        assertThat(store.unfinishedCampaign(spec("{\"temperature\":{\"end\":0.5,\"start\":1.0},\"k\":8}")))
                .contains(campaign);
        assertThat(store.unfinishedCampaign(spec("{\"k\": 16}"))).isEmpty();
        assertThat(store.unfinishedCampaign(new CampaignSpec("core-nat", Optional.empty(), "sample", "scripted",
                campaign.spec().configJson(), Optional.empty()))).as("whole set is not the train split").isEmpty();

        store.setCampaignStatus(campaign.id(), CampaignStatus.FINISHED);

        assertThat(store.unfinishedCampaign(spec(campaign.spec().configJson()))).isEmpty();
        assertThat(store.campaign(campaign.id()).orElseThrow().status()).isEqualTo(CampaignStatus.FINISHED);
        assertThat(store.newestCampaign(spec("{\"temperature\":{\"end\":0.5,\"start\":1.0},\"k\":8}"),
                CampaignStatus.FINISHED)).map(Campaign::id).contains(campaign.id());
        assertThat(store.newestCampaign(spec("{\"k\": 16}"), CampaignStatus.FINISHED)).isEmpty();
    }

    @Test
    void aConfigThatIsNotAJsonObjectIsRefused() {
        assertThatThrownBy(() -> store.createCampaign(spec("[1, 2]"))).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> store.createCampaign(spec("{k: 1"))).hasMessageContaining("not valid JSON");
        assertThat(store.campaigns()).isEmpty();
    }

    @Test
    void everyVerdictReadsBackEqual() {
        long campaign = store.createCampaign(spec("{}")).id();
        Goal goal = new Goal(Optional.of("succ"),
                List.of(new Goal.Hypothesis(List.of("n", "m"), "Nat"),
                        new Goal.Hypothesis(List.of("x"), "Nat", Optional.of("n + 1")),
                        new Goal.Hypothesis(List.of(), "0 + n✝ = n✝")),
                "n + 1 + 0 = n + 1");
        List<Verdict> verdicts = List.of(
                proved(),
                new Verdict.Failed("unsolved goals", List.of(new LeanMessage(LeanMessage.Severity.ERROR, 3, 46, 3, 48,
                        "unsolved goals\ncase succ\n…")), List.of(goal), List.of("sorryAx"), Duration.ofMillis(80)),
                new Verdict.Rejected("forbidden token 'sorry' at line 1", Duration.ofNanos(1500)),
                new Verdict.Timeout(Duration.ofSeconds(30), Duration.ofMillis(30_004)),
                new Verdict.Crashed("lean exited with code 137", Duration.ofMillis(9)));
        List<Attempt> written = new java.util.ArrayList<>();
        for (int i = 0; i < verdicts.size(); i++) {
            OptionalDouble logProb = i % 2 == 0 ? OptionalDouble.of(-1.25 * (i + 1)) : OptionalDouble.empty();
            written.add(new Attempt(campaign, "nat_t", i, "by omega", verdicts.get(i), logProb));
        }

        written.forEach(store::addAttempt);

        assertThat(store.attempts(campaign)).extracting(StoredAttempt::attempt).isEqualTo(written);
    }

    @Test
    void theUniqueKeyRefusesARedoneAttemptAndItsProof() {
        long campaign = store.createCampaign(spec("{}")).id();
        Attempt first = new Attempt(campaign, "nat_t", 0, "by omega", new Verdict.Crashed("x", Duration.ZERO),
                OptionalDouble.empty());
        store.addAttempt(first);
        Attempt again = new Attempt(campaign, "nat_t", 0, "by simp", proved(), OptionalDouble.empty());

        assertThatThrownBy(() -> store.addAttempt(again, verified("nat_t", "by simp", "4.24.0")))
                .isInstanceOf(DuplicateAttemptException.class)
                .hasMessageContaining("attempt 0 of theorem nat_t in campaign " + campaign);

        assertThat(store.attempts(campaign)).extracting(StoredAttempt::attempt).containsExactly(first);
        assertThat(store.proofs()).as("the proof's insert was rolled back with the attempt").isEmpty();
    }

    @Test
    void theResumeQueryListsTheCampaignsFinishedPairsOnly() {
        long campaign = store.createCampaign(spec("{}")).id();
        long other = store.createCampaign(spec("{\"other\":true}")).id();
        Verdict failed = new Verdict.Failed("error", List.of(), List.of(), List.of(), Duration.ofMillis(1));
        store.addAttempt(new Attempt(campaign, "a", 0, "by simp", failed, OptionalDouble.empty()));
        store.addAttempt(new Attempt(campaign, "a", 1, "by omega", new Verdict.Timeout(Duration.ofSeconds(1),
                Duration.ofSeconds(1)), OptionalDouble.empty()));
        store.addAttempt(new Attempt(campaign, "b", 0, "by decide", failed, OptionalDouble.empty()));
        store.addAttempt(new Attempt(other, "c", 0, "by rfl", failed, OptionalDouble.empty()));

        assertThat(store.finishedAttempts(campaign))
                .containsExactlyInAnyOrder(new AttemptKey("a", 0), new AttemptKey("a", 1), new AttemptKey("b", 0));
        assertThat(store.finishedAttempts(other)).containsExactly(new AttemptKey("c", 0));
        assertThat(store.finishedAttempts(12345)).isEmpty();
    }

    @Test
    void aProvedAttemptAndItsRecheckedProofLandTogether() {
        long campaign = store.createCampaign(spec("{}")).id();
        Attempt attempt = new Attempt(campaign, "nat_t", 0, "by omega", proved(), OptionalDouble.of(-3.5));
        VerifiedProof proof = verified("nat_t", "by omega", "4.24.0");

        StoredAttempt stored = store.addAttempt(attempt, proof);

        RecordedProof recorded = store.proofs().get(0);
        assertThat(store.proofs()).hasSize(1);
        assertThat(recorded.proof()).isEqualTo(proof);
        assertThat(recorded.proof().axioms()).containsExactly("propext");
        assertThat(recorded.proof().tier()).isEqualTo(ProofTier.FRESH);
        assertThat(recorded.attemptId()).contains(stored.id());
        assertThat(store.solvedTheorems(campaign)).containsExactly("nat_t");
    }

    @Test
    void onlyAProvedAttemptWithItsOwnProofTextCarriesAVerifiedProof() {
        long campaign = store.createCampaign(spec("{}")).id();
        Attempt failed = new Attempt(campaign, "nat_t", 0, "by omega",
                new Verdict.Failed("e", List.of(), List.of(), List.of(), Duration.ZERO), OptionalDouble.empty());
        Attempt provedOther = new Attempt(campaign, "nat_t", 0, "by simp", proved(), OptionalDouble.empty());

        assertThatThrownBy(() -> store.addAttempt(failed, verified("nat_t", "by omega", "4.24.0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FAILED");
        assertThatThrownBy(() -> store.addAttempt(provedOther, verified("nat_t", "by omega", "4.24.0")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.attempts(campaign)).isEmpty();
    }

    @Test
    void recordingTheSameProofAgainKeepsOneRowButAnotherLeanVersionIsANewFact() {
        RecordedProof first = store.recordProof(verified("nat_t", "by omega", "4.24.0"));
        RecordedProof again = store.recordProof(verified("nat_t", "by omega", "4.24.0"));
        RecordedProof newer = store.recordProof(verified("nat_t", "by omega", "4.25.0"));

        assertThat(again).isEqualTo(first);
        assertThat(first.attemptId()).isEmpty();
        assertThat(newer.id()).isNotEqualTo(first.id());
        assertThat(store.proofs()).containsExactly(first, newer);
    }

    @Test
    void theStatementHashIsTheSha256OfTheExactText() {
        assertThat(StatementHash.of("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(StatementHash.of("abc ")).isNotEqualTo(StatementHash.of("abc"));
    }

    @Test
    void anAttemptOfAnUnknownCampaignViolatesTheForeignKey() {
        Attempt orphan = new Attempt(42, "t", 0, "p", new Verdict.Crashed("x", Duration.ZERO), OptionalDouble.empty());

        assertThatThrownBy(() -> store.addAttempt(orphan))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("FOREIGN KEY");
    }

    @Test
    void aRoundIsReopenedOnResumeAndFinishesOnceWithItsCheckpoint() {
        Round round0 = store.openRound("star-a", 0);
        assertThat(store.openRound("star-a", 0)).isEqualTo(round0);
        Round round1 = store.openRound("star-a", 1);
        store.openRound("star-b", 0);

        Checkpoint checkpoint = store.finishRound(round0.id(),
                new NewCheckpoint("runs/ckpt/round-0", "{\"valid\": {\"pass@1\": 0.25}}", true), "{\"round\": 0}");

        assertThat(checkpoint.checkpoint().metricsJson()).isEqualTo("{\"valid\":{\"pass@1\":0.25}}");
        assertThatThrownBy(() -> store.finishRound(round0.id(),
                new NewCheckpoint("runs/ckpt/again", "{}", false), "{}"))
                .hasMessageContaining("already finished");
        assertThat(store.checkpoints("star-a")).containsExactly(checkpoint);
        List<Round> rounds = store.rounds("star-a");
        assertThat(rounds).extracting(Round::number).containsExactly(0, 1);
        assertThat(rounds.get(0).status()).isEqualTo(RoundStatus.FINISHED);
        assertThat(rounds.get(0).reportJson()).contains("{\"round\":0}");
        assertThat(rounds.get(0).finishedAt()).isPresent();
        assertThat(rounds.get(1)).isEqualTo(round1);
    }

    @Test
    void aCampaignCanBelongToARound() {
        Round round = store.openRound("star-a", 2);
        CampaignSpec inRound = new CampaignSpec("core-list", Optional.of("valid"), "sample", "ckpt-2", "{}",
                Optional.of(round.id()));

        Campaign campaign = store.createCampaign(inRound);

        assertThat(store.unfinishedCampaign(inRound)).contains(campaign);
        assertThat(store.unfinishedCampaign(new CampaignSpec("core-list", Optional.of("valid"), "sample", "ckpt-2",
                "{}", Optional.empty()))).isEmpty();
    }

    @Test
    void pagesOfAttemptsAndProofsFollowStorageOrder() {
        long campaign = store.createCampaign(spec("{}")).id();
        for (int i = 0; i < 5; i++) {
            store.addAttempt(new Attempt(campaign, "t" + i, 0, "rfl", new Verdict.Rejected("no", Duration.ZERO),
                    OptionalDouble.empty()));
            store.recordProof(verified("t" + i, "simp", "4.24.0"));
        }

        assertThat(store.attempts(campaign, 2, 1)).extracting(a -> a.attempt().theorem()).containsExactly("t1", "t2");
        assertThat(store.attempts(campaign, 10, 4)).extracting(a -> a.attempt().theorem()).containsExactly("t4");
        assertThat(store.attempts(campaign, 0, 0)).isEmpty();
        assertThat(store.proofs(3, 3)).extracting(p -> p.proof().theorem()).containsExactly("t3", "t4");
        assertThat(store.proofCount()).isEqualTo(5);
        assertThatThrownBy(() -> store.attempts(campaign, -1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit=-1");
    }

    @Test
    void aLaterCampaignThatFindsTheSameProofAgainSolvesTheTheoremToo() {
        long first = store.createCampaign(spec("{}")).id();
        long second = store.createCampaign(spec("{\"round\": 2}")).id();
        store.addAttempt(new Attempt(first, "a", 0, "omega", proved(), OptionalDouble.empty()),
                verified("a", "omega", "4.24.0"));

        store.addAttempt(new Attempt(second, "a", 0, "omega", proved(), OptionalDouble.empty()),
                verified("a", "omega", "4.24.0"));

        assertThat(store.proofs()).hasSize(1);
        assertThat(store.solvedTheorems(second)).containsExactly("a");
        assertThat(store.counts(second).theoremsSolved()).isEqualTo(1);
    }

    @Test
    void countsAreByVerdictAndSolvedMeansARecordedProofFromTheCampaign() {
        long campaign = store.createCampaign(spec("{}")).id();
        long other = store.createCampaign(spec("{\"k\": 2}")).id();
        store.addAttempt(new Attempt(campaign, "a", 0, "omega", proved(), OptionalDouble.empty()),
                verified("a", "omega", "4.24.0"));
        store.addAttempt(new Attempt(campaign, "a", 1, "simp", proved(), OptionalDouble.empty()));
        store.addAttempt(new Attempt(campaign, "b", 0, "simp", new Verdict.Timeout(Duration.ofSeconds(1),
                Duration.ofSeconds(1)), OptionalDouble.empty()));
        store.addAttempt(new Attempt(other, "c", 0, "simp", new Verdict.Crashed("gone", Duration.ZERO),
                OptionalDouble.empty()));

        CampaignCounts counts = store.counts(campaign);

        assertThat(counts.theoremsAttempted()).isEqualTo(2);
        assertThat(counts.theoremsSolved()).isEqualTo(1);
        assertThat(counts.attempts()).isEqualTo(3);
        assertThat(counts.verdicts()).containsExactly(Map.entry(Verdict.Status.PROVED, 2),
                Map.entry(Verdict.Status.FAILED, 0), Map.entry(Verdict.Status.REJECTED, 0),
                Map.entry(Verdict.Status.TIMEOUT, 1), Map.entry(Verdict.Status.CRASHED, 0));
        assertThat(store.counts(other).theoremsSolved()).isZero();
        assertThat(store.counts(9999).attempts()).isZero();
    }

    @Test
    void runsAreListedInTheOrderTheyStarted() {
        store.openRound("star-b", 0);
        store.openRound("star-a", 0);
        store.openRound("star-b", 1);

        assertThat(store.runs()).containsExactly("star-b", "star-a");
    }
}
