package dev.leanforge.loop.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.standin.RulesFile.Message;
import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.app.StrictVertx;
import dev.leanforge.loop.config.CampaignConfig;
import dev.leanforge.loop.config.RawValue;
import dev.leanforge.loop.policy.Policy;
import dev.leanforge.loop.policy.PolicyKind;
import dev.leanforge.loop.progress.CampaignProgress;
import dev.leanforge.loop.proof.Attempt;
import dev.leanforge.loop.store.Campaign;
import dev.leanforge.loop.store.CampaignStatus;
import dev.leanforge.loop.proof.ProofTier;
import dev.leanforge.loop.store.RecordedProof;
import dev.leanforge.loop.store.Store;
import dev.leanforge.loop.store.StoredAttempt;
import dev.leanforge.loop.store.StoredTacticStep;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Campaigns end to end in a Vert.x instance that fails on blocked threads, with the scripted Lean stand-in (a test
 * double, not Lean: its verdicts are the rules below) as the server and a scripted policy proposing the proofs.
 */
class CampaignStandInTest {

    private static final String STAND_IN_VERSION = "stand-in (test double)";

    @TempDir
    Path tmp;

    private StrictVertx strict;
    private Store store;
    private final List<JsonObject> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        strict = StrictVertx.create();
        strict.vertx().eventBus().<JsonObject>consumer(CampaignProgress.ADDRESS, m -> events.add(m.body()));
        store = Store.open(tmp.resolve("store.db"));
    }

    @AfterEach
    void stop() throws Exception {
        store.close();
        strict.close();
        assertThat(strict.blockedThreads()).as("blocked-thread reports").isEmpty();
    }

    private CampaignPlan plan(String policyRules, Path standIn, String... settings) throws IOException {
        Path policy = Files.writeString(tmp.resolve("policy.yaml"), policyRules);
        Map<String, RawValue> given = new HashMap<>();
        String[] defaults = {"set", "tiny", "policy", "scripted:" + policy, "theorems-dir", tmp.resolve("theorems")
                .toString(), "server-cmd", StandInCommand.forRules(standIn), "project-dir", tmp.toString(),
                "lean-version", STAND_IN_VERSION, "workers", "1", "in-flight", "1", "progress", "false"};
        for (String[] pairs : List.of(defaults, settings)) {
            for (int i = 0; i < pairs.length; i += 2) {
                given.put(pairs[i], RawValue.scalar("test", pairs[i + 1]));
            }
        }
        CampaignConfig config = CampaignConfig.resolve(given);
        return CampaignPlans.prepare(config, ServerCommand.shell(config.serverCmd().orElseThrow(), tmp),
                Optional.empty());
    }

    private CampaignSummary run(CampaignPlan plan) throws Exception {
        return CampaignRunner.run(strict.vertx(), plan, store).toCompletionStage().toCompletableFuture()
                .get(120, TimeUnit.SECONDS);
    }

    private List<Attempt> attempts(long campaignId, String theorem) {
        return store.attempts(campaignId).stream().map(StoredAttempt::attempt)
                .filter(a -> a.theorem().equals(theorem)).toList();
    }

    private static List<Verdict.Status> statuses(List<Attempt> attempts) {
        return attempts.stream().map(a -> a.verdict().status()).toList();
    }

    @Test
    void sampledProofsAreCheckedRecheckedRecordedAndSummarised() throws Exception {
        TinySets.write(tmp.resolve("theorems"), "tiny", new LinkedHashMap<>(Map.of()) {{
                put("t_two", ": 2 + 2 = 4");
                put("t_comm", "(a b : Nat) : a + b = b + a");
                put("t_hard", "(n : Nat) : n * 0 = 1");
            }});
        Path standIn = StandInRules.create()
                .rule(r -> r.match("theorem t_two[^\\n]*by decide").axioms())
                .rule(r -> r.match("theorem t_comm[^\\n]*by omega").axioms("propext"))
                .otherwise(r -> r.error("simp made no progress", "simp"))
                .writeTo(tmp);
        CampaignPlan plan = plan("""
                rules:
                  - match: 'theorem t_two\\b'
                    completions: [by simp, by decide]
                  - match: 'theorem t_comm\\b'
                    completions: [by omega]
                  - match: 'theorem t_hard\\b'
                    completions: [by simp]
                """, standIn, "samples", "4", "in-flight", "3");

        CampaignSummary summary = run(plan);

        long id = summary.campaignId();
        // All three theorems are searched at once; each one's samples are checked one by one, so none is wasted.
        assertThat(statuses(attempts(id, "t_two"))).as("stops at the first verified proof")
                .containsExactly(Verdict.Status.FAILED, Verdict.Status.PROVED);
        assertThat(statuses(attempts(id, "t_comm"))).containsExactly(Verdict.Status.PROVED);
        assertThat(statuses(attempts(id, "t_hard"))).containsOnly(Verdict.Status.FAILED).hasSize(4);
        assertThat(attempts(id, "t_hard")).extracting(Attempt::attemptIndex).containsExactly(0, 1, 2, 3);

        List<RecordedProof> proofs = store.proofs();
        assertThat(proofs).extracting(p -> p.proof().theorem()).containsExactlyInAnyOrder("t_two", "t_comm");
        assertThat(proofs).allSatisfy(p -> {
            assertThat(p.proof().tier()).isEqualTo(ProofTier.FRESH);
            assertThat(p.proof().leanVersion()).isEqualTo(STAND_IN_VERSION);
            assertThat(p.proof().mathlibRevision()).isEmpty();
            assertThat(p.proof().header()).isEqualTo(TinySets.HEADER);
            assertThat(p.attemptId()).isPresent();
        });
        assertThat(proofs).filteredOn(p -> p.proof().theorem().equals("t_comm")).singleElement()
                .satisfies(p -> assertThat(p.proof().axioms()).as("from the fresh check").containsExactly("propext"));
        assertThat(store.campaign(id).map(Campaign::status)).contains(CampaignStatus.FINISHED);

        assertThat(summary.theorems()).isEqualTo(3);
        assertThat(summary.solved()).isEqualTo(2);
        assertThat(summary.resumed()).isFalse();
        assertThat(summary.attempts()).isEqualTo(7);
        assertThat(summary.verdicts()).containsEntry(Verdict.Status.PROVED, 2L).containsEntry(Verdict.Status.FAILED,
                5L);
        // Early stopping: pass@1 is whether the first sample verified (t_comm only), pass@4 whether one of four did.
        assertThat(summary.passAtK()).extracting(CampaignSummary.PassAtKValue::k).containsExactly(1, 4);
        assertThat(summary.passAtK().get(0).value()).isEqualTo(1.0 / 3);
        assertThat(summary.passAtK().get(1).value()).isEqualTo(2.0 / 3);
        assertThat(summary.passAtK()).allMatch(p -> p.leftOut() == 0);
        assertThat(summary.time().checks()).isEqualTo(7);
        assertThat(summary.time().recheckSeconds()).isPositive();
        assertThat(summary.settings()).containsKeys("budget", "sampling", "lean");
        assertThat(summary.text()).contains("solved 2 (66.7%)", "pass@1 0.3333", "pass@4 0.6667",
                "PROVED 2, FAILED 5, REJECTED 0, TIMEOUT 0, CRASHED 0");

        assertThat(events).hasSize(4);
        JsonObject last = events.get(3);
        assertThat(last.fieldNames()).containsExactlyInAnyOrder("campaignId", "set", "split", "strategy",
                "theoremsDone", "theoremsTotal", "solved", "attempts", "checksPerSecond", "verdicts", "finished");
        assertThat(last.getLong("campaignId")).isEqualTo(id);
        assertThat(last.getString("set")).isEqualTo("tiny");
        assertThat(last.getValue("split")).as("the whole set").isNull();
        assertThat(last.getString("strategy")).isEqualTo("sample");
        assertThat(last.getInteger("theoremsDone")).isEqualTo(3);
        assertThat(last.getInteger("theoremsTotal")).isEqualTo(3);
        assertThat(last.getInteger("solved")).isEqualTo(2);
        assertThat(last.getInteger("attempts")).isEqualTo(7);
        assertThat(last.getDouble("checksPerSecond")).isPositive();
        assertThat(last.getJsonObject("verdicts").getMap()).containsOnlyKeys("PROVED", "FAILED", "REJECTED",
                "TIMEOUT", "CRASHED");
        assertThat(last.getBoolean("finished")).isTrue();
        assertThat(events.subList(0, 3)).extracting(e -> e.getInteger("theoremsDone")).containsExactly(1, 2, 3);
        assertThat(events.subList(0, 3)).allMatch(e -> !e.getBoolean("finished"));
    }

    @Test
    void errorFeedbackPutsLeansMessageIntoTheNextPrompt() throws Exception {
        TinySets.write(tmp.resolve("theorems"), "tiny", Map.of("t_fb", "(n : Nat) : n + 0 = n"));
        Path standIn = StandInRules.create()
                .rule(r -> r.match("by omega").axioms("propext"))
                .rule(r -> r.match("by simp").message(Message.error("unsolved goals\nn : Nat\n⊢ n + 0 = n")
                        .at("simp").leanTags(1)))
                .writeTo(tmp);
        CampaignPlan scripted = plan("""
                rules:
                  - match: 'Lean said:[\\s\\S]*unsolved goals[\\s\\S]*theorem t_fb\\b'
                    completions: [by omega]
                  - match: 'theorem t_fb\\b'
                    completions: [by simp]
                """, standIn, "strategy", "feedback", "attempts", "3");
        List<String> prompts = new CopyOnWriteArrayList<>();
        CampaignPlan plan = withPolicy(scripted, () -> {
            Policy policy = scripted.policy().open().get();
            return new Policy() {
                @Override
                public List<Completion> complete(String prompt, SamplingParams params) {
                    prompts.add(prompt);
                    return policy.complete(prompt, params);
                }

                @Override
                public String describe() {
                    return policy.describe();
                }
            };
        });

        CampaignSummary summary = run(plan);

        assertThat(statuses(attempts(summary.campaignId(), "t_fb")))
                .containsExactly(Verdict.Status.FAILED, Verdict.Status.PROVED);
        assertThat(prompts).hasSize(2);
        assertThat(prompts.get(0)).doesNotContain("Lean said");
        assertThat(prompts.get(1)).contains("A previous attempt:\nby simp\nLean said:\nerror: unsolved goals\nn : Nat\n"
                + "⊢ n + 0 = n");
        assertThat(summary.passAtK()).singleElement().satisfies(p -> {
            assertThat(p.k()).isEqualTo(1);
            assertThat(p.value()).isEqualTo(1.0);
        });
        assertThat(summary.settings().get("budget")).isEqualTo(Map.of("attempts", 3, "retries", 2));
    }

    @Test
    void crashesAndTimeoutsAreRecordedButNeitherFailuresNorProofs() throws Exception {
        TinySets.write(tmp.resolve("theorems"), "tiny", new LinkedHashMap<>(Map.of()) {{
                put("t_crash", ": 1 = 1");
                put("t_hang", ": 2 = 2");
                put("t_ok", ": 3 = 3");
            }});
        Path standIn = StandInRules.create()
                .rule(r -> r.match("crash_now").crash())
                .rule(r -> r.match("hang_now").hang())
                .rule(r -> r.match("by rfl").axioms())
                .writeTo(tmp);
        CampaignPlan plan = plan("""
                rules:
                  - match: 'theorem t_crash\\b'
                    completions: [by crash_now]
                  - match: 'theorem t_hang\\b'
                    completions: [by hang_now]
                  - match: 'theorem t_ok\\b'
                    completions: [by rfl]
                """, standIn, "samples", "1", "retries", "0", "timeout", "1", "in-flight", "2");

        CampaignSummary summary = run(plan);

        long id = summary.campaignId();
        assertThat(statuses(attempts(id, "t_crash"))).containsExactly(Verdict.Status.CRASHED);
        assertThat(statuses(attempts(id, "t_hang"))).containsExactly(Verdict.Status.TIMEOUT);
        assertThat(statuses(attempts(id, "t_ok"))).containsExactly(Verdict.Status.PROVED);
        assertThat(store.proofs()).extracting(p -> p.proof().theorem()).containsExactly("t_ok");
        assertThat(summary.verdicts()).containsEntry(Verdict.Status.FAILED, 0L)
                .containsEntry(Verdict.Status.CRASHED, 1L).containsEntry(Verdict.Status.TIMEOUT, 1L);
        assertThat(summary.passAtK()).singleElement().satisfies(p -> {
            assertThat(p.value()).as("over the one theorem with a decided sample").isEqualTo(1.0);
            assertThat(p.theorems()).isEqualTo(1);
            assertThat(p.leftOut()).isEqualTo(2);
        });
        assertThat(summary.solved()).isEqualTo(1);
    }

    @Test
    void twoCampaignsRunSideBySideInOneVertxInstance() throws Exception {
        TinySets.write(tmp.resolve("theorems"), "tiny", Map.of("t_one", ": 1 = 1"));
        TinySets.write(tmp.resolve("theorems"), "other", Map.of("o_two", ": 2 = 2"));
        Path standIn = StandInRules.create().rule(r -> r.match("by rfl").axioms()).writeTo(tmp);
        String rules = "rules: []\ndefault: [by rfl]\n";
        CampaignPlan first = plan(rules, standIn);
        CampaignPlan second = plan(rules, standIn, "set", "other");

        Future<CampaignSummary> a = CampaignRunner.run(strict.vertx(), first, store);
        Future<CampaignSummary> b = CampaignRunner.run(strict.vertx(), second, store);
        Future.all(a, b).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);

        assertThat(List.of(a.result(), b.result())).extracting(CampaignSummary::set, CampaignSummary::solved)
                .containsExactly(tuple("tiny", 1), tuple("other", 1));
        assertThat(a.result().campaignId()).isNotEqualTo(b.result().campaignId());
        assertThat(events).filteredOn(e -> e.getBoolean("finished")).extracting(e -> e.getString("set"))
                .containsExactlyInAnyOrder("tiny", "other");
    }

    /**
     * The same campaign started twice at once: the second run does not join the first (and stop at a duplicate
     * attempt), it is refused before its policy and Lean start, naming who runs the campaign.
     */
    @Test
    void aSecondRunOfTheSameCampaignWhileTheFirstRunsIsRefused() throws Exception {
        TinySets.write(tmp.resolve("theorems"), "tiny", Map.of("t_one", ": 1 = 1", "t_two", ": 2 = 2"));
        Path standIn = StandInRules.create().rule(r -> r.match("by rfl").axioms()).writeTo(tmp);
        CampaignPlan plan = plan("rules: []\ndefault: [by rfl]\n", standIn);

        Future<CampaignSummary> a = CampaignRunner.run(strict.vertx(), plan, store);
        Future<CampaignSummary> b = CampaignRunner.run(strict.vertx(), plan, store);
        Future.join(a, b).toCompletionStage().toCompletableFuture().handle((done, e) -> null)
                .get(120, TimeUnit.SECONDS);

        List<Future<CampaignSummary>> runs = List.of(a, b);
        assertThat(runs).filteredOn(Future::succeeded).singleElement()
                .satisfies(run -> assertThat(run.result().attempts()).isEqualTo(2L));
        assertThat(runs).filteredOn(Future::failed).singleElement().satisfies(run -> assertThat(run.cause())
                .isInstanceOf(CampaignSetupException.class)
                .hasMessageContaining("campaign 1 is being run by another run in this process (pid "
                        + ProcessHandle.current().pid()));
        assertThat(store.campaigns()).singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo(CampaignStatus.FINISHED));
        assertThat(store.lease(1)).as("released at the end").isEmpty();
    }

    /**
     * The stand-in shows goals for the tactic prefixes of {@code t_and} and refuses {@code simp}; the scripted policy
     * proposes one tactic per goal state, and {@code by simp} for a whole proof. {@code t_stuck} has nothing but
     * {@code simp}, which errs.
     */
    private CampaignPlan tacticCampaign(String... settings) throws IOException {
        TinySets.write(tmp.resolve("theorems"), "tiny", new LinkedHashMap<>(Map.of()) {{
                put("t_and", ConjunctionTree.SIGNATURE);
                put("t_stuck", "(n : Nat) : n = n + 0");
            }});
        Path standIn = StandInRules.create()
                .rule(r -> r.match("theorem t_\\w+[^\\n]*by[\\s\\S]*simp").error("simp made no progress", "simp"))
                .rule(r -> ConjunctionTree.goals(r.match("theorem t_and").axioms()))
                .rule(r -> r.match("theorem t_stuck").goals("by", "n : Nat\n⊢ n = n + 0"))
                .writeTo(tmp);
        return plan("""
                rules:
                  - match: 'theorem t_\\w+'
                    completions: [by simp]
                  - match: '⊢ p ∧ q'
                    completions:
                      - {text: simp, logProb: -0.1}
                      - {text: constructor, logProb: -0.5}
                  - match: '⊢ n = n \\+ 0'
                    completions: [simp]
                """ + ConjunctionTree.CASE_RULES, standIn, settings);
    }

    @Test
    void bestFirstFindsAThreeTacticProofThatWholeProofSamplingWithTheSamePolicyDoesNot() throws Exception {
        CampaignSummary sampled = run(tacticCampaign("samples", "2"));
        assertThat(sampled.solved()).isZero();

        CampaignSummary searched = run(tacticCampaign("strategy", "best-first", "width", "2", "depth", "4",
                "nodes", "8"));

        long id = searched.campaignId();
        String proof = ConjunctionTree.PROOF;
        assertThat(attempts(id, "t_and")).singleElement().satisfies(a -> {
            assertThat(a.proof()).isEqualTo(proof);
            assertThat(a.verdict().status()).isEqualTo(Verdict.Status.PROVED);
            assertThat(a.policyLogProb()).as("constructor's -0.5, the others unknown").isEmpty();
        });
        assertThat(attempts(id, "t_stuck")).isEmpty();
        assertThat(store.proofs()).filteredOn(p -> p.proof().theorem().equals("t_and")).singleElement()
                .satisfies(p -> assertThat(p.proof().proof()).isEqualTo(proof));
        assertThat(searched.solved()).isEqualTo(1);
        assertThat(searched.passAtK()).singleElement().satisfies(p -> {
            assertThat(p.k()).isEqualTo(1);
            assertThat(p.value()).isEqualTo(0.5);
            assertThat(p.leftOut()).isZero();
        });
        assertThat(searched.settings().get("budget")).isEqualTo(Map.of("width", 2, "depth", 4, "nodes", 8,
                "retries", 2));
        assertThat(searched.time().goalStateSeconds()).isPositive();
        assertThat(searched.text()).contains("goal states ");

        List<StoredTacticStep> steps = store.tacticSteps(id);
        assertThat(steps).filteredOn(s -> s.step().theorem().equals("t_and"))
                .extracting(s -> s.step().tactic(), s -> s.step().outcome().word(), StoredTacticStep::onVerifiedPath)
                .containsExactly(tuple("simp", "ERROR", false), tuple("constructor", "GOALS", true),
                        tuple("exact hp", "GOALS", true), tuple("exact hq", "CLOSED", true));
        assertThat(store.tacticPairs(id)).singleElement().satisfies(pair -> {
            assertThat(pair.theorem()).isEqualTo("t_and");
            assertThat(pair.goalState()).isEqualTo(ConjunctionTree.ROOT_GOALS);
            assertThat(pair.chosen()).isEqualTo("constructor");
            assertThat(pair.rejected()).isEqualTo("simp");
            assertThat(pair.rejectedError()).isEqualTo("simp made no progress");
        });
    }

    @Test
    void aResumedBestFirstCampaignReplaysStoredExpansionsWithoutAskingThePolicy() throws Exception {
        CampaignPlan plan = tacticCampaign("strategy", "best-first", "width", "2");
        long id = run(plan).campaignId();
        int steps = store.tacticSteps(id).size();
        store.setCampaignStatus(id, CampaignStatus.RUNNING); // as if killed before it was marked finished

        CampaignPlan silent = withPolicy(plan, () -> new Policy() {
            @Override
            public List<Completion> complete(String prompt, SamplingParams params) {
                throw new AssertionError("the policy was asked again: " + prompt);
            }

            @Override
            public String describe() {
                return "silent";
            }
        });
        CampaignSummary resumed = run(silent);

        assertThat(resumed.campaignId()).isEqualTo(id);
        assertThat(resumed.resumed()).isTrue();
        assertThat(resumed.attemptsThisRun()).isZero();
        assertThat(resumed.solved()).isEqualTo(1);
        assertThat(store.tacticSteps(id)).hasSize(steps);
    }

    private static CampaignPlan withPolicy(CampaignPlan plan, java.util.function.Supplier<Policy> open) {
        return new CampaignPlan(plan.spec(), plan.recorded(), plan.theorems(), plan.strategy(), plan.sampling(),
                new PolicyKind.Opening(plan.policy().description(), open), plan.lean(), plan.provenance(),
                plan.inFlight(), plan.policyWorkers());
    }
}
