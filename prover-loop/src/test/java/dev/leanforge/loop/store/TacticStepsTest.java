package dev.leanforge.loop.store;

import dev.leanforge.loop.proof.Attempt;
import dev.leanforge.loop.proof.TacticStep;
import dev.leanforge.loop.proof.StepOutcome;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.verdict.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tactic steps in the store: expansions as written, verified paths as read, and the DPO pairs built on them. */
class TacticStepsTest {

    private static final String ROOT_GOALS = "a b : Nat\n⊢ a + b = b + a";
    private static final String AFTER_INTRO = "⊢ ∀ (a b : Nat), a + b = b + a";

    @TempDir
    Path tmp;

    private Store store;
    private long campaign;

    @BeforeEach
    void open() {
        store = Store.open(tmp.resolve("store.db"));
        campaign = store.createCampaign(StoreTest.spec("{}")).id();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private TacticStep step(String theorem, String prefix, String goals, String tactic, StepOutcome outcome) {
        return new TacticStep(theorem, prefix, goals, tactic, OptionalDouble.of(-0.5), outcome);
    }

    private void proved(String theorem, int index, String proof) {
        store.addAttempt(new Attempt(campaign, theorem, index, proof,
                new Verdict.Proved(List.of(), List.of(), Duration.ofMillis(1)), OptionalDouble.empty()));
    }

    private void failed(String theorem, int index, String proof) {
        store.addAttempt(new Attempt(campaign, theorem, index, proof, new Verdict.Failed("no", List.of(), List.of(),
                List.of(), Duration.ofMillis(1)), OptionalDouble.empty()));
    }

    /** The root of {@code t}: three tactics, one erring, one timing out, one leading on to a closing step. */
    private void searchOfT() {
        store.addTacticSteps(campaign, List.of(
                step("t", "by", ROOT_GOALS, "simp", new StepOutcome.Error("simp made no progress")),
                step("t", "by", ROOT_GOALS, "decide", new StepOutcome.Undecided("TIMEOUT after 60 s")),
                step("t", "by", ROOT_GOALS, "revert a b", new StepOutcome.Goals(AFTER_INTRO))));
        store.addTacticSteps(campaign, List.of(
                step("t", "by\n  revert a b", AFTER_INTRO, "exact Nat.add_comm", new StepOutcome.Closed()),
                step("t", "by\n  revert a b", AFTER_INTRO, "rfl", new StepOutcome.Error("not rfl"))));
    }

    @Test
    void stepsReadBackInOrderAndAVerifiedProofMarksItsPathWhenRead() {
        searchOfT();
        assertThat(store.tacticSteps(campaign)).noneMatch(StoredTacticStep::onVerifiedPath);

        failed("t", 0, "by\n  revert a b\n  rfl");
        proved("t", 1, "by\n  revert a b\n  exact Nat.add_comm");

        List<StoredTacticStep> steps = store.tacticSteps(campaign);
        assertThat(steps).extracting(s -> s.step().tactic())
                .containsExactly("simp", "decide", "revert a b", "exact Nat.add_comm", "rfl");
        assertThat(steps).extracting(StoredTacticStep::onVerifiedPath)
                .containsExactly(false, false, true, true, false);
        assertThat(steps.get(0).step()).isEqualTo(step("t", "by", ROOT_GOALS, "simp",
                new StepOutcome.Error("simp made no progress")));
        assertThat(steps.get(3).step().outcome()).isEqualTo(new StepOutcome.Closed());
        assertThat(steps.get(2).step().after()).isEqualTo("by\n  revert a b");
    }

    @Test
    void anExpansionStoredAgainAddsNothingAndKeepsTheFirstRow() {
        searchOfT();
        store.addTacticSteps(campaign, List.of(
                step("t", "by", ROOT_GOALS, "simp", new StepOutcome.Undecided("CRASHED")),
                step("t", "by", ROOT_GOALS, "omega", new StepOutcome.Closed())));

        List<StoredTacticStep> steps = store.tacticSteps(campaign);
        assertThat(steps).hasSize(6);
        assertThat(steps.get(0).step().outcome()).isInstanceOf(StepOutcome.Error.class);
        assertThat(steps.get(5).step().tactic()).isEqualTo("omega");
    }

    @Test
    void pairsChooseATacticOnAVerifiedPathOverOneThatErredAtTheSameGoalState() {
        searchOfT();
        // Another theorem with the same goal text: its errors are not pairs for t.
        store.addTacticSteps(campaign, List.of(step("u", "by", ROOT_GOALS, "norm_num", new StepOutcome.Error("failed"))));
        assertThat(store.tacticPairs(campaign)).as("no verified proof yet").isEmpty();

        proved("t", 0, "by\n  revert a b\n  exact Nat.add_comm");

        assertThat(store.tacticPairs(campaign)).containsExactly(
                new TacticPair("t", ROOT_GOALS, "revert a b", "simp", "simp made no progress"),
                new TacticPair("t", "⊢ ∀ (a b : Nat), a + b = b + a", "exact Nat.add_comm", "rfl", "not rfl"));
    }

    @Test
    void aStepIsOnAPathOnlyWhenTheProofGoesThroughItLineByLine() {
        TacticStep intro = step("t", "by", ROOT_GOALS, "intro", new StepOutcome.Goals(AFTER_INTRO));
        assertThat(intro.isOnPathOf("by\n  intro")).isTrue();
        assertThat(intro.isOnPathOf("by\n  intro\n  simp")).isTrue();
        assertThat(intro.isOnPathOf("by\n  intros\n  simp")).as("a longer tactic is another step").isFalse();
    }
}
