package dev.leanforge.loop.star;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.loop.app.StrictVertx;
import dev.leanforge.loop.campaign.CampaignPlan;
import dev.leanforge.loop.campaign.CampaignPlans;
import dev.leanforge.loop.campaign.CampaignRunner;
import dev.leanforge.loop.campaign.ConjunctionTree;
import dev.leanforge.loop.campaign.TinySets;
import dev.leanforge.loop.config.CampaignConfig;
import dev.leanforge.loop.config.RawValue;
import dev.leanforge.loop.policy.PromptFormat;
import dev.leanforge.loop.proof.CampaignSpec;
import dev.leanforge.loop.store.Store;
import dev.leanforge.loop.store.StoredTacticStep;
import dev.leanforge.loop.theorems.Theorem;
import dev.leanforge.trainer.data.DpoRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A STaR run's DPO data from best-first searches: real best-first campaigns of rounds of a run, a scripted policy
 * proposing the tactics and the scripted Lean stand-in (a test double, not Lean: its verdicts are the rules below)
 * checking them, then the round's dataset as {@link StarRun} builds it ({@link TrainRecords}).
 */
class GoalStatePairsTest {

    private static final String RUN = "star-tiny";
    private static final String ROOT_GOALS = ConjunctionTree.ROOT_GOALS;

    @TempDir
    Path tmp;

    private StrictVertx strict;
    private Store store;

    @BeforeEach
    void start() {
        strict = StrictVertx.create();
        store = Store.open(tmp.resolve("store.db"));
    }

    @AfterEach
    void stop() throws Exception {
        store.close();
        strict.close();
        assertThat(strict.blockedThreads()).as("blocked-thread reports").isEmpty();
    }

    /**
     * At the root goal state of {@code t_and} the policy proposes {@code simp} (Lean refuses it), {@code omega}
     * (the stand-in crashes), {@code decide} (it hangs past the timeout) and {@code constructor}, which leads to the
     * proof {@code constructor; exact hp; exact hq}.
     */
    private CampaignPlan bestFirstInRound(long roundId) throws Exception {
        TinySets.write(tmp.resolve("theorems"), "tiny", new LinkedHashMap<>(Map.of("t_and", ConjunctionTree.SIGNATURE)));
        Path standIn = StandInRules.create()
                .rule(r -> r.match("theorem t_and[^\\n]*by\\n  omega").crash())
                .rule(r -> r.match("theorem t_and[^\\n]*by\\n  decide").hang())
                .rule(r -> r.match("theorem t_and[^\\n]*by\\n  simp").error("simp made no progress", "simp"))
                .rule(r -> ConjunctionTree.goals(r.match("theorem t_and").axioms()))
                .writeTo(tmp);
        Path policy = Files.writeString(tmp.resolve("policy.yaml"), """
                rules:
                  - match: '⊢ p ∧ q'
                    completions:
                      - {text: simp, logProb: -0.1}
                      - {text: omega, logProb: -0.2}
                      - {text: decide, logProb: -0.3}
                      - {text: constructor, logProb: -0.5}
                """ + ConjunctionTree.CASE_RULES);
        Map<String, RawValue> given = new HashMap<>();
        String[] settings = {"set", "tiny", "split", "train", "policy", "scripted:" + policy, "theorems-dir",
                tmp.resolve("theorems").toString(), "server-cmd", StandInCommand.forRules(standIn), "project-dir",
                tmp.toString(), "lean-version", "stand-in (test double)", "workers", "1", "in-flight", "1",
                "progress", "false", "strategy", "best-first", "width", "4", "depth", "4", "nodes", "8",
                "timeout", "1", "retries", "0"};
        for (int i = 0; i < settings.length; i += 2) {
            given.put(settings[i], RawValue.scalar("test", settings[i + 1]));
        }
        CampaignConfig config = CampaignConfig.resolve(given);
        CampaignPlan plan = CampaignPlans.prepare(config, ServerCommand.shell(config.serverCmd().orElseThrow(), tmp),
                Optional.empty());
        CampaignSpec spec = plan.spec();
        return new CampaignPlan(new CampaignSpec(spec.set(), spec.split(), spec.strategy(), spec.policy(),
                spec.configJson(), Optional.of(roundId)), plan.recorded(), plan.theorems(), plan.strategy(),
                plan.sampling(), plan.policy(), plan.lean(), plan.provenance(), plan.inFlight(), plan.policyWorkers());
    }

    private long run(CampaignPlan plan) throws Exception {
        return CampaignRunner.run(strict.vertx(), plan, store).toCompletionStage().toCompletableFuture()
                .get(120, TimeUnit.SECONDS).campaignId();
    }

    @Test
    void aBestFirstRoundsDpoDataHasTheSameGoalPairOnceAndNeverACrashedOrTimedOutStep() throws Exception {
        long first = run(bestFirstInRound(store.openRound(RUN, 1).id()));
        CampaignPlan second = bestFirstInRound(store.openRound(RUN, 2).id());
        List<Theorem> train = second.theorems();

        assertThat(store.tacticSteps(first)).filteredOn(s -> s.step().goalState().equals(ROOT_GOALS))
                .extracting(s -> s.step().tactic(), s -> s.step().outcome().word(), StoredTacticStep::onVerifiedPath)
                .as("the crashed and the hanging tactic were tried and stored, undecided")
                .containsExactly(tuple("simp", "ERROR", false), tuple("omega", "UNDECIDED", false),
                        tuple("decide", "UNDECIDED", false), tuple("constructor", "GOALS", true));
        StarDataset roundOne = TrainRecords.read(store, RUN, 1).dataset(train, new StarDataset.Sources(true, false, 1));
        DpoRecord pair = new DpoRecord(PromptFormat.tactic(ROOT_GOALS), "constructor", "simp");
        assertThat(roundOne.goalStateDpo()).containsExactly(pair);
        assertThat(roundOne.solved()).containsExactly("t_and");

        run(second);
        StarDataset roundTwo = TrainRecords.read(store, RUN, 2).dataset(train, new StarDataset.Sources(true, false, 1));
        assertThat(roundTwo.goalStateDpo()).as("accumulated over both rounds' searches, once").containsExactly(pair);
        assertThat(roundTwo.preferences()).extracting(DpoRecord::rejected).doesNotContain("omega", "decide")
                .noneMatch(rejected -> rejected.contains("omega") || rejected.contains("decide"));
        assertThat(TrainRecords.read(store, RUN, 0).dataset(train, new StarDataset.Sources(true, false, 1)).goalStateDpo()).as("round 0 searches nothing")
                .isEmpty();
    }
}
