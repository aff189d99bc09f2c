package dev.leanforge.loop.campaign;

import static dev.leanforge.loop.campaign.CampaignFakes.failed;
import static dev.leanforge.loop.campaign.CampaignFakes.on;
import static dev.leanforge.loop.campaign.CampaignFakes.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.bus.LeanService;
import dev.leanforge.loop.bus.PolicyReply;
import dev.leanforge.loop.bus.PolicyService;
import dev.leanforge.loop.campaign.CampaignFakes.FakeLean;
import dev.leanforge.loop.campaign.CampaignFakes.FakeTicker;
import dev.leanforge.loop.config.CampaignConfig;
import dev.leanforge.loop.config.RawValue;
import dev.leanforge.loop.policy.Policy.Completion;
import dev.leanforge.loop.proof.Attempt;
import dev.leanforge.loop.store.CampaignClaim;
import dev.leanforge.loop.store.CampaignStatus;
import dev.leanforge.loop.store.LeaseTerms;
import dev.leanforge.loop.store.Store;
import dev.leanforge.loop.store.StoredAttempt;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator as the scheduler of a campaign, deployed in a real Vert.x instance with a real store, Lean and the
 * policy faked (Lean and the stand-in are never started) and a fake ticker: nothing sleeps.
 */
class CampaignCoordinatorTest {

    @TempDir
    Path tmp;

    private Vertx vertx;
    private Store store;
    private final List<String> asked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        store = Store.open(tmp.resolve("store.db"));
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        store.close();
    }

    /** Three theorems, one sample each, two searched at once. */
    private CampaignPlan plan() throws Exception {
        TinySets.write(tmp.resolve("theorems"), "tiny", new LinkedHashMap<>(Map.of()) {{
                put("t1", ": 1 = 1");
                put("t2", ": 2 = 2");
                put("t3", ": 3 = 3");
            }});
        Path standIn = StandInRules.create().otherwise(r -> r.error("never asked", "simp")).writeTo(tmp);
        Path policy = Files.writeString(tmp.resolve("policy.yaml"), "rules: []\n");
        Map<String, RawValue> given = new HashMap<>();
        String[] pairs = {"set", "tiny", "policy", "scripted:" + policy, "theorems-dir",
                tmp.resolve("theorems").toString(), "server-cmd", StandInCommand.forRules(standIn), "project-dir",
                tmp.toString(), "lean-version", "stand-in (test double)", "workers", "1", "in-flight", "2",
                "samples", "1", "progress", "false"};
        for (int i = 0; i < pairs.length; i += 2) {
            given.put(pairs[i], RawValue.scalar("test", pairs[i + 1]));
        }
        CampaignConfig config = CampaignConfig.resolve(given);
        return CampaignPlans.prepare(config, ServerCommand.shell(config.serverCmd().orElseThrow(), tmp),
                Optional.empty());
    }

    /** Answers at once with one completion; each call takes one second of {@code ticker}'s time. */
    private PolicyService policy(FakeTicker ticker) {
        return request -> {
            asked.add(request.prompt());
            ticker.advance(Duration.ofSeconds(1));
            return Future.succeededFuture(new PolicyReply(List.of(new Completion("by simp", -0.5)),
                    Duration.ofMillis(250)));
        };
    }

    private Future<CampaignSummary> deploy(CampaignPlan plan, LeanService lean, FakeTicker ticker) throws Exception {
        CampaignClaim claim = store.claimCampaign(plan.spec(), LeaseTerms.forThisProcess());
        Promise<CampaignSummary> result = Promise.promise();
        vertx.deployVerticle(new CampaignCoordinator(plan, store, claim, LeaseTerms.forThisProcess(), lean,
                policy(ticker), result, ticker)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return result.future();
    }

    @Test
    void aFailureStopsNewTheoremsAndFailsTheCampaignOnlyOnceTheAttemptsInFlightAreStored() throws Exception {
        CampaignPlan plan = plan();
        FakeLean lean = new FakeLean();
        Future<CampaignSummary> result = deploy(plan, lean, new FakeTicker());
        lean.awaitChecks(2);
        Context coordinator = lean.context;
        assertThat(lean.checks).extracting(c -> c.request().theoremName()).containsExactly("t1", "t2");

        IllegalStateException gone = new IllegalStateException("Lean is gone");
        run(coordinator, () -> lean.checks.get(0).promise().fail(gone));
        run(coordinator, () -> {}); // and whatever that queued on the coordinator's context

        assertThat(on(coordinator, result::isComplete)).as("t2's attempt is still in flight").isFalse();
        assertThat(lean.checks).as("t3 is never started").hasSize(2);
        assertThat(asked).hasSize(2);

        run(coordinator, () -> lean.checks.get(1).promise().complete(failed("no", 1)));
        assertThatThrownBy(() -> result.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isSameAs(gone);

        long id = store.campaigns().get(0).id();
        assertThat(store.attempts(id)).extracting(StoredAttempt::attempt).extracting(Attempt::theorem)
                .as("the attempt in flight was stored before the campaign failed").containsExactly("t2");
        assertThat(store.campaign(id).orElseThrow().status()).as("resumable").isEqualTo(CampaignStatus.RUNNING);
    }

    @Test
    void aFinishedCampaignsWallTimeIsTheTickersAdvance() throws Exception {
        FakeTicker ticker = new FakeTicker();
        LeanService lean = new LeanService() {
            @Override
            public Future<Verdict> check(CheckTask task) {
                return Future.succeededFuture(failed("no", 2));
            }

            @Override
            public Future<Verdict> recheck(CheckTask task) {
                throw new AssertionError("nothing to recheck");
            }

            @Override
            public Future<GoalAnswer> goals(CheckTask prefix) {
                throw new AssertionError("no goal states for sampling");
            }
        };

        CampaignSummary summary = deploy(plan(), lean, ticker).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);

        assertThat(summary.attemptsThisRun()).isEqualTo(3);
        assertThat(summary.time().wallSeconds()).as("three policy calls of one fake second").isEqualTo(3.0);
        assertThat(summary.time().policySeconds()).isEqualTo(0.75);
        assertThat(summary.time().checkSeconds()).isEqualTo(0.006);
        // Store time is not asserted here: writes run on the store thread while the loop asks the policy, which
        // moves the shared fake ticker. AttemptPipelineTest pins store time exactly.
        assertThat(summary.time().checks()).isEqualTo(3);
        assertThat(summary.time().checksPerSecond()).isEqualTo(1.0);
        assertThat(store.campaign(summary.campaignId()).orElseThrow().status()).isEqualTo(CampaignStatus.FINISHED);
    }
}
