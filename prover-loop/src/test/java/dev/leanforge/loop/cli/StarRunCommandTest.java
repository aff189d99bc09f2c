package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.star.CampaignStep;
import dev.leanforge.loop.star.RoundReport;
import dev.leanforge.loop.star.StarListener;
import dev.leanforge.loop.store.Campaign;
import dev.leanforge.loop.store.Checkpoint;
import dev.leanforge.loop.store.Round;
import dev.leanforge.loop.store.Store;
import dev.leanforge.loop.store.StoredAttempt;
import dev.leanforge.trainer.device.Compute;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * STaR end to end through {@code leanforge star run}: tiny models trained for real (DJL, CPU) on the tiny set in
 * test resources, checked by the scripted Lean stand-in — a test double whose verdicts are the rules below, not
 * Lean's. It accepts exactly {@code by decide}, crashes on every proof of {@code t_crash}, hangs on every proof of
 * {@code t_hang} and refuses everything else.
 */
class StarRunCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private StarRunFixture star;

    @BeforeAll
    static void oneComputeThread() {
        // PyTorch fixes its thread count when the engine starts, for the whole test JVM: use the one thread that
        // ModelCommandsTest asks for, whichever test class starts the engine first.
        Compute.configureThreads(1, 0);
    }

    @BeforeEach
    void standIn() throws IOException, URISyntaxException {
        star = new StarRunFixture(tmp, "star-tiny", StandInRules.create()
                .rule(r -> r.match("theorem t_crash ").crash())
                .rule(r -> r.match("theorem t_hang ").hang())
                .rule(r -> r.match(":= by decide\\s*\\n\\n#print axioms").axioms())
                .otherwise(r -> r.error("unknown tactic")));
    }

    @AfterEach
    void noBlockedThreads() throws Exception {
        star.assertNoBlockedThreads();
    }

    /** The settings every run here shares: tiny model, short trainings, the stand-in, one Lean worker. */
    private List<String> tiny(String... more) {
        List<String> args = star.args(tmp,
                "--vocab", "300", "--model-layers", "1", "--model-heads", "2", "--model-width", "32",
                "--model-context", "64", "--batch-size", "4", "--warmup", "0", "--sft-lr", "1e-2",
                "--save-every", "10");
        args.addAll(List.of(more));
        return args;
    }

    private int run(StarListener observer, List<String> args) {
        return star.run(observer, args);
    }

    private List<RoundReport> reports(Store store) {
        return StarRunFixture.finishedRounds(store, "star-star-tiny");
    }

    /** Counts the steps a run starts and can stop it, like a kill, right after a step was recorded. */
    private static final class Observer implements StarListener {
        final List<String> started = new CopyOnWriteArrayList<>();
        private final String killAfter;

        Observer(String killAfter) {
            this.killAfter = killAfter;
        }

        @Override
        public void stepStarted(int round, String step, String detail) {
            started.add(round + ":" + step);
        }

        @Override
        public void stepDone(int round, String step) {
            if ((round + ":" + step).equals(killAfter)) {
                throw new IllegalStateException("simulated kill after " + killAfter);
            }
        }
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void roundsTrainOnVerifiedProofsRaiseTheStandInPassRateAndResumeAfterAKill() throws IOException {
        // Five valid theorems are too few for the default bootstrap promotion to see an improvement: strict.
        List<String> args = tiny("--rounds", "2", "--samples", "2", "--base-sft-steps", "60", "--sft-steps", "30",
                "--dpo", "true", "--dpo-lr", "1e-3", "--dpo-epochs", "4", "--promotion", "strict");

        // Stopped right after round 1 recorded its SFT, as a kill would stop it; the same command continues.
        assertThat(run(new Observer("1:sft"), args)).as(star.err.toString()).isEqualTo(1);
        assertThat(star.err.toString()).contains("simulated kill after 1:sft", "run the same command to continue it");
        Observer second = new Observer("none");
        assertThat(run(second, args)).as(star.err.toString()).isZero();
        assertThat(second.started).as("steps finished before the kill are not redone")
                .doesNotContain("0:sft", "0:evaluation", "1:search", "1:sft")
                .contains("1:evaluation", "2:search", "2:sft", "2:evaluation");

        try (Store store = Store.open(tmp.resolve("store.db"))) {
            List<RoundReport> reports = reports(store);
            assertThat(reports).extracting(RoundReport::round).containsExactly(0, 1, 2);
            List<Round> rounds = store.rounds("star-star-tiny");
            long round1 = rounds.get(1).id();
            assertThat(store.campaigns()).filteredOn(c -> c.spec().roundId().equals(Optional.of(round1)))
                    .as("round 1 ran one search, one evaluation and one candidate-on-train campaign, the kill "
                            + "notwithstanding")
                    .extracting(c -> c.spec().split().orElseThrow())
                    .containsExactly("train", "valid", "train");
            // Each round's search samples with a seed of its own: a kept policy does not redraw the same proofs.
            List<Long> searchSeeds = new ArrayList<>();
            for (Campaign campaign : store.campaigns()) {
                JsonNode config = JSON.readTree(campaign.spec().configJson());
                if ("search".equals(config.path("purpose").asText())) {
                    searchSeeds.add(config.get("sampling").get("seed").asLong());
                }
            }
            assertThat(searchSeeds).hasSize(2).doesNotHaveDuplicates();

            // Training happened: round 0 on the 8 reference proofs, later rounds on verified proofs, losses recorded.
            RoundReport zero = reports.get(0);
            assertThat(zero.dataset().sftRecords()).isEqualTo(8);
            assertThat(zero.sft().steps()).isEqualTo(60);
            assertThat(zero.sft().loss()).isFinite();
            RoundReport one = reports.get(1);
            RoundReport two = reports.get(2);
            assertThat(one.sft().steps()).isEqualTo(30);
            assertThat(two.sft().loss()).isFinite();
            assertThat(two.dpo()).as("pairs of a verified and a refused proof exist by round 2").isNotNull();

            // The dataset grows from nothing and keeps every earlier proof; only proofs the stand-in accepted.
            List<String> sft1 = lines(tmp.resolve("run/round-1/sft.jsonl"));
            List<String> sft2 = lines(tmp.resolve("run/round-2/sft.jsonl"));
            assertThat(sft1).isNotEmpty();
            assertThat(sft2).containsAll(sft1);
            // The reference proofs Lean did not refuse stay: every theorem's `by decide` from round 0 on.
            List<String> decided0 = lines(tmp.resolve("run/round-0/sft.jsonl")).stream()
                    .filter(l -> l.contains("by decide")).toList();
            assertThat(decided0).hasSize(4);
            assertThat(sft1).containsAll(decided0);
            assertThat(two.dataset().solved()).isGreaterThanOrEqualTo(one.dataset().solved());
            assertThat(one.dataset().newlySolved() + two.dataset().newlySolved()).isEqualTo(two.dataset().solved());
            for (String line : sft2) {
                assertThat(JSON.readTree(line).get("completion").asText()).isIn("by decide", "by rfl");
            }
            assertThat(one.candidateTrain()).as("the candidate is measured on train too").isNotNull();
            assertThat(one.promotionRule()).isEqualTo("strict");
            assertThat(one.dataset().reference() + one.dataset().verified() + one.dataset().refusedReferences())
                    .isGreaterThanOrEqualTo(4);

            // A crashing and a hanging stand-in poison nothing: their attempts are stored, never trained on.
            List<Verdict.Status> special = new ArrayList<>();
            for (Campaign campaign : store.campaigns()) {
                for (StoredAttempt a : store.attempts(campaign.id())) {
                    if (a.attempt().theorem().startsWith("t_")) {
                        special.add(a.attempt().verdict().status());
                    }
                }
            }
            assertThat(special).contains(Verdict.Status.CRASHED, Verdict.Status.TIMEOUT)
                    .containsOnly(Verdict.Status.CRASHED, Verdict.Status.TIMEOUT);
            List<String> dpo2 = lines(tmp.resolve("run/round-2/dpo.jsonl"));
            assertThat(dpo2).isNotEmpty();
            for (String line : concat(sft2, dpo2)) {
                JsonNode record = JSON.readTree(line);
                assertThat(record.get("prompt").asText()).doesNotContain("t_crash", "t_hang");
            }
            for (String line : dpo2) {
                JsonNode pair = JSON.readTree(line);
                assertThat(pair.get("chosen").asText()).isEqualTo("by decide");
                assertThat(pair.get("rejected").asText()).isNotEqualTo("by decide");
            }

            // The stand-in pass rate rises from the round-0 model to the policy after round 2.
            double before = zero.evaluation().passAtK().get("pass@1");
            RoundReport last = two.promoted() ? two : one;
            assertThat(last.promoted()).isTrue();
            assertThat(last.evaluation().passAtK().get("pass@1")).isGreaterThan(before);

            // Checkpoints carry the valid pass@k in the dashboard's shape, and the report files exist.
            List<Checkpoint> checkpoints = store.checkpoints("star-star-tiny");
            assertThat(checkpoints).hasSize(3);
            JsonNode metrics = JSON.readTree(checkpoints.get(0).checkpoint().metricsJson());
            assertThat(metrics.get("valid").get("pass@1").asDouble()).isEqualTo(before);
            assertThat(RoundReport.fromJson(Files.readString(tmp.resolve("run/round-2.json")))).isEqualTo(two);
        }
        assertThat(star.out.toString())
                .contains("round 2 of star-star-tiny", "STaR run star-star-tiny: 3 rounds finished");
    }

    @Test
    void aMissingOrEmptyLeanVersionFailsBeforeRoundZeroTrains() {
        List<String> args = new ArrayList<>(tiny("--rounds", "1", "--base-sft-steps", "5"));
        int at = args.indexOf("--lean-version");
        args.remove(at + 1);
        args.remove(at);
        Observer observer = new Observer("none");
        assertThat(run(observer, args)).as(star.err.toString()).isEqualTo(2);
        assertThat(star.err.toString()).contains("lean-version is required with server-cmd");
        assertThat(observer.started).as("nothing ran").isEmpty();
        assertThat(tmp.resolve("run/tokenizer")).doesNotExist();
        assertThat(tmp.resolve("run/round-0/model")).doesNotExist();

        Observer again = new Observer("none");
        assertThat(run(again, tiny("--rounds", "1", "--base-sft-steps", "5", "--lean-version", " ")))
                .as(star.err.toString()).isEqualTo(2);
        assertThat(star.err.toString()).contains("lean-version", "must not be empty");
        assertThat(again.started).isEmpty();
    }

    @Test
    void aCandidateThatGotWorseIsRolledBack() throws IOException {
        // A fine-tuning learning rate far too high wrecks the candidate, so its valid pass@k drops.
        assertThat(run(StarListener.QUIET, tiny("--rounds", "1", "--samples", "2", "--base-sft-steps", "60",
                "--sft-steps", "20", "--sft-lr", "5", "--base-sft-lr", "1e-2", "--rationalize", "true")))
                .as(star.err.toString()).isZero();
        try (Store store = Store.open(tmp.resolve("store.db"))) {
            List<RoundReport> reports = reports(store);
            RoundReport zero = reports.get(0);
            RoundReport one = reports.get(1);
            assertThat(one.evaluation()).as(star.out.toString()).isNotNull();
            assertThat(one.promoted()).isFalse();
            assertThat(one.policyAfter()).isEqualTo(zero.candidate());
            assertThat(one.decision()).startsWith("kept " + zero.candidate());
            assertThat(CampaignStep.headline(one.evaluation().passAtK()))
                    .isLessThan(CampaignStep.headline(zero.evaluation().passAtK()));
            assertThat(store.checkpoints("star-star-tiny")).extracting(c -> c.checkpoint().promoted())
                    .containsExactly(true, false);

            // Rationalization prompted exactly the train theorems with a reference proof that the search missed.
            Map<String, Boolean> solvedBySearch = new HashMap<>();
            for (StoredAttempt a : store.attempts(one.search().campaignId())) {
                solvedBySearch.merge(a.attempt().theorem(), a.attempt().verdict().status() == Verdict.Status.PROVED,
                        Boolean::logicalOr);
            }
            List<String> missed = List.of("p_a", "p_b", "p_c", "p_d").stream()
                    .filter(t -> !solvedBySearch.getOrDefault(t, false)).toList();
            assertThat(missed).as("the round-0 model (about even between by decide and by rfl) misses some").isNotEmpty();
            assertThat(one.rationalization()).isNotNull();
            assertThat(one.rationalization().theorems()).isEqualTo(missed.size());
            assertThat(store.attempts(one.rationalization().campaignId()))
                    .extracting(a -> a.attempt().theorem()).isSubsetOf(missed);
        }
        assertThat(star.out.toString()).contains("rolled back");
    }

    @Test
    void aRunKilledMidRoundContinuesWithoutRedoingOrLosingAnything() throws Exception {
        List<String> args = tiny("--rounds", "1", "--samples", "2", "--base-sft-steps", "60", "--sft-steps", "30",
                "--evaluate-train", "false");
        Path storeFile = tmp.resolve("store.db");
        long seed = System.nanoTime();
        long delayMs = new Random(seed).nextInt(0, 3000);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-Dai.djl.pytorch.num_threads=1", "-cp", System.getProperty("java.class.path"),
                LeanforgeCli.class.getName(), "star", "run"));
        command.addAll(args);
        Process child = new ProcessBuilder(command).redirectOutput(tmp.resolve("child.out").toFile())
                .redirectError(tmp.resolve("child.err").toFile()).start();
        List<StoredAttempt> before = new ArrayList<>();
        try {
            // Kill -9 at a random moment of round 1, once round 0 is finished.
            while (child.isAlive() && !roundStarted(storeFile, 1)) {
                Thread.sleep(100);
            }
            Thread.sleep(delayMs);
        } finally {
            child.destroyForcibly(); // SIGKILL
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        String context = "seed " + seed + ", killed " + delayMs + " ms into round 1; child stderr: "
                + Files.readString(tmp.resolve("child.err"));
        assertThat(child.exitValue()).as(context).isEqualTo(137);
        try (Store store = Store.open(storeFile)) {
            store.campaigns().forEach(c -> before.addAll(store.attempts(c.id())));
        }

        Observer again = new Observer("none");
        assertThat(run(again, args)).as(context + "; " + star.err).isZero();
        assertThat(again.started).as(context).doesNotContain("0:sft", "0:evaluation").contains("1:evaluation");
        try (Store store = Store.open(storeFile)) {
            assertThat(reports(store)).extracting(RoundReport::round).containsExactly(0, 1);
            List<Campaign> campaigns = store.campaigns();
            assertThat(campaigns).as(context + ": one campaign per step, resumed rather than started again")
                    .extracting(c -> c.spec().roundId().orElseThrow() + ":" + c.spec().split().orElseThrow())
                    .doesNotHaveDuplicates();
            List<StoredAttempt> after = new ArrayList<>();
            campaigns.forEach(c -> after.addAll(store.attempts(c.id())));
            assertThat(after).as(context + ": stored attempts are kept as they were").containsAll(before);
            assertThat(store.integrityProblems()).isEmpty();
        }
    }

    private static boolean roundStarted(Path storeFile, int number) {
        if (!Files.exists(storeFile)) {
            return false;
        }
        try (Store store = Store.open(storeFile)) {
            return store.rounds("star-star-tiny").stream().anyMatch(r -> r.number() == number);
        } catch (RuntimeException e) {
            return false; // the child is creating the file
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
