package dev.leanforge.loop.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} at a random moment, twice, then a clean run: the store stays sound, every attempt and
 * proof the child reported as committed survives, and the resumed campaign redoes none of them.
 */
class StoreCrashTest {

    private static final int THEOREMS = 20;
    private static final int PER_THEOREM = 6;
    private static final int KILLS = 2;

    @TempDir
    Path tmp;

    /** What one run of the child printed, line by line, until it died or finished. */
    private record Run(List<String> lines, int exitCode) {
    }

    @Test
    void killedWritersLoseNothingTheyReportedAndResumeWithoutRedoing() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path file = tmp.resolve("leanforge.db");
        Set<String> reportedAttempts = new HashSet<>();
        Set<Long> reportedProofAttempts = new HashSet<>();

        for (int kill = 0; kill < KILLS; kill++) {
            Run run = runChild(file, random.nextInt(1, 40), random.nextInt(0, 4));
            collect(run, reportedAttempts, reportedProofAttempts);
            try (Store store = Store.open(file)) {
                String context = "seed " + seed + ", kill " + kill + ", child said " + run.lines().size() + " lines";
                assertThat(run.exitCode()).as(context + ": killed by SIGKILL").isEqualTo(137);
                assertThat(store.integrityProblems()).as(context).isEmpty();
                Set<Long> proofAttempts = new HashSet<>();
                store.proofs().forEach(p -> proofAttempts.add(p.attemptId().orElseThrow()));
                assertThat(proofAttempts).as(context).containsAll(reportedProofAttempts);
                Set<String> stored = keys(store);
                assertThat(stored).as(context).containsAll(reportedAttempts);
            }
        }

        int storedBeforeFinalRun;
        try (Store store = Store.open(file)) {
            storedBeforeFinalRun = keys(store).size();
        }
        Run last = runChild(file, Integer.MAX_VALUE, 0);
        assertThat(last.exitCode()).as("seed " + seed + ": " + last.lines()).isZero();
        assertThat(last.lines()).first().isEqualTo("resumed " + storedBeforeFinalRun);
        assertThat(last.lines()).last().isEqualTo("finished");
        collect(last, reportedAttempts, reportedProofAttempts);

        try (Store store = Store.open(file)) {
            assertThat(store.integrityProblems()).isEmpty();
            assertThat(store.campaigns()).as("every run resumed the one campaign").hasSize(1);
            Campaign campaign = store.campaigns().get(0);
            assertThat(campaign.status()).isEqualTo(CampaignStatus.FINISHED);
            assertThat(store.attempts(campaign.id())).hasSize(THEOREMS * PER_THEOREM);
            assertThat(store.proofs()).hasSize(THEOREMS * PER_THEOREM / 2);
            assertThat(store.solvedTheorems(campaign.id())).hasSize(THEOREMS);
        }
    }

    /**
     * Starts the child, waits until it reported {@code killAfter} commits (or ended), lets it run on for
     * {@code extraMillis}, then kills it with SIGKILL.
     */
    private Run runChild(Path file, int killAfter, int extraMillis) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // C1 only: the child is short-lived, so this mostly saves start-up time.
        Process child = new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                CrashingWriter.class.getName(), file.toString(), Integer.toString(THEOREMS),
                Integer.toString(PER_THEOREM))
                .redirectError(Files.createTempFile(tmp, "child", ".err").toFile())
                .start();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines().forEach(lines::add);
            } catch (IOException e) {
                lines.add("reader failed: " + e);
            }
        });
        reader.start();

        int commits = 0;
        List<String> seen = new ArrayList<>();
        while (commits < killAfter) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) {
                if (!child.isAlive()) {
                    break;
                }
                continue;
            }
            seen.add(line);
            if (line.startsWith("proof ") || line.startsWith("attempt ")) {
                commits++;
            }
        }
        if (child.isAlive() && killAfter != Integer.MAX_VALUE) {
            Thread.sleep(extraMillis);
            child.destroyForcibly();
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child ended").isTrue();
        reader.join(10_000);
        lines.drainTo(seen);
        return new Run(seen, child.exitValue());
    }

    private static void collect(Run run, Set<String> attempts, Set<Long> proofAttempts) {
        for (String line : run.lines()) {
            String[] words = line.split(" ");
            if (words[0].equals("proof")) {
                attempts.add(words[1] + " " + words[2]);
                proofAttempts.add(Long.parseLong(words[3]));
            } else if (words[0].equals("attempt")) {
                attempts.add(words[1] + " " + words[2]);
            }
        }
    }

    private static Set<String> keys(Store store) {
        Set<String> keys = new HashSet<>();
        for (Campaign campaign : store.campaigns()) {
            store.finishedAttempts(campaign.id()).forEach(k -> keys.add(k.theorem() + " " + k.attemptIndex()));
        }
        return keys;
    }
}
