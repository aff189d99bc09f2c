package dev.leanforge.loop.star;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.loop.campaign.CampaignPlan;
import dev.leanforge.loop.campaign.CampaignPlans;
import dev.leanforge.loop.config.CampaignConfig;
import dev.leanforge.loop.config.RawValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kept policy must not redraw last round's samples: each round's campaigns sample with a seed of their own.
 * And a round whose data equals the previous round's says so.
 */
class StarRoundSeedsTest {

    @TempDir
    Path tmp;

    private CampaignPlan plan() throws Exception {
        Path theorems = Path.of(Objects.requireNonNull(getClass().getResource("/theorems/star-tiny/manifest.json"))
                .toURI()).getParent().getParent();
        Path policy = Files.writeString(tmp.resolve("policy.yaml"), """
                rules:
                  - match: 'theorem'
                    completions:
                      - {text: by decide, logProb: -0.1}
                """);
        Map<String, RawValue> given = new HashMap<>();
        String[] settings = {"set", "star-tiny", "split", "train", "policy", "scripted:" + policy, "theorems-dir",
                theorems.toString(), "server-cmd", "true", "project-dir", tmp.toString(), "lean-version",
                "stand-in (test double)", "seed", "7"};
        for (int i = 0; i < settings.length; i += 2) {
            given.put(settings[i], RawValue.scalar("test", settings[i + 1]));
        }
        CampaignConfig config = CampaignConfig.resolve(given);
        return CampaignPlans.prepare(config, ServerCommand.shell("true", tmp), Optional.empty());
    }

    @Test
    void eachRoundAndStepSamplesWithItsOwnSeedAndTheSameRoundAgainWithTheSame() throws Exception {
        CampaignPlan plan = plan();
        CampaignPlan one = StarRun.inRound(plan, 1, StarRun.SEARCH);
        CampaignPlan two = StarRun.inRound(plan, 2, StarRun.SEARCH);
        CampaignPlan oneAgain = StarRun.inRound(plan, 1, StarRun.SEARCH);
        CampaignPlan oneEvaluation = StarRun.inRound(plan, 1, StarRun.EVALUATION);

        for (int attempt : List.of(0, 3)) {
            long first = one.sampling().seedFor("p_a", attempt);
            assertThat(two.sampling().seedFor("p_a", attempt)).as("round 2 draws other samples").isNotEqualTo(first);
            assertThat(oneEvaluation.sampling().seedFor("p_a", attempt)).isNotEqualTo(first);
            assertThat(oneAgain.sampling().seedFor("p_a", attempt)).as("a resumed round draws the same")
                    .isEqualTo(first);
        }
        assertThat(one.sampling().seedFor("p_a", 0)).as("a resumed theorem continues with new samples")
                .isNotEqualTo(one.sampling().seedFor("p_a", 1));
        // The settings recorded with the campaign say which seed it sampled with, and the run's.
        @SuppressWarnings("unchecked")
        Map<String, Object> sampling = (Map<String, Object>) one.recorded().get("sampling");
        assertThat(sampling).containsEntry("seed", one.sampling().seed()).containsEntry("run-seed", 7L);
        assertThat(one.sampling().seed()).isNotEqualTo(two.sampling().seed()).isNotEqualTo(7L);
    }

    @Test
    void aRoundWhoseDataEqualsThePreviousOnesSaysSoInItsReport() {
        RoundReport.DatasetSizes same = new RoundReport.DatasetSizes(46, 10, 0, 30, 0, 46, 0, 0, 0, 0, true);
        RoundReport report = new RoundReport("r", 2, "p", null, null, same, null, null, null, null, null,
                Map.of(), false, null, "p", "kept p", new RoundReport.Time(0, 0, 0, 0));
        assertThat(report.text()).contains("the dataset equals the previous round's");
        assertThat(RoundReport.fromJson(report.toJson()).dataset().sameAsPrevious()).isTrue();
    }
}
