package dev.leanforge.bridge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.goal.Goal;
import dev.leanforge.bridge.server.ProcessTrees;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.soundness.SourcePolicy;
import dev.leanforge.bridge.standin.RulesFile.Message;
import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.bridge.verdict.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LeanWorker} end to end against the scripted stand-in process (a test double: these verdicts are scripted,
 * they show that the client handles the protocol, not what Lean accepts). One warm worker serves the answering
 * rules; crash and hang get their own processes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeanWorkerStandInTest {

    private static final String HEADER = "import Mathlib\nopen Nat";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String SUPER = "\uD835\uDD3D"; // 𝔽: two UTF-16 units, one code point

    @TempDir
    static Path dir;
    private Path record;
    private LeanWorker worker;

    @BeforeAll
    void startWarmWorker() throws Exception {
        Path rules = StandInRules.create()
                .rule(r -> r.match("by decide").axioms())
                .rule(r -> r.match("by simp_all").message(Message.error("unsolved goals\nx : Nat\n⊢ x = 2")
                        .at("by simp_all").leanTags(1)).axioms("propext", "sorryAx"))
                .rule(r -> r.match("by cheat_tac").sorry().axioms("propext"))
                .rule(r -> r.match("by exact cheat").axioms("propext", "cheat"))
                .rule(r -> r.match("by quirky").staleFirst().earlyEmptyProgress().axioms("propext", "Quot.sound"))
                .rule(r -> r.match("by split_batches").incremental()
                        .message(Message.error("unsolved goals\n⊢ False").at("by split_batches").leanTags(1))
                        .axioms("propext"))
                .rule(r -> r.match("by broken_header").fatal())
                .rule(r -> r.match("constructor")
                        .message(Message.error("unsolved goals\ncase left\n⊢ p").at("by").leanTags(1))
                        .message(Message.error("Unknown identifier `hq'`").at("hq'"))
                        .goals("constructor", "case left\nhp : p\nhq : q\n⊢ p", "case right\nhp : p\nhq : q\n⊢ q"))
                .rule(r -> r.match("by exact h" + SUPER).goals("exact h" + SUPER))
                .rule(r -> r.match("no_state_here"))
                .otherwise(r -> r.error("unknown tactic"))
                .writeTo(dir);
        record = dir.resolve("received.jsonl");
        worker = LeanWorker.start(ServerCommand.shell(StandInCommand.forRules(rules, record), dir),
                new LeanWorker.Settings(Duration.ofSeconds(30), 2, SourcePolicy.standard()));
    }

    @AfterAll
    void closeWorker() {
        worker.close();
    }

    @Test
    void provedWithNoAxioms() throws Exception {
        Verdict verdict = check(task("two_add_two", ": 2 + 2 = 4", "by decide"));
        assertThat(verdict).isInstanceOfSatisfying(Verdict.Proved.class,
                proved -> assertThat(proved.axioms()).isEmpty());
    }

    @Test
    void unsolvedGoalsFailWithParsedGoals() throws Exception {
        Verdict verdict = check(task("x_eq", "(x : Nat) : x = 2", "by simp_all"));
        assertThat(verdict).isInstanceOfSatisfying(Verdict.Failed.class, failed -> {
            assertThat(failed.reason()).contains("unsolved goals");
            assertThat(failed.unsolvedGoals()).singleElement()
                    .satisfies(goal -> assertThat(goal.target()).isEqualTo("x = 2"));
        });
    }

    @Test
    void sorryWarningFailsEvenWithHarmlessAxioms() throws Exception {
        Verdict verdict = check(task("hidden", ": 1 = 1", "by cheat_tac"));
        assertThat(verdict).isInstanceOfSatisfying(Verdict.Failed.class,
                failed -> assertThat(failed.reason()).contains("sorry"));
    }

    @Test
    void customAxiomFailsAndIsNamed() throws Exception {
        Verdict verdict = check(task("uses_cheat", ": 1 = 2", "by exact cheat"));
        assertThat(verdict).isInstanceOfSatisfying(Verdict.Failed.class, failed -> {
            assertThat(failed.reason()).contains("cheat");
            assertThat(failed.axioms()).contains("cheat");
        });
    }

    @Test
    void staleSetsAndEarlyEmptyProgressDoNotDecide() throws Exception {
        // The stand-in first publishes an error for version - 1, then an empty set before the real one.
        check(task("warm_up", ": True", "by decide"));
        Verdict verdict = check(task("quirky_one", ": True", "by quirky"));
        assertThat(verdict).isInstanceOfSatisfying(Verdict.Proved.class,
                proved -> assertThat(proved.axioms()).containsExactly("propext", "Quot.sound"));
    }

    @Test
    void incrementalBatchesAreAppendedSoTheEarlierErrorCounts() throws Exception {
        // Batch 1: the error; batch 2 (isIncremental): the axioms answer. Replacing would keep only the latter.
        Verdict verdict = check(task("split", ": False", "by split_batches"));
        assertThat(verdict).isInstanceOf(Verdict.Failed.class);
        assertThat(((Verdict.Failed) verdict).messages()).anyMatch(m -> m.text().startsWith("unsolved goals"));
    }

    @Test
    void policyRefusalNeverReachesLean() throws Exception {
        long before = worker.checksDone();
        Verdict verdict = check(task("nope", ": False", "by native_decide"));
        assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
        assertThat(worker.checksDone()).isEqualTo(before);
    }

    @Test
    void fatalHeaderErrorIsACrashAndTheHeaderIsReopenedNextTime() throws Exception {
        String header = "import Stale";
        Verdict verdict = check(new CheckTask(header, "f1", "theorem f1 : True :=", "by broken_header"));
        assertThat(verdict).isInstanceOfSatisfying(Verdict.Crashed.class,
                crashed -> assertThat(crashed.reason()).contains("Imports are out of date"));
        assertThat(worker.needsRestart()).isFalse();
        assertThat(worker.isWarm(header)).as("a broken document is not kept").isFalse();
        Verdict next = check(new CheckTask(header, "f2", "theorem f2 : True :=", "by decide"));
        assertThat(next).isInstanceOf(Verdict.Proved.class);
    }

    @Test
    void sameHeaderIsOpenedOnceThenEdited() throws Exception {
        String header = "import Mathlib\n-- reuse test";
        int before = Recorded.read(record).lines().size();
        check(new CheckTask(header, "r1", "theorem r1 : True :=", "by decide"));
        check(new CheckTask(header, "r2", "theorem r2 : True :=", "by decide"));
        check(new CheckTask(header, "r3", "theorem r3 : True :=", "by simp_all"));
        List<JsonObject> lines = Recorded.read(record).lines();
        List<JsonObject> mine = lines.subList(before, lines.size()).stream()
                .filter(l -> l.has("uri")).toList();
        String uri = mine.stream().filter(l -> l.get("method").getAsString().equals("textDocument/didOpen"))
                .findFirst().orElseThrow().get("uri").getAsString();
        List<JsonObject> edits = mine.stream().filter(l -> l.get("uri").getAsString().equals(uri))
                .filter(l -> l.get("method").getAsString().startsWith("textDocument/did")).toList();
        assertThat(edits).extracting(l -> l.get("method").getAsString()).containsExactly(
                "textDocument/didOpen", "textDocument/didChange", "textDocument/didChange");
        assertThat(edits).extracting(l -> l.get("version").getAsInt()).containsExactly(1, 2, 3);
        assertThat(edits.get(0).get("dependencyBuildMode").getAsString()).isEqualTo("never");
        assertThat(mine).filteredOn(l -> l.get("method").getAsString().equals("textDocument/waitForDiagnostics"))
                .extracting(l -> l.get("version").getAsInt()).containsExactly(1, 2, 3);
    }

    @Test
    void goalsAfterATacticPrefixAreStructured() throws Exception {
        TacticState state = state(worker.goals(HEADER, "theorem and_intro (p q : Prop) (hp : p) (hq : q) : p ∧ q :=",
                "by\n  constructor", TIMEOUT).get(30, TimeUnit.SECONDS));
        assertThat(state.goals()).extracting(Goal::caseTag)
                .containsExactly(Optional.of("left"), Optional.of("right"));
        assertThat(state.goals().get(1).target()).isEqualTo("q");
        assertThat(state.goals().get(0).hypotheses()).hasSize(2);
        assertThat(state.errors()).singleElement()
                .satisfies(e -> assertThat(e.text()).isEqualTo("Unknown identifier `hq'`"));
        assertThat(state.solved()).isFalse();
    }

    @Test
    void goalPositionCountsUtf16Units() throws Exception {
        // The stand-in answers only if the text before the position ends with the key "exact h𝔽".
        TacticState state = state(worker.goals(HEADER, "theorem sup (h" + SUPER + " : True) : True :=",
                "by exact h" + SUPER, TIMEOUT).get(30, TimeUnit.SECONDS));
        assertThat(state.goals()).isEmpty();
    }

    @Test
    void noTacticStateIsAnAnswerOfItsOwnUnlessThePrefixHasErrors() throws Exception {
        GoalAnswer answer = worker.goals(HEADER, "theorem plain : True :=", "no_state_here", TIMEOUT)
                .get(30, TimeUnit.SECONDS);
        assertThat(answer).isInstanceOfSatisfying(GoalAnswer.NoState.class,
                none -> assertThat(none.reason()).contains("no tactic state"));
        TacticState failing = state(worker.goals(HEADER, "theorem plain : True :=", "by\n  bogus_tactic", TIMEOUT)
                .get(30, TimeUnit.SECONDS));
        assertThat(failing.goals()).isEmpty();
        assertThat(failing.errors()).extracting(LeanMessage::text).containsExactly("unknown tactic");
        assertThat(failing.solved()).isFalse();
    }

    @Test
    void aPrefixTheSourcePolicyRefusesNeverReachesLean() throws Exception {
        int before = Recorded.read(record).lines().size();
        GoalAnswer answer = worker.goals(HEADER, "theorem plain : True :=", "by\n  run_tac do pure ()", TIMEOUT)
                .get(30, TimeUnit.SECONDS);
        assertThat(answer).isInstanceOf(GoalAnswer.Rejected.class);
        assertThat(Recorded.read(record).lines()).hasSize(before);
    }

    private static TacticState state(GoalAnswer answer) {
        assertThat(answer).isInstanceOf(GoalAnswer.State.class);
        return ((GoalAnswer.State) answer).state();
    }

    @Test
    void leastRecentlyUsedHeaderIsClosedBeyondTheLimit() throws Exception {
        int before = Recorded.read(record).lines().size();
        for (String header : List.of("import A", "import B", "import C")) {
            check(new CheckTask(header, "h", "theorem h : True :=", "by decide"));
        }
        assertThat(worker.isWarm("import C")).isTrue();
        assertThat(worker.isWarm("import B")).isTrue();
        assertThat(worker.isWarm("import A")).as("evicted").isFalse();
        List<JsonObject> lines = Recorded.read(record).lines();
        assertThat(lines.subList(before, lines.size())).extracting(l -> l.get("method").getAsString())
                .filteredOn(m -> m.startsWith("textDocument/did"))
                .containsSubsequence("textDocument/didOpen", "textDocument/didOpen", "textDocument/didClose",
                        "textDocument/didOpen");
    }

    @Test
    void rssCoversTheServerProcessTree() {
        assertThat(worker.rssBytes().orElseThrow()).isGreaterThan(1024 * 1024);
        assertThat(worker.isAlive()).isTrue();
    }

    @Test
    void crashMidCheckIsCrashedWithStderrAndARestartedWorkerGoesOn() throws Exception {
        Path rules = StandInRules.create()
                .rule(r -> r.match("by crash_me").crash())
                .rule(r -> r.match("by decide").axioms())
                .writeTo(dir);
        String command = StandInCommand.forRules(rules);
        LeanWorker crashing = LeanWorker.start(ServerCommand.shell(command, dir), LeanWorker.Settings.defaults());
        List<ProcessHandle> tree = ProcessTrees.treeOf(crashing.server().processHandle());
        Verdict verdict;
        try {
            verdict = crashing.check(task("boom", ": True", "by crash_me"), TIMEOUT).get(30, TimeUnit.SECONDS);
            assertThat(crashing.needsRestart()).isTrue();
            assertThat(crashing.isAlive()).isFalse();
        } finally {
            crashing.close();
        }
        assertThat(verdict).isInstanceOfSatisfying(Verdict.Crashed.class,
                crashed -> assertThat(crashed.reason()).contains("exited with code"));
        assertThat(ProcessTrees.stillRunning(tree, Duration.ofSeconds(5))).isEmpty();

        try (LeanWorker restarted = LeanWorker.start(ServerCommand.shell(command, dir),
                LeanWorker.Settings.defaults())) {
            assertThat(restarted.check(task("fine", ": True", "by decide"), TIMEOUT).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(Verdict.Proved.class);
        }
    }

    @Test
    void hangIsTimeoutCancelsTheBarrierAndAsksForRestart() throws Exception {
        Path rules = StandInRules.create().rule(r -> r.match("by spin").hang()).writeTo(dir);
        Path hangRecord = dir.resolve("hang.jsonl");
        try (LeanWorker hanging = LeanWorker.start(ServerCommand.shell(StandInCommand.forRules(rules, hangRecord),
                dir), LeanWorker.Settings.defaults())) {
            Verdict verdict = hanging.check(task("loop", ": True", "by spin"), Duration.ofMillis(500))
                    .get(30, TimeUnit.SECONDS);
            assertThat(verdict).isInstanceOfSatisfying(Verdict.Timeout.class,
                    timeout -> assertThat(timeout.limit()).isEqualTo(Duration.ofMillis(500)));
            assertThat(hanging.needsRestart()).isTrue();
            assertThat(hanging.checksDone()).isEqualTo(1);

            JsonObject wait = awaitRecorded(hangRecord, "textDocument/waitForDiagnostics");
            JsonObject cancel = awaitRecorded(hangRecord, "$/cancelRequest");
            assertThat(cancel.get("id")).isEqualTo(wait.get("id"));
        }
    }

    private static JsonObject awaitRecorded(Path file, String method) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            List<JsonObject> found = Recorded.read(file).withMethod(method);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            assertThat(System.nanoTime()).as(method + " was recorded").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private Verdict check(CheckTask task) throws Exception {
        return worker.check(task, TIMEOUT).get(30, TimeUnit.SECONDS);
    }

    private static CheckTask task(String name, String signature, String proof) {
        return new CheckTask(HEADER, name, "theorem " + name + " " + signature + " :=", proof);
    }
}
