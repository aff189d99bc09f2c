package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.app.StrictVertx;
import dev.leanforge.loop.campaign.ConjunctionTree;
import dev.leanforge.loop.campaign.TinySets;
import dev.leanforge.loop.store.Campaign;
import dev.leanforge.loop.store.CampaignStatus;
import dev.leanforge.loop.store.RecordedProof;
import dev.leanforge.loop.store.Store;
import dev.leanforge.loop.store.StoredAttempt;
import dev.leanforge.loop.store.StoredTacticStep;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} during a campaign, then the same command again: it resumes the campaign, keeps every attempt and
 * proof stored before the kill exactly as they were, and does only the missing attempts (for best-first search: the
 * missing expansions). The campaign runs in a child JVM against the scripted Lean stand-in (a test double); the
 * second run is in this JVM.
 */
class CampaignResumeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int THEOREMS = 5;
    private static final int SAMPLES = 2;
    /** Even-numbered theorems are proved at the first sample, odd ones fail both. */
    private static final int ATTEMPTS = 3 + 2 * SAMPLES;

    @TempDir
    Path tmp;

    @Test
    void aKilledCampaignResumesWithoutRedoingOrLosingAnything() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Map<String, String> theorems = new LinkedHashMap<>();
        for (int i = 0; i < THEOREMS; i++) {
            theorems.put("t" + i, ": " + i + " = " + i);
        }
        TinySets.write(tmp.resolve("theorems"), "tiny", theorems);
        // Every check takes a while, so the kill lands mid-campaign.
        Path standIn = StandInRules.create()
                .rule(r -> r.match("by rfl").axioms().delayMs(100))
                .otherwise(r -> r.error("simp made no progress", "simp").delayMs(100))
                .writeTo(tmp);
        Path policy = Files.writeString(tmp.resolve("policy.yaml"), """
                rules:
                  - match: 'theorem t[024]\\b'
                    completions: [by rfl]
                default: [by simp]
                """);
        Path storeFile = tmp.resolve("store.db");
        List<String> args = List.of("--set", "tiny", "--theorems-dir", tmp.resolve("theorems").toString(),
                "--policy", "scripted:" + policy, "--store", storeFile.toString(), "--samples",
                Integer.toString(SAMPLES), "--workers", "1", "--in-flight", "1",
                "--server-cmd", StandInCommand.forRules(standIn), "--project-dir", tmp.toString(),
                "--lean-version", "stand-in (test double)", "--progress", "false");

        int killAfter = random.nextInt(1, ATTEMPTS - 2);
        Killed<StoredAttempt> killed = killMidway(args, storeFile, "attempts",
                store -> store.attempts(store.campaigns().get(0).id()), killAfter, random, seed);
        List<StoredAttempt> before = killed.rows();
        String context = killed.context();
        assertThat(before.size()).as(context).isBetween(killAfter, ATTEMPTS - 1);

        JsonNode summary = resume(args, context);
        assertThat(summary.get("attempts").asInt()).isEqualTo(ATTEMPTS);
        assertThat(summary.get("attemptsThisRun").asInt()).as(context).isEqualTo(ATTEMPTS - before.size());
        assertThat(summary.get("solved").asInt()).isEqualTo(3);
        try (Store store = Store.open(storeFile)) {
            assertThat(store.campaigns()).as("the same campaign, resumed").hasSize(1);
            Campaign campaign = store.campaigns().get(0);
            assertThat(campaign.status()).isEqualTo(CampaignStatus.FINISHED);
            List<StoredAttempt> after = store.attempts(campaign.id());
            assertThat(after).as(context + ": stored rows are kept as they were, nothing redone")
                    .containsAll(before);
            assertThat(after).hasSize(ATTEMPTS);
            Map<String, List<Integer>> indexes = after.stream().collect(Collectors.groupingBy(
                    a -> a.attempt().theorem(), Collectors.mapping(a -> a.attempt().attemptIndex(),
                            Collectors.toList())));
            assertThat(indexes).hasSize(THEOREMS).allSatisfy((t, list) -> assertThat(list)
                    .containsExactlyInAnyOrderElementsOf(t.matches("t[024]") ? List.of(0) : List.of(0, 1)));
            List<RecordedProof> proofs = store.proofs();
            assertThat(proofs).as(context + ": no verified proof lost").containsAll(killed.proofs());
            assertThat(proofs).extracting(p -> p.proof().theorem()).containsExactlyInAnyOrder("t0", "t2", "t4");
            List<Long> provedAttempts = after.stream()
                    .filter(a -> a.attempt().verdict().status() == Verdict.Status.PROVED)
                    .map(StoredAttempt::id).toList();
            assertThat(proofs).extracting(p -> p.attemptId().orElseThrow())
                    .containsExactlyInAnyOrderElementsOf(provedAttempts);
        }
    }

    @Test
    void aKilledBestFirstCampaignResumesWithoutRedoingOrLosingAnExpansion() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Map<String, String> theorems = new LinkedHashMap<>();
        for (int i = 0; i < THEOREMS; i++) {
            theorems.put("t" + i, ConjunctionTree.SIGNATURE);
        }
        TinySets.write(tmp.resolve("theorems"), "tiny", theorems);
        // Each theorem: simp is refused at the root, constructor; exact hp; exact hq proves it. Every check takes a
        // while, so the kill lands mid-search.
        Path standIn = StandInRules.create()
                .rule(r -> r.match("theorem t\\d[^\\n]*by\\n  simp").error("simp made no progress", "simp")
                        .delayMs(60))
                .rule(r -> ConjunctionTree.goals(r.match("theorem t\\d").axioms().delayMs(60)))
                .writeTo(tmp);
        Path policy = Files.writeString(tmp.resolve("policy.yaml"), """
                rules:
                  - match: '⊢ p ∧ q'
                    completions:
                      - {text: simp, logProb: -0.1}
                      - {text: constructor, logProb: -0.5}
                """ + ConjunctionTree.CASE_RULES);
        Path storeFile = tmp.resolve("store.db");
        List<String> args = List.of("--set", "tiny", "--theorems-dir", tmp.resolve("theorems").toString(),
                "--policy", "scripted:" + policy, "--store", storeFile.toString(), "--strategy", "best-first",
                "--width", "2", "--depth", "4", "--nodes", "8", "--workers", "1", "--in-flight", "1",
                "--server-cmd", StandInCommand.forRules(standIn), "--project-dir", tmp.toString(),
                "--lean-version", "stand-in (test double)", "--progress", "false");
        int steps = 4 * THEOREMS; // simp, constructor, exact hp, exact hq

        int killAfter = random.nextInt(1, steps - 2);
        Killed<StoredTacticStep> killed = killMidway(args, storeFile, "tactic steps",
                store -> store.tacticSteps(store.campaigns().get(0).id()), killAfter, random, seed);
        List<StoredTacticStep> before = killed.rows();
        String context = killed.context();
        assertThat(before.size()).as(context).isBetween(killAfter, steps - 1);

        JsonNode summary = resume(args, context);
        assertThat(summary.get("solved").asInt()).as(context).isEqualTo(THEOREMS);
        try (Store store = Store.open(storeFile)) {
            assertThat(store.campaigns()).as("the same campaign, resumed").hasSize(1);
            Campaign campaign = store.campaigns().get(0);
            assertThat(campaign.status()).isEqualTo(CampaignStatus.FINISHED);
            List<StoredTacticStep> after = store.tacticSteps(campaign.id());
            assertThat(after).extracting(StoredTacticStep::id, StoredTacticStep::step)
                    .as(context + ": stored expansions are kept as they were")
                    .containsAll(before.stream().map(s -> tuple(s.id(), s.step())).toList());
            Set<List<String>> distinct = after.stream().map(StoredTacticStep::step)
                    .map(s -> List.of(s.theorem(), s.prefix(), s.tactic())).collect(Collectors.toSet());
            assertThat(after).as(context + ": no expansion redone").hasSize(steps).hasSameSizeAs(distinct);
            assertThat(after).filteredOn(StoredTacticStep::onVerifiedPath).hasSize(3 * THEOREMS);
            List<RecordedProof> proofs = store.proofs();
            assertThat(proofs).as(context + ": no verified proof lost").containsAll(killed.proofs());
            assertThat(proofs).as(context).hasSize(THEOREMS).allSatisfy(p -> assertThat(p.proof().proof())
                    .isEqualTo(ConjunctionTree.PROOF));
        }
    }

    private Process startChild(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), LeanforgeCli.class.getName(), "campaign", "run"));
        command.addAll(args);
        return new ProcessBuilder(command)
                .redirectOutput(tmp.resolve("child.out").toFile())
                .redirectError(tmp.resolve("child.err").toFile())
                .start();
    }

    /**
     * What a kill left in the store.
     *
     * @param rows    the rows counted, as stored when the child had died
     * @param context the seed, the number of rows and the child's stderr, for failure messages
     */
    private record Killed<T>(List<T> rows, List<RecordedProof> proofs, String context) {}

    /**
     * Runs {@code campaign run args} in a child JVM and kills it with SIGKILL a random moment after the store holds
     * {@code killAfter} of the rows {@code rows} reads (WAL lets this reader run beside the child's writes).
     */
    private <T> Killed<T> killMidway(List<String> args, Path storeFile, String what, Function<Store, List<T>> rows,
            int killAfter, Random random, long seed) throws Exception {
        Process child = startChild(args);
        List<T> before;
        List<RecordedProof> proofs;
        try (Store store = Store.open(storeFile)) {
            waitFor(child, killAfter + " " + what, () -> !store.campaigns().isEmpty()
                    && rows.apply(store).size() >= killAfter);
            Thread.sleep(random.nextInt(0, 150));
            child.destroyForcibly(); // SIGKILL
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            before = rows.apply(store);
            proofs = store.proofs();
        }
        String context = "seed " + seed + ", killed after " + before.size() + " " + what + "; child stderr: "
                + Files.readString(tmp.resolve("child.err"));
        assertThat(child.exitValue()).as(context).isEqualTo(137);
        return new Killed<>(before, proofs, context);
    }

    /** Runs the same command again in this JVM, with {@code --json}: it must resume and finish; its summary. */
    private static JsonNode resume(List<String> args, String context) throws Exception {
        List<StrictVertx> instances = new ArrayList<>();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> again = new ArrayList<>(args);
        again.add("--json");
        int code = CampaignRunCommandTest.run(instances, out, err, again);
        for (StrictVertx strict : instances) {
            strict.close();
            assertThat(strict.blockedThreads()).isEmpty();
        }
        assertThat(code).as(context + "; " + err).isZero();
        JsonNode summary = JSON.readTree(out.toString());
        assertThat(summary.get("resumed").asBoolean()).as(context).isTrue();
        return summary;
    }

    private static void waitFor(Process child, String what, BooleanSupplier stored) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (stored.getAsBoolean()) {
                return;
            }
            assertThat(child.isAlive()).as("the child finished or died before the kill").isTrue();
            Thread.sleep(20);
        }
        throw new AssertionError("the child stored fewer than " + what + " in 60 s");
    }
}
