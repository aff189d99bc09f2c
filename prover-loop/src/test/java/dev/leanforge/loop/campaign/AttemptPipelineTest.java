package dev.leanforge.loop.campaign;

import static dev.leanforge.loop.campaign.CampaignFakes.TWO;
import static dev.leanforge.loop.campaign.CampaignFakes.crashed;
import static dev.leanforge.loop.campaign.CampaignFakes.failed;
import static dev.leanforge.loop.campaign.CampaignFakes.on;
import static dev.leanforge.loop.campaign.CampaignFakes.proved;
import static dev.leanforge.loop.campaign.CampaignFakes.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.campaign.CampaignFakes.FakeLean;
import dev.leanforge.loop.campaign.CampaignFakes.FakeStoreWriter;
import dev.leanforge.loop.campaign.CampaignFakes.FakeTicker;
import dev.leanforge.loop.bus.LeanService;
import dev.leanforge.loop.campaign.CampaignFakes.Written;
import dev.leanforge.loop.policy.Policy.Completion;
import dev.leanforge.loop.proof.Attempt;
import dev.leanforge.loop.proof.StepOutcome;
import dev.leanforge.loop.proof.TacticStep;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One attempt through warm check, fresh recheck and store, with Lean, the store and the clock faked. */
class AttemptPipelineTest {

    private static final long CAMPAIGN = 7;
    private static final Duration WRITE = Duration.ofMillis(7);

    private static Vertx vertx;
    private Context context;
    private FakeTicker ticker;
    private FakeLean lean;
    private FakeStoreWriter store;
    private AttemptPipeline pipeline;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @BeforeEach
    void setUp() throws Exception {
        context = vertx.getOrCreateContext();
        ticker = new FakeTicker();
        lean = new FakeLean();
        store = new FakeStoreWriter(ticker, WRITE);
        pipeline = new AttemptPipeline(CAMPAIGN, new Provenance("Lean (test)", Optional.empty()), lean, store, ticker);
        run(context, pipeline::startClock);
    }

    private Future<Attempt> attempt(String proof) throws Exception {
        return on(context, () -> pipeline.attempt(TWO, 0, new Completion(proof, -1.5)));
    }

    private void answerCheck(int i, Verdict verdict) throws Exception {
        run(context, () -> lean.checks.get(i).promise().complete(verdict));
    }

    private void answerRecheck(int i, Verdict verdict) throws Exception {
        run(context, () -> lean.rechecks.get(i).promise().complete(verdict));
    }

    @Test
    void leanThatThrowsInsteadOfAnsweringFailsTheAttemptAndLeavesNothingInFlight() throws Exception {
        AttemptPipeline throwing = new AttemptPipeline(CAMPAIGN, new Provenance("Lean (test)", Optional.empty()),
                new LeanService() {
                    @Override
                    public Future<Verdict> check(CheckTask task) {
                        throw new IllegalStateException("pool closed");
                    }

                    @Override
                    public Future<Verdict> recheck(CheckTask task) {
                        throw new IllegalStateException("pool closed");
                    }

                    @Override
                    public Future<GoalAnswer> goals(CheckTask prefix) {
                        throw new IllegalStateException("pool closed");
                    }
                }, store, ticker);

        Future<Attempt> attempt = on(context, () -> throwing.attempt(TWO, 0, new Completion("by simp", -1.5)));

        assertThat(attempt.failed()).isTrue();
        assertThat(attempt.cause()).hasMessage("pool closed");
        assertThat(on(context, throwing::inFlight)).isZero();
        assertThat(store.attempts).isEmpty();
    }

    @Test
    void aWarmFailureIsStoredAsItIsWithoutARecheck() throws Exception {
        Future<Attempt> attempt = attempt("by simp");
        Verdict.Failed warm = failed("simp made no progress", 3);
        answerCheck(0, warm);

        assertThat(attempt.succeeded()).isTrue();
        assertThat(lean.rechecks).isEmpty();
        assertThat(store.attempts).extracting(Written::proof).containsExactly(Optional.empty());
        Attempt stored = store.attempts.get(0).attempt();
        assertThat(stored.verdict()).isSameAs(warm);
        assertThat(stored).isEqualTo(attempt.result());
        assertThat(stored.campaignId()).isEqualTo(CAMPAIGN);
        assertThat(stored.proof()).isEqualTo("by simp");
        assertThat(pipeline.verdicts()).containsEntry(Verdict.Status.FAILED, 1L);
        assertThat(pipeline.attemptsThisRun()).isEqualTo(1);
        assertThat(pipeline.recheckRejections()).isZero();
        assertThat(pipeline.inFlight()).isZero();
    }

    @Test
    void aWarmProofTheFreshRecheckAcceptsIsStoredWithItsProof() throws Exception {
        Future<Attempt> attempt = attempt("by decide");
        Verdict.Proved warm = proved(3);
        answerCheck(0, warm);
        assertThat(attempt.isComplete()).as("waits for the recheck").isFalse();
        assertThat(lean.rechecks).hasSize(1);
        assertThat(lean.rechecks.get(0).request()).isEqualTo(lean.checks.get(0).request());
        answerRecheck(0, proved(5));

        Written written = store.attempts.get(0);
        assertThat(written.attempt().verdict()).isSameAs(warm);
        assertThat(written.proof()).hasValueSatisfying(proof -> {
            assertThat(proof.theorem()).isEqualTo("two");
            assertThat(proof.proof()).isEqualTo("by decide");
            assertThat(proof.leanVersion()).isEqualTo("Lean (test)");
        });
        assertThat(pipeline.verdicts()).containsEntry(Verdict.Status.PROVED, 1L);
        assertThat(pipeline.recheckRejections()).isZero();
    }

    @Test
    void aWarmProofTheFreshRecheckRefusesIsStoredFailedAndCountedAsARejection() throws Exception {
        Future<Attempt> attempt = attempt("by decide");
        answerCheck(0, proved(3));
        answerRecheck(0, failed("type mismatch", 5));

        assertThat(attempt.succeeded()).isTrue();
        Written written = store.attempts.get(0);
        assertThat(written.proof()).isEmpty();
        assertThat(written.attempt().verdict()).isInstanceOfSatisfying(Verdict.Failed.class, f -> assertThat(
                f.reason()).contains("type mismatch").contains("a warm server had accepted"));
        assertThat(pipeline.recheckRejections()).isEqualTo(1);
        assertThat(pipeline.verdicts()).containsEntry(Verdict.Status.FAILED, 1L)
                .containsEntry(Verdict.Status.PROVED, 0L);
    }

    @Test
    void aCrashedRecheckIsTriedExactlyOnceMore() throws Exception {
        Future<Attempt> attempt = attempt("by decide");
        answerCheck(0, proved(3));
        answerRecheck(0, crashed(5));
        assertThat(lean.rechecks).as("retried").hasSize(2);
        assertThat(attempt.isComplete()).isFalse();
        answerRecheck(1, crashed(5));

        assertThat(lean.rechecks).as("not a third time").hasSize(2);
        assertThat(store.attempts.get(0).attempt().verdict()).isInstanceOf(Verdict.Crashed.class);
        assertThat(store.attempts.get(0).proof()).isEmpty();
        assertThat(pipeline.recheckRejections()).as("a crash says nothing about the proof").isZero();
    }

    @Test
    void aRetriedRecheckThatAcceptsRecordsTheProof() throws Exception {
        attempt("by decide");
        answerCheck(0, proved(3));
        answerRecheck(0, crashed(5));
        answerRecheck(1, proved(5));

        assertThat(store.attempts.get(0).attempt().verdict().status()).isEqualTo(Verdict.Status.PROVED);
        assertThat(store.attempts.get(0).proof()).isPresent();
    }

    @Test
    void timesAreExactlyWhatLeanThePolicyAndTheFakeTickerSay() throws Exception {
        attempt("by decide");
        answerCheck(0, proved(3));
        answerRecheck(0, crashed(5));
        answerRecheck(1, proved(11));
        attempt("by simp");
        answerCheck(1, failed("no", 2));
        on(context, () -> {
            pipeline.addPolicyTime(Duration.ofMillis(13));
            pipeline.addGoalStateTime(Duration.ofMillis(17));
            return pipeline.recordSteps(List.of(new TacticStep("two", "by", "⊢ n + 0 = n", "simp",
                    OptionalDouble.empty(), new StepOutcome.Closed())));
        });
        ticker.advance(Duration.ofMillis(979)); // with the three 7 ms writes: one second of wall time

        CampaignSummary.TimeSpent time = on(context, pipeline::timeSpent);
        assertThat(time.wallSeconds()).isEqualTo(1.0);
        assertThat(time.checkSeconds()).isEqualTo(0.005);
        assertThat(time.recheckSeconds()).isEqualTo(0.016);
        assertThat(time.storeSeconds()).isEqualTo(0.021);
        assertThat(time.policySeconds()).isEqualTo(0.013);
        assertThat(time.goalStateSeconds()).isEqualTo(0.017);
        assertThat(time.checks()).isEqualTo(2);
        assertThat(time.checksPerSecond()).isEqualTo(2.0);
        assertThat(store.steps).hasSize(1);
    }
}
