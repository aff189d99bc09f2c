package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.loop.star.CampaignStep;
import dev.leanforge.loop.star.RoundReport;
import dev.leanforge.loop.star.StarListener;
import dev.leanforge.loop.store.Campaign;
import dev.leanforge.loop.store.Store;
import dev.leanforge.trainer.device.Compute;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * GRPO rounds end to end through {@code leanforge star run --algorithm grpo}: a tiny model trained for real (DJL,
 * CPU) on {@code theorems/grpo-tiny}, checked by the scripted Lean stand-in — a test double whose verdicts are the
 * rules below, not Lean's. It accepts the generic proof {@code by simp} for every theorem (the reference proof of
 * one train theorem only; the others' reference proofs are refused), crashes on every proof of {@code t_crash} and
 * refuses everything else.
 */
class GrpoRunCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = "star-grpo-tiny";

    @TempDir
    Path tmp;

    private StarRunFixture star;

    @BeforeAll
    static void oneComputeThread() {
        Compute.configureThreads(1, 0);
    }

    @BeforeEach
    void standIn() throws IOException, URISyntaxException {
        star = new StarRunFixture(tmp, "grpo-tiny", StandInRules.create()
                .rule(r -> r.match("theorem t_crash ").crash())
                .rule(r -> r.match(":= by simp\\s*\\n\\n#print axioms").axioms())
                .otherwise(r -> r.error("unsolved goals")));
    }

    @AfterEach
    void noBlockedThreads() throws Exception {
        star.assertNoBlockedThreads();
    }

    /** Tiny model, short trainings, the stand-in, one Lean worker; 4 samples per theorem everywhere. */
    private List<String> tiny(Path dir, String... more) {
        List<String> args = star.args(dir,
                "--vocab", "300", "--model-layers", "1", "--model-heads", "2", "--model-width", "32",
                "--model-context", "64", "--batch-size", "4", "--warmup", "0", "--sft-lr", "1e-2",
                "--base-sft-steps", "150", "--save-every", "0", "--samples", "4",
                "--grpo-group-size", "4", "--promotion", "strict", "--evaluate-train", "false");
        args.addAll(List.of(more));
        return args;
    }

    private int run(List<String> args) {
        return star.run(StarListener.QUIET, args);
    }

    private static List<RoundReport> reports(Store store) {
        return StarRunFixture.finishedRounds(store, RUN);
    }

    /** The valid pass@1 of the policy after each round (the promoted candidate's, or the kept policy's). */
    private static List<Double> validAfter(List<RoundReport> reports) {
        List<Double> values = new ArrayList<>();
        double policy = Double.NaN;
        for (RoundReport r : reports) {
            if (r.promoted() && r.evaluation() != null) {
                policy = r.evaluation().passAtK().get("pass@1");
            }
            values.add(policy);
        }
        return values;
    }

    @Test
    void grpoRoundsRewardTheGenericProofAndRaiseTheValidPassRate() throws IOException {
        List<String> args = tiny(tmp, "--algorithm", "grpo", "--rounds", "3", "--grpo-lr", "1e-2",
                "--grpo-epochs", "2", "--grpo-curriculum-rounds", "2");
        assertThat(run(args)).as(star.err.toString()).isZero();
        System.out.println(star.out);
        try (Store store = Store.open(tmp.resolve("store.db"))) {
            List<RoundReport> reports = reports(store);
            assertThat(reports).extracting(RoundReport::round).containsExactly(0, 1, 2, 3);
            for (RoundReport r : reports.subList(1, 4)) {
                RoundReport.Grpo grpo = r.grpo();
                assertThat(grpo).as("round " + r.round()).isNotNull();
                // t_crash is sampled every round (until set aside) and every check of it crashes: excluded, no group.
                if (!grpo.setAside().contains("t_crash")) {
                    assertThat(grpo.excludedCrashed()).isEqualTo(4);
                }
                assertThat(grpo.groupMeans()).doesNotContainKey("t_crash");
                assertThat(r.sft()).isNull();
                if (grpo.update() != null) {
                    assertThat(grpo.tokens()).isPositive();
                    assertThat(grpo.entropy()).isPositive();
                    assertThat(grpo.kl()).isZero();
                    assertThat(Files.readString(tmp.resolve("run/round-" + r.round() + "/grpo.jsonl")))
                            .doesNotContain("t_crash");
                }
            }
            List<Double> valid = validAfter(reports);
            System.out.println("valid pass@1 of the policy after rounds 0..3: " + valid);
            assertThat(valid.get(3)).as("valid pass@1 after 3 GRPO rounds, against round 0's " + valid)
                    .isGreaterThan(valid.get(0));
            // The report's JSON, as the dashboard reads it, carries the GRPO statistics.
            JsonNode json = JSON.readTree(reports.get(1).toJson());
            assertThat(json.path("grpo").path("meanReward").isNumber()).isTrue();
            assertThat(json.path("grpo").has("skippedGroups")).isTrue();
        }
        assertThat(star.out.toString()).contains("grpo groups: ", "TIMEOUT", "CRASHED", "GRPO run ")
                .doesNotContain("STaR run ");
    }

    @Test
    void aBadLearningRateIsRolledBackAndTheNextRoundSamplesAgain() throws IOException {
        List<String> args = tiny(tmp, "--algorithm", "grpo", "--rounds", "2", "--grpo-lr", "5",
                "--grpo-error-feedback", "1");
        assertThat(run(args)).as(star.err.toString()).isZero();
        System.out.println(star.out);
        try (Store store = Store.open(tmp.resolve("store.db"))) {
            List<RoundReport> reports = reports(store);
            RoundReport one = reports.get(1);
            RoundReport two = reports.get(2);
            assertThat(one.grpo().update()).as("round 1 trained").isNotNull();
            assertThat(one.promoted()).as(one.decision()).isFalse();
            assertThat(one.decision()).contains("rolled back");
            assertThat(two.policy()).isEqualTo(reports.get(0).candidate());
            // Error feedback: refused samples were retried with Lean's error, and the retries joined their groups.
            assertThat(one.grpo().feedback()).isNotNull();
            assertThat(one.grpo().feedbackRetries()).isPositive();
            // The next round is not a replay: its search samples with another seed, and its update is its own.
            List<Long> seeds = new ArrayList<>();
            for (Campaign campaign : store.campaigns()) {
                JsonNode config = JSON.readTree(campaign.spec().configJson());
                if ("search".equals(config.path("purpose").asText())) {
                    seeds.add(config.get("sampling").get("seed").asLong());
                }
            }
            assertThat(seeds).hasSize(2).doesNotHaveDuplicates();
            assertThat(two.candidate()).isNotEqualTo(one.candidate());
            assertThat(Files.readAllBytes(Path.of(two.candidate(), "model.safetensors")))
                    .isNotEqualTo(Files.readAllBytes(Path.of(one.candidate(), "model.safetensors")));
        }
    }

    /**
     * STaR against GRPO on the same stand-in task and budget (rounds, samples per train theorem, evaluation): valid
     * pass@k per round and where the time went. A measurement for docs/star.md, run with
     * {@code -Dleanforge.measure=true}; it asserts nothing about which is better.
     */
    @Test
    @EnabledIfSystemProperty(named = "leanforge.measure", matches = "true")
    void measureStarAgainstGrpo() throws IOException {
        StringBuilder table = new StringBuilder();
        for (String algorithm : List.of("star", "grpo")) {
            Path dir = Files.createDirectories(tmp.resolve(algorithm));
            long start = System.nanoTime();
            assertThat(run(tiny(dir, "--algorithm", algorithm, "--rounds", "3", "--grpo-lr", "1e-2",
                    "--grpo-epochs", "2", "--sft-steps", "12"))).as(star.err.toString()).isZero();
            double wall = (System.nanoTime() - start) / 1e9;
            try (Store store = Store.open(dir.resolve("store.db"))) {
                for (RoundReport r : reports(store)) {
                    CampaignStep e = r.evaluation();
                    long steps = r.sft() != null ? r.sft().steps()
                            : r.grpo() != null && r.grpo().update() != null ? r.grpo().update().steps() : 0;
                    table.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %d | %.1f | %.1f | %.1f | %.1f |%n",
                            algorithm, r.round(), e == null ? "–" : fmt(e.passAtK().get("pass@1")),
                            e == null ? "–" : fmt(e.passAtK().get("pass@4")), r.promoted() ? "promoted" : "kept",
                            steps, r.time().wallSeconds(), r.time().policySeconds(), r.time().leanSeconds(),
                            r.time().trainingSeconds()));
                }
            }
            table.append(String.format(Locale.ROOT, "| %s | all | | | | | %.1f (command) | | | |%n", algorithm, wall));
        }
        System.out.println("MEASURE\n" + table);
    }

    private static String fmt(Double v) {
        return v == null ? "–" : String.format(Locale.ROOT, "%.4f", v);
    }
}
