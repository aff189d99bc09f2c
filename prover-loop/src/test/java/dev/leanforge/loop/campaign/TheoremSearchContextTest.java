package dev.leanforge.loop.campaign;

import static dev.leanforge.loop.campaign.CampaignFakes.TWO;
import static dev.leanforge.loop.campaign.CampaignFakes.failed;
import static dev.leanforge.loop.campaign.CampaignFakes.on;
import static dev.leanforge.loop.campaign.CampaignFakes.proved;
import static dev.leanforge.loop.campaign.CampaignFakes.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.bus.PolicyReply;
import dev.leanforge.loop.campaign.CampaignFakes.FakeLean;
import dev.leanforge.loop.campaign.CampaignFakes.FakePolicy;
import dev.leanforge.loop.campaign.CampaignFakes.FakeStoreWriter;
import dev.leanforge.loop.campaign.CampaignFakes.FakeTicker;
import dev.leanforge.loop.campaign.CampaignFakes.Pending;
import dev.leanforge.loop.campaign.CampaignFakes.Written;
import dev.leanforge.loop.policy.Policy.Completion;
import dev.leanforge.loop.proof.Attempt;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One theorem's search context, with Lean, the policy and the store faked: every answer is held until released. */
class TheoremSearchContextTest {

    private static final SamplingSettings SAMPLING = new SamplingSettings(1.0, 1.0, 0, 64, List.of(), 42);

    private static Vertx vertx;
    private Context context;
    private FakeLean lean;
    private FakePolicy policy;
    private FakeStoreWriter store;
    private AttemptPipeline pipeline;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicInteger attemptsFinished = new AtomicInteger();

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @BeforeEach
    void setUp() {
        context = vertx.getOrCreateContext();
        FakeTicker ticker = new FakeTicker();
        lean = new FakeLean();
        policy = new FakePolicy();
        store = new FakeStoreWriter(ticker, Duration.ZERO);
        pipeline = new AttemptPipeline(7, new Provenance("Lean (test)", Optional.empty()), lean, store, ticker);
    }

    private TheoremSearchContext search(int inFlight, int policyWorkers, List<Attempt> finished) {
        TheoremSearchContext.Shared shared = new TheoremSearchContext.Shared(SAMPLING, policy, lean,
                new Slots(policyWorkers), new Slots(inFlight), pipeline, context, failure::get,
                attemptsFinished::incrementAndGet);
        return new TheoremSearchContext(shared, TWO, finished, List.of());
    }

    private static Attempt stored(int index, Verdict verdict) {
        return new Attempt(7, "two", index, "by simp", verdict, OptionalDouble.empty());
    }

    private Future<Optional<Attempt>> attempt(TheoremSearchContext search, String proof) throws Exception {
        return on(context, () -> search.attemptWhenFree(() -> Optional.of(new Completion(proof, Double.NaN))));
    }

    /** Answers the first check (or goal request) still open with a failure (or no state). */
    private void answerNextOpen() throws Exception {
        run(context, () -> {
            for (Pending<?, Verdict> check : lean.checks) {
                if (!check.promise().future().isComplete()) {
                    check.promise().complete(failed("no", 1));
                    return;
                }
            }
            for (Pending<?, GoalAnswer> goals : lean.goals) {
                if (!goals.promise().future().isComplete()) {
                    goals.promise().complete(new GoalAnswer.NoState("none", Duration.ofMillis(1)));
                    return;
                }
            }
            throw new AssertionError("nothing open");
        });
    }

    @Test
    void attemptIndexesSkipStoredOnesAndNeverRepeat() throws Exception {
        TheoremSearchContext search = search(10, 1, List.of(stored(2, failed("no", 1)), stored(0, failed("no", 1))));
        assertThat(search.finished()).extracting(Attempt::attemptIndex).containsExactly(2, 0);

        on(context, () -> search.complete("prompt", 4));
        assertThat(policy.requests.get(0).request().params().seed())
                .as("sampling is seeded by the next free index, which asking does not take")
                .isEqualTo(SAMPLING.params(4, SAMPLING.seedFor("two", 1)).seed());
        List<Future<Optional<Attempt>>> attempts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            attempts.add(attempt(search, "by p" + i));
        }
        for (int i = 0; i < 4; i++) {
            answerNextOpen();
        }

        assertThat(attempts).allSatisfy(a -> assertThat(a.succeeded()).isTrue());
        assertThat(store.attempts).extracting(w -> w.attempt().attemptIndex()).containsExactly(1, 3, 4, 5);
        assertThat(attemptsFinished).hasValue(4);
        assertThat(search.solved()).isFalse();
    }

    @Test
    void atMostInFlightAttemptsAndGoalRequestsAreInFlight() throws Exception {
        TheoremSearchContext search = search(2, 1, List.of());
        List<Future<Optional<Attempt>>> attempts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            attempts.add(attempt(search, "by p" + i));
        }
        Future<GoalAnswer> goals = on(context, () -> search.goalsAfter("by\n  intro n"));
        assertThat(lean.checks).hasSize(2);
        assertThat(lean.goals).as("goal states share the bound").isEmpty();

        for (int i = 0; i < 6; i++) {
            assertThat(on(context, () -> lean.outstanding)).isLessThanOrEqualTo(2);
            answerNextOpen();
        }

        assertThat(lean.checks).hasSize(5);
        assertThat(lean.goals).hasSize(1);
        assertThat(lean.mostOutstanding).isEqualTo(2);
        assertThat(attempts).allSatisfy(a -> assertThat(a.succeeded()).isTrue());
        assertThat(goals.succeeded()).isTrue();
        assertThat(on(context, pipeline::inFlight)).isZero();
    }

    @Test
    void thePolicyIsAskedUnderThePolicySlotsAndItsTimeIsCounted() throws Exception {
        TheoremSearchContext search = search(2, 1, List.of());
        Future<List<Completion>> first = on(context, () -> search.complete("prompt", 1));
        Future<List<Completion>> second = on(context, () -> search.completeTactic("goal", 2));
        assertThat(policy.requests).as("one policy worker").hasSize(1);

        run(context, () -> policy.requests.get(0).promise().complete(
                new PolicyReply(List.of(new Completion("by simp", -1)), Duration.ofMillis(30))));
        assertThat(first.result()).extracting(Completion::text).containsExactly("by simp");
        assertThat(policy.requests).hasSize(2);
        run(context, () -> policy.requests.get(1).promise().complete(new PolicyReply(List.of(), Duration.ofMillis(12))));

        assertThat(second.succeeded()).isTrue();
        assertThat(on(context, pipeline::timeSpent).policySeconds()).isEqualTo(0.042);
    }

    @Test
    void aVerifiedAttemptSolvesTheTheorem() throws Exception {
        TheoremSearchContext search = search(2, 1, List.of());
        attempt(search, "by decide");
        run(context, () -> lean.checks.get(0).promise().complete(proved(1)));
        run(context, () -> lean.rechecks.get(0).promise().complete(proved(1)));

        assertThat(store.attempts).extracting(Written::proof).allSatisfy(p -> assertThat(p).isPresent());
        assertThat(search.solved()).isTrue();
        assertThat(search(2, 1, List.of(stored(0, proved(1)))).solved()).as("solved in an earlier run").isTrue();
    }

    @Test
    void onceTheCampaignStopsNothingNewStarts() throws Exception {
        TheoremSearchContext search = search(1, 1, List.of());
        attempt(search, "by p0");
        AtomicInteger asked = new AtomicInteger();
        Future<Optional<Attempt>> waiting = on(context, () -> search.attemptWhenFree(() -> {
            asked.incrementAndGet();
            return Optional.of(new Completion("by p1", Double.NaN));
        }));
        IllegalStateException stop = new IllegalStateException("Lean is gone");
        failure.set(stop);

        answerNextOpen(); // the attempt in flight is still stored; the waiter gets its slot and gives it back
        assertThat(store.attempts).hasSize(1);
        assertThat(on(context, () -> waiting.isComplete())).isTrue();
        assertThat(waiting.cause()).isSameAs(stop);
        assertThat(asked).as("no completion taken after the stop").hasValue(0);

        assertThat(on(context, () -> search.complete("prompt", 1)).cause()).isSameAs(stop);
        assertThat(on(context, () -> search.goalsAfter("by")).cause()).isSameAs(stop);
        assertThat(attempt(search, "by p2").cause()).isSameAs(stop);
        assertThat(policy.requests).isEmpty();
        assertThat(lean.checks).hasSize(1);
        assertThat(lean.goals).isEmpty();
    }
}
