package dev.leanforge.loop.star;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.bridge.verdict.Verdict.Status;
import dev.leanforge.loop.config.RawValue;
import dev.leanforge.loop.config.StarConfig;
import dev.leanforge.loop.proof.Attempt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** A GRPO round's groups, rewards, curriculum, error-feedback draws and per-round seeds, without Lean or a model. */
class GrpoGroupsTest {

    private static GrpoGroups.Sample sample(String theorem, Status status) {
        return new GrpoGroups.Sample(theorem, "prompt " + theorem, "by " + status, status, false);
    }

    @Test
    void timeoutsAndCrashesNeverEnterAGroupAndAreCounted() {
        List<GrpoGroups.Sample> samples = List.of(
                sample("a", Status.PROVED), sample("a", Status.TIMEOUT), sample("a", Status.FAILED),
                sample("a", Status.CRASHED), sample("a", Status.REJECTED), sample("a", Status.PROVED),
                sample("b", Status.CRASHED), sample("b", Status.TIMEOUT));
        GrpoGroups groups = GrpoGroups.of(List.of("a", "b"), samples, false);
        assertThat(groups.excludedTimeout()).isEqualTo(2);
        assertThat(groups.excludedCrashed()).isEqualTo(2);
        // b had no decided sample: no group at all. a: PROVED, FAILED, REJECTED, PROVED → rewards 1, 0, 0, 1.
        assertThat(groups.groups()).extracting(GrpoGroups.Group::theorem).containsExactly("a");
        GrpoGroups.Group a = groups.groups().get(0);
        assertThat(a.samples()).extracting(GrpoGroups.Sample::status)
                .doesNotContain(Status.TIMEOUT, Status.CRASHED).hasSize(4);
        assertThat(a.rewards()).containsExactly(1, 0, 0, 1);
        assertThat(a.advantages()).containsExactly(0.5, -0.5, -0.5, 0.5);
        assertThat(groups.lines()).extracting(GrpoGroups.Line::advantage).containsExactly(0.5, -0.5, -0.5, 0.5);
        assertThat(groups.meanReward()).isEqualTo(0.5);
        assertThat(groups.solved()).containsExactly("a");
    }

    @Test
    void groupsWithEqualRewardsAreSkipped() {
        List<GrpoGroups.Sample> samples = List.of(
                sample("all", Status.PROVED), sample("all", Status.PROVED),
                sample("none", Status.FAILED), sample("none", Status.REJECTED),
                sample("mixed", Status.PROVED), sample("mixed", Status.FAILED), sample("mixed", Status.FAILED));
        GrpoGroups groups = GrpoGroups.of(List.of("all", "none", "mixed"), samples, true);
        assertThat(groups.skipped()).isEqualTo(2);
        assertThat(groups.lines()).extracting(GrpoGroups.Line::theorem).containsOnly("mixed").hasSize(3);
        assertThat(groups.means()).containsEntry("all", 1.0).containsEntry("none", 0.0);
        // std-normalised: (1 − 1/3) / (sqrt(1/3) + 1e-4).
        assertThat(groups.lines().get(0).advantage()).isCloseTo((2.0 / 3) / (Math.sqrt(1.0 / 3) + 1e-4),
                org.assertj.core.api.Assertions.within(1e-12));
    }

    private static RoundReport.Grpo stats(Map<String, Double> means, List<String> setAside) {
        return new RoundReport.Grpo(means.size(), 4, means.size(), 0, 0, 0, 0, 0, null, 0, 0, 0, setAside,
                List.of(), means, null, null, null, null, null, null);
    }

    @Test
    void theCurriculumSetsAsideTheoremsUniformForKRoundsInARow() {
        RoundReport.Grpo r1 = stats(Map.of("solved", 1.0, "hopeless", 0.0, "learning", 0.0, "flaky", 1.0), List.of());
        RoundReport.Grpo r2 = stats(Map.of("solved", 1.0, "hopeless", 0.0, "learning", 0.25, "flaky", 0.5), List.of());
        assertThat(GrpoGroups.setAside(List.of(r1), 2)).as("one round is not two").isEmpty();
        assertThat(GrpoGroups.setAside(List.of(r1, r2), 2)).containsExactlyInAnyOrder("solved", "hopeless");
        assertThat(GrpoGroups.setAside(List.of(r1, r2), 0)).as("0: never").isEmpty();
        assertThat(GrpoGroups.setAside(List.of(r1), 1)).containsExactlyInAnyOrder("solved", "hopeless", "learning",
                "flaky");
        // Once aside, a theorem stays aside (it is no longer sampled, so it has no group).
        RoundReport.Grpo r3 = stats(Map.of("learning", 0.5, "flaky", 0.5), List.of("solved", "hopeless"));
        assertThat(GrpoGroups.setAside(List.of(r1, r2, r3), 2)).containsExactlyInAnyOrder("solved", "hopeless");
    }

    private static Attempt attempt(String theorem, int index, Verdict verdict) {
        return new Attempt(1, theorem, index, "by simp " + index, verdict, OptionalDouble.empty());
    }

    @Test
    void errorFeedbackRetriesARefusedSampleWithLeansFirstErrorLine() {
        Verdict failed = new Verdict.Failed("1 error", List.of(
                new LeanMessage(LeanMessage.Severity.WARNING, 1, 0, 1, 3, "unused variable"),
                new LeanMessage(LeanMessage.Severity.ERROR, 1, 0, 1, 5, "unsolved goals\n⊢ 2 + 2 = 4")),
                List.of(), List.of(), Duration.ZERO);
        List<Attempt> attempts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            attempts.add(attempt("a", i, failed));
            attempts.add(attempt("b", i, new Verdict.Timeout(Duration.ofSeconds(2), Duration.ofSeconds(2))));
            attempts.add(attempt("c", i, new Verdict.Crashed("exit 134", Duration.ZERO)));
            attempts.add(attempt("d", i, new Verdict.Proved(List.of(), List.of(), Duration.ZERO)));
        }
        Map<String, String[]> all = StarRun.feedbackChoices(attempts, 7, 1, 1.0);
        assertThat(all).as("only refused samples are fed back; at most one per theorem").containsOnlyKeys("a");
        assertThat(all.get("a")).containsExactly("by simp 0", "unsolved goals");
        assertThat(StarRun.feedbackChoices(attempts, 7, 1, 0.0)).isEmpty();
        // p = 0.5: the draw depends on the seed and the round, and is the same when drawn again (resume).
        Map<String, String[]> half = StarRun.feedbackChoices(attempts, 7, 1, 0.5);
        assertThat(StarRun.feedbackChoices(attempts, 7, 1, 0.5).get("a")).isEqualTo(half.get("a"));
        List<String> drawnPerRound = new ArrayList<>();
        for (int round = 1; round <= 6; round++) {
            String[] choice = StarRun.feedbackChoices(attempts, 7, round, 0.5).get("a");
            drawnPerRound.add(choice == null ? "none" : choice[0]);
        }
        assertThat(new java.util.HashSet<>(drawnPerRound)).as("rounds draw differently: " + drawnPerRound)
                .hasSizeGreaterThan(1);
        assertThat(StarRun.firstError(new Verdict.Rejected("uses sorry\nmore", Duration.ZERO))).isEqualTo("uses sorry");
    }

    @Test
    void eachRoundsUpdateShufflesWithASeedOfItsOwn() {
        Map<String, RawValue> given = new HashMap<>();
        String[] settings = {"set", "star-tiny", "seed", "7", "algorithm", "grpo", "grpo-epochs", "2",
                "batch-size", "4", "warmup", "50"};
        for (int i = 0; i < settings.length; i += 2) {
            given.put(settings[i], RawValue.scalar("test", settings[i + 1]));
        }
        StarConfig config = StarConfig.resolve(given);
        assertThat(config.grpoRounds()).isTrue();
        assertThat(config.grpo().groupSize()).isEqualTo(8);
        assertThat(config.grpo().clipLow()).isEqualTo(0.2);
        assertThat(config.grpo().clipHigh()).isEqualTo(0.3);
        assertThat(config.grpo().klWeight()).isZero();
        assertThat(config.grpo().stdNormalize()).isFalse();
        var one = StarRun.grpoOptions(config, 1, 10);
        var two = StarRun.grpoOptions(config, 2, 10);
        assertThat(one.seed()).isNotEqualTo(two.seed());
        assertThat(StarRun.grpoOptions(config, 1, 10).seed()).isEqualTo(one.seed());
        // 2 epochs of ceil(10 / 4) = 3 batches; warm-up at most a tenth of the steps; constant rate after it.
        assertThat(one.epochs()).isEqualTo(2);
        assertThat(one.hyperparameters().warmupSteps()).isZero();
        assertThat(one.hyperparameters().minLearningRateRatio()).isEqualTo(1.0);
    }
}
