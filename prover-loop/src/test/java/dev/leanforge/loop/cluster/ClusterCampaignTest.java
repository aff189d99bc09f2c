package dev.leanforge.loop.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.campaign.ConjunctionTree;
import dev.leanforge.loop.campaign.TinySets;
import dev.leanforge.loop.cli.LeanforgeCli;
import dev.leanforge.loop.store.Campaign;
import dev.leanforge.loop.store.CampaignStatus;
import dev.leanforge.loop.store.RecordedProof;
import dev.leanforge.loop.store.Store;
import dev.leanforge.loop.store.StoredAttempt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Campaigns over a real cluster: a coordinator and two workers, each its own JVM ({@code leanforge campaign run
 * --cluster} and {@code leanforge worker}), joined by Hazelcast on 127.0.0.1 with a cluster name of their own, the
 * scripted Lean stand-in (a test double, not Lean) behind the workers. Every spawned process is killed after each
 * test.
 */
@Tag("cluster")
class ClusterCampaignTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = "stand-in (test double)";
    private static final int THEOREMS = 8;
    private static final int SAMPLES = 2;
    /** Even-numbered theorems are proved at the first sample, odd ones fail every sample. */
    private static final int ATTEMPTS = THEOREMS / 2 + THEOREMS / 2 * SAMPLES;
    private static final int TREE_THEOREMS = 3;

    @TempDir
    Path tmp;

    private final List<Process> processes = new ArrayList<>();
    private String clusterName;
    private List<Integer> ports;
    private Path standIn;
    private Path policy;

    @BeforeEach
    void prepare() throws IOException {
        clusterName = "lf-test-" + UUID.randomUUID().toString().substring(0, 8);
        // coordinator, worker1, worker2, and a second coordinator's
        ports = List.of(Ports.free(), Ports.free(), Ports.free(), Ports.free());
        Map<String, String> theorems = new LinkedHashMap<>();
        for (int i = 0; i < THEOREMS; i++) {
            theorems.put("t" + i, ": " + i + " = " + i);
        }
        TinySets.write(tmp.resolve("theorems"), "tiny", theorems);
        // A best-first set too: its searches ask the workers for goal states.
        Map<String, String> tree = new LinkedHashMap<>();
        for (int i = 0; i < TREE_THEOREMS; i++) {
            tree.put("b" + i, ConjunctionTree.SIGNATURE);
        }
        TinySets.write(tmp.resolve("theorems"), "tree", tree);
        // Every check takes a while, so kills land mid-campaign.
        standIn = StandInRules.create()
                .rule(r -> r.match("theorem b\\d[^\\n]*by\\n  simp").error("simp made no progress", "simp")
                        .delayMs(50))
                .rule(r -> ConjunctionTree.goals(r.match("theorem b\\d").axioms().delayMs(50)))
                .rule(r -> r.match("by rfl").axioms().delayMs(150))
                .otherwise(r -> r.error("simp made no progress", "simp").delayMs(150))
                .writeTo(tmp);
        policy = Files.writeString(tmp.resolve("policy.yaml"), """
                rules:
                  - match: 'theorem t[0246]\\b'
                    completions: [by rfl]
                default: [by simp]
                """);
    }

    @AfterEach
    void killAll() throws InterruptedException {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes) {
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }


    private String members() {
        return ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    private Process spawn(String name, List<String> args) throws IOException {
        return spawn(name, args, Map.of());
    }

    private Process spawn(String name, List<String> args, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), LeanforgeCli.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Process p = builder
                .redirectOutput(tmp.resolve(name + ".out").toFile())
                .redirectError(tmp.resolve(name + ".err").toFile())
                .start();
        processes.add(p);
        return p;
    }

    private String err(String name) {
        try {
            return Files.readString(tmp.resolve(name + ".err"));
        } catch (IOException e) {
            return "(no stderr: " + e.getMessage() + ")";
        }
    }

    /** Starts worker {@code n} (1 or 2) on its own port; {@link #awaitJoined} waits until it has joined. */
    private Process worker(int n) throws Exception {
        return worker(n, List.of(), Map.of());
    }

    private Process worker(int n, List<String> more, Map<String, String> env) throws Exception {
        return worker(n, standIn, more, env);
    }

    private Process worker(int n, Path rules, List<String> more, Map<String, String> env) throws Exception {
        String name = "worker" + n;
        List<String> args = new ArrayList<>(List.of("worker", "--cluster", members(), "--cluster-name", clusterName,
                "--cluster-port", Integer.toString(ports.get(n)), "--worker-id", name, "--workers", "2",
                "--server-cmd", StandInCommand.forRules(rules), "--project-dir", tmp.toString(),
                "--lean-version", VERSION, "--timeout", "30"));
        args.addAll(more);
        return spawn(name, args, env);
    }

    private void awaitJoined(Process p, String name) throws Exception {
        waitFor(name + " joined", () -> err(name).contains("joined cluster"), p, name);
    }

    private List<String> campaignArgs(Path store) {
        return List.of("campaign", "run", "--set", "tiny", "--theorems-dir", tmp.resolve("theorems").toString(),
                "--policy", "scripted:" + policy, "--store", store.toString(), "--samples", Integer.toString(SAMPLES),
                "--in-flight", "4", "--project-dir", tmp.toString(), "--lean-version", VERSION, "--progress", "false",
                "--json");
    }

    private Process coordinator(String name, Path store) throws IOException {
        return coordinator(name, store, 0);
    }

    /** A coordinator of the tiny set's campaign on the Hazelcast port {@code ports.get(port)}. */
    private Process coordinator(String name, Path store, int port) throws IOException {
        return spawn(name, coordinatorArgs(store, port));
    }

    /** The arguments of {@link #coordinator(String, Path, int)}, for a test to add its own to. */
    private List<String> coordinatorArgs(Path store, int port) {
        List<String> args = new ArrayList<>(campaignArgs(store));
        args.addAll(List.of("--cluster", members(), "--cluster-name", clusterName, "--cluster-port",
                Integer.toString(ports.get(port)), "--worker-timeout", "3", "--no-worker-wait", "60"));
        return args;
    }

    private JsonNode finished(Process p, String name) throws Exception {
        assertThat(p.waitFor(100, TimeUnit.SECONDS)).as(name + " finished; stderr: " + err(name)).isTrue();
        assertThat(p.exitValue()).as(name + "'s exit code; stderr: " + err(name)).isZero();
        return JSON.readTree(Files.readString(tmp.resolve(name + ".out")));
    }

    private static void waitFor(String what, BooleanSupplier condition, Process process, String name)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " ended before " + what + " (exit " + process.exitValue() + ")");
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** The verdict statuses of the stored attempts, by theorem and attempt index. */
    private static Map<String, Verdict.Status> verdicts(Path storeFile) {
        try (Store store = Store.open(storeFile)) {
            Map<String, Verdict.Status> out = new TreeMap<>();
            for (StoredAttempt a : store.attempts(store.campaigns().get(0).id())) {
                Verdict.Status previous = out.put(a.attempt().theorem() + "#" + a.attempt().attemptIndex(),
                        a.attempt().verdict().status());
                assertThat(previous).as("attempt stored twice: " + a.attempt().theorem() + "#"
                        + a.attempt().attemptIndex()).isNull();
            }
            return out;
        }
    }

    /** Everything a finished campaign must hold: each theorem done, each attempt once, each proof kept. */
    private void assertComplete(Path storeFile, List<RecordedProof> proofsBefore, String context) {
        Map<String, Verdict.Status> verdicts = verdicts(storeFile);
        assertThat(verdicts).as(context).hasSize(ATTEMPTS);
        try (Store store = Store.open(storeFile)) {
            assertThat(store.campaigns()).as("one campaign, resumed or not").hasSize(1);
            Campaign campaign = store.campaigns().get(0);
            assertThat(campaign.status()).isEqualTo(CampaignStatus.FINISHED);
            List<RecordedProof> proofs = store.proofs();
            assertThat(proofs).as(context + ": no verified proof lost").containsAll(proofsBefore);
            assertThat(proofs).extracting(p -> p.proof().theorem())
                    .containsExactlyInAnyOrder("t0", "t2", "t4", "t6");
            assertThat(proofs).allSatisfy(p -> assertThat(p.proof().leanVersion()).isEqualTo(VERSION));
        }
    }

    @Test
    void campaignsOnTwoWorkersEndAsInOneJvm() throws Exception {
        Process w1 = worker(1);
        Process w2 = worker(2);
        Path local = tmp.resolve("local.db");
        List<String> localArgs = new ArrayList<>(campaignArgs(local));
        localArgs.addAll(List.of("--server-cmd", StandInCommand.forRules(standIn), "--workers", "2"));
        Process alone = spawn("alone", localArgs);
        awaitJoined(w1, "worker1");
        awaitJoined(w2, "worker2");

        Path clustered = tmp.resolve("cluster.db");
        JsonNode summary = finished(coordinator("coordinator", clustered), "coordinator");
        JsonNode localSummary = finished(alone, "alone");

        assertThat(summary.get("attempts").asInt()).isEqualTo(ATTEMPTS);
        assertThat(summary.get("solved").asInt()).isEqualTo(4);
        assertThat(verdicts(clustered)).isEqualTo(verdicts(local));
        assertThat(summary.get("verdicts")).isEqualTo(localSummary.get("verdicts"));
        assertComplete(clustered, List.of(), "clustered");
        assertThat(err("coordinator")).as("both workers checked")
                .containsPattern("worker1 [1-9][0-9]* answers").containsPattern("worker2 [1-9][0-9]* answers");

        // Best-first search on the same workers: goal states cross the cluster too.
        Path treePolicy = Files.writeString(tmp.resolve("tree-policy.yaml"), """
                rules:
                  - match: '⊢ p ∧ q'
                    completions:
                      - {text: simp, logProb: -0.1}
                      - {text: constructor, logProb: -0.5}
                """ + ConjunctionTree.CASE_RULES);
        Path treeStore = tmp.resolve("tree.db");
        JsonNode treeSummary = finished(spawn("tree", List.of("campaign", "run", "--set", "tree", "--theorems-dir",
                tmp.resolve("theorems").toString(), "--policy", "scripted:" + treePolicy, "--store",
                treeStore.toString(), "--strategy", "best-first", "--width", "2", "--depth", "4", "--nodes", "8",
                "--in-flight", "4", "--project-dir", tmp.toString(), "--lean-version", VERSION, "--progress", "false",
                "--json", "--cluster", members(), "--cluster-name", clusterName, "--cluster-port",
                Integer.toString(ports.get(0)))), "tree");
        assertThat(treeSummary.get("solved").asInt()).isEqualTo(TREE_THEOREMS);
        try (Store store = Store.open(treeStore)) {
            // simp, constructor, exact hp, exact hq per theorem, each expansion once
            assertThat(store.tacticSteps(store.campaigns().get(0).id())).hasSize(4 * TREE_THEOREMS);
            assertThat(store.proofs()).hasSize(TREE_THEOREMS)
                    .allSatisfy(p -> assertThat(p.proof().proof()).isEqualTo(ConjunctionTree.PROOF));
        }

        w2.destroy(); // SIGTERM: leaves the cluster and stops its Lean on the way out
        assertThat(w2.waitFor(30, TimeUnit.SECONDS)).as("worker2 stopped on SIGTERM; stderr: " + err("worker2"))
                .isTrue();
        assertThat(w2.exitValue()).isEqualTo(143);
    }

    @Test
    void aCampaignWithItsPolicyOnAPolicyOnlyWorkerEndsAsInOneJvm() throws Exception {
        Process lean = worker(1);
        // No Lean here at all: no --server-cmd, no --lean-version.
        Process policyWorker = spawn("worker2", List.of("worker", "--cluster", members(), "--cluster-name",
                clusterName, "--cluster-port", Integer.toString(ports.get(2)), "--worker-id", "worker2",
                "--no-lean", "--policy", "scripted:" + policy, "--policy-workers", "2"));
        Path local = tmp.resolve("local.db");
        List<String> localArgs = new ArrayList<>(campaignArgs(local));
        localArgs.addAll(List.of("--server-cmd", StandInCommand.forRules(standIn), "--workers", "2"));
        Process alone = spawn("alone", localArgs);
        awaitJoined(lean, "worker1");
        awaitJoined(policyWorker, "worker2");
        assertThat(err("worker2")).contains("no Lean; the policy scripted:");

        Path clustered = tmp.resolve("cluster.db");
        List<String> args = coordinatorArgs(clustered, 0);
        args.addAll(List.of("--policy-on-workers", "--policy-timeout", "60"));
        JsonNode summary = finished(spawn("coordinator", args), "coordinator");
        JsonNode localSummary = finished(alone, "alone");

        assertThat(summary.get("attempts").asInt()).isEqualTo(ATTEMPTS);
        assertThat(verdicts(clustered)).isEqualTo(verdicts(local));
        assertThat(summary.get("verdicts")).isEqualTo(localSummary.get("verdicts"));
        assertComplete(clustered, List.of(), "clustered");
        try (Store a = Store.open(clustered); Store b = Store.open(local)) {
            assertThat(a.campaigns().get(0).spec().policy()).as("the spec records the policy as in one JVM")
                    .isEqualTo(b.campaigns().get(0).spec().policy());
        }
        assertThat(err("coordinator")).contains("calls of the policy scripted:")
                .containsPattern("worker1 [1-9][0-9]* answers").containsPattern("worker2 [1-9][0-9]* answers");
    }

    @Test
    void aCampaignOverMutualTlsUsesOnlyTheWorkersWithCertificates() throws Exception {
        TestCertificates ca = TestCertificates.ca(tmp, "leanforge");
        Path node = ca.node("node");
        List<String> tls = List.of("--cluster-key-store", node.toString(), "--cluster-trust-store",
                ca.trustStore().toString());
        Map<String, String> password = Map.of("LEANFORGE_CLUSTER_STORE_PASSWORD", TestCertificates.PASSWORD);
        Process w1 = worker(1, tls, password);
        Process w2 = worker(2); // joins the cluster without TLS: its Lean is never used
        awaitJoined(w1, "worker1");
        awaitJoined(w2, "worker2");
        assertThat(err("worker1")).contains("(event bus: mutual TLS)");

        Path store = tmp.resolve("tls.db");
        List<String> args = coordinatorArgs(store, 0);
        args.addAll(tls);
        JsonNode summary = finished(spawn("coordinator", args, password), "coordinator");

        assertThat(summary.get("attempts").asInt()).isEqualTo(ATTEMPTS);
        assertThat(summary.get("solved").asInt()).isEqualTo(4);
        assertComplete(store, List.of(), "over TLS");
        assertThat(err("coordinator")).contains("(event bus: mutual TLS)")
                .containsPattern("worker1 [1-9][0-9]* answers").doesNotContain("worker2");
    }

    /**
     * Two coordinators, each running its own campaign of the tiny set into its own store, on the same two workers (2
     * warm slots each) at once. Each coordinator leases up to the slots it believes free, not knowing the other's
     * leases, and each asks for 4 checks at once: together twice the workers' slots, so a worker is offered more
     * leases than it has slots and refuses the rest BUSY; the coordinator leases those checks again.
     */
    @Test
    void twoCoordinatorsShareTwoWorkersAndEachEndsAsInOneJvm() throws Exception {
        // The coordinators first: both campaigns wait for workers, so they surely overlap, and both lease to each
        // worker at its first hello.
        Path firstStore = tmp.resolve("first.db");
        Path secondStore = tmp.resolve("second.db");
        Process first = coordinator("first", firstStore, 0);
        Process second = coordinator("second", secondStore, 3);
        awaitWaitingForWorkers(first, "first");
        awaitWaitingForWorkers(second, "second");
        worker(1);
        worker(2);

        JsonNode firstSummary = finished(first, "first");
        JsonNode secondSummary = finished(second, "second");

        // As in one JVM: even theorems proved at their first sample, odd ones failed at both; each attempt stored once.
        Map<String, Verdict.Status> expected = new TreeMap<>();
        for (int i = 0; i < THEOREMS; i++) {
            for (int s = 0; s < (i % 2 == 0 ? 1 : SAMPLES); s++) {
                expected.put("t" + i + "#" + s, i % 2 == 0 ? Verdict.Status.PROVED : Verdict.Status.FAILED);
            }
        }
        for (Path store : List.of(firstStore, secondStore)) {
            assertThat(verdicts(store)).as(store.getFileName().toString()).isEqualTo(expected);
            assertComplete(store, List.of(), store.getFileName() + "; stderr of the coordinators: " + err("first")
                    + err("second"));
        }
        for (JsonNode summary : List.of(firstSummary, secondSummary)) {
            assertThat(summary.get("attempts").asInt()).isEqualTo(ATTEMPTS);
            assertThat(summary.get("solved").asInt()).isEqualTo(THEOREMS / 2);
        }
        assertThat(secondSummary.get("verdicts")).isEqualTo(firstSummary.get("verdicts"));

        Map<String, WorkerCounts> byFirst = workerCounts("first");
        Map<String, WorkerCounts> bySecond = workerCounts("second");
        for (Map<String, WorkerCounts> counts : List.of(byFirst, bySecond)) {
            String context = "what each worker did: first " + byFirst + "; second " + bySecond;
            assertThat(counts).as(context).containsOnlyKeys("worker1", "worker2");
            // a check per attempt, a fresh recheck per proof: each answered once, none lost or late
            assertThat(counts.values().stream().mapToLong(WorkerCounts::answers).sum()).as(context)
                    .isEqualTo(ATTEMPTS + THEOREMS / 2);
            assertThat(counts.values()).as(context).allSatisfy(c -> {
                assertThat(c.answers()).isPositive();
                assertThat(c.lost()).isZero();
                assertThat(c.late()).isZero();
            });
        }
        // Without a lost lease, a coordinator's failures are the BUSY refusals it met (a Lean failing is one too,
        // but the stand-in does not fail here).
        assertThat(Stream.concat(byFirst.values().stream(), bySecond.values().stream())
                .mapToLong(WorkerCounts::failures).sum()).as("BUSY refusals: first " + byFirst + "; second " + bySecond)
                .isPositive();
    }

    /** Waits until coordinator {@code name}'s campaign has checks waiting and no worker to take them. */
    private void awaitWaitingForWorkers(Process coordinator, String name) throws Exception {
        waitFor(name + " waiting for workers", () -> err(name).contains("takes Lean checks now; waiting"),
                coordinator, name);
    }

    /** What a coordinator's closing line says one worker did for its run. */
    private record WorkerCounts(long answers, long failures, long lost, long late) {}

    private static final Pattern WORKER_COUNTS = Pattern.compile(
            "(worker\\d) (\\d+) answers, (\\d+) failures, (\\d+) lost leases, (\\d+) late answers ignored");

    /** By worker: what coordinator {@code name}'s last line on stderr says each worker did for it. */
    private Map<String, WorkerCounts> workerCounts(String name) {
        Map<String, WorkerCounts> out = new TreeMap<>();
        Matcher m = WORKER_COUNTS.matcher(err(name));
        while (m.find()) {
            out.put(m.group(1), new WorkerCounts(Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                    Long.parseLong(m.group(4)), Long.parseLong(m.group(5))));
        }
        return out;
    }

    @Test
    void aWorkerKilledMidCampaignLosesNothing() throws Exception {
        UnderWay run = twoWorkersAndACampaignUnderWay();
        Process w1 = run.worker1();
        Process coordinator = run.coordinator();
        Path storeFile = run.store();
        w1.descendants().forEach(ProcessHandle::destroyForcibly);
        w1.destroyForcibly(); // SIGKILL, mid-campaign: its leases are lost with it
        assertThat(w1.waitFor(30, TimeUnit.SECONDS)).isTrue();

        JsonNode summary = finished(coordinator, "coordinator");
        assertThat(summary.get("attempts").asInt()).isEqualTo(ATTEMPTS);
        assertThat(summary.get("solved").asInt()).isEqualTo(4);
        assertComplete(storeFile, List.of(), "worker1 killed; coordinator stderr: " + err("coordinator"));
    }

    @Test
    void aWorkerCutOffMidCampaignIsReplacedAndItsLateAnswersAreIgnored() throws Exception {
        UnderWay run = twoWorkersAndACampaignUnderWay();
        Process w1 = run.worker1();
        Process coordinator = run.coordinator();
        Path storeFile = run.store();
        // SIGSTOP: the worker and its Lean freeze with their leases, as behind a network cut; SIGCONT once the
        // coordinator has given them to worker2, so worker1's answers come late.
        signal("STOP", w1);
        try {
            waitFor("worker1 lost", () -> err("coordinator").contains("worker worker1 is lost"), coordinator,
                    "coordinator");
        } finally {
            signal("CONT", w1);
        }

        JsonNode summary = finished(coordinator, "coordinator");
        assertThat(summary.get("attempts").asInt()).isEqualTo(ATTEMPTS);
        assertComplete(storeFile, List.of(), "worker1 cut off; coordinator stderr: " + err("coordinator"));
    }

    /**
     * Two workers, and a coordinator whose campaign has stored its first attempts. worker1's Lean answers as
     * worker2's but takes 5 s a check, and it joins the campaign first: so it surely holds leases when the test kills
     * or freezes it (with checks as quick as worker2's, the campaign could end before worker1 is declared lost).
     */
    private record UnderWay(Process worker1, Process coordinator, Path store) {}

    private UnderWay twoWorkersAndACampaignUnderWay() throws Exception {
        Path slow = StandInRules.create().rule(r -> r.match("by rfl").axioms().delayMs(5_000))
                .otherwise(r -> r.error("simp made no progress", "simp").delayMs(5_000))
                .writeTo(Files.createDirectories(tmp.resolve("slow")));
        Process w1 = worker(1, slow, List.of(), Map.of());
        awaitJoined(w1, "worker1");
        Path storeFile = tmp.resolve("store.db");
        Process coordinator = coordinator("coordinator", storeFile);
        // worker1 alone first: it takes leases at once, and keeps some while any work is left, being slow.
        waitFor("worker1 leased", () -> err("coordinator").contains("worker worker1 joined"), coordinator,
                "coordinator");
        awaitJoined(worker(2), "worker2");
        awaitAttemptsStored(storeFile, coordinator, "coordinator");
        return new UnderWay(w1, coordinator, storeFile);
    }

    /** Waits until the campaign {@code coordinator} runs has stored 3 attempts: it is under way. */
    private static void awaitAttemptsStored(Path storeFile, Process coordinator, String name) throws Exception {
        try (Store store = Store.open(storeFile)) {
            waitFor("3 attempts stored", () -> !store.campaigns().isEmpty()
                    && store.attempts(store.campaigns().get(0).id()).size() >= 3, coordinator, name);
        }
    }

    /** Sends SIGSTOP or SIGCONT to {@code p} and its Lean processes. */
    private static void signal(String signal, Process p) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal, Long.toString(p.pid())));
        p.descendants().forEach(d -> command.add(Long.toString(d.pid())));
        assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).isZero();
    }

    @Test
    void aCoordinatorKilledMidCampaignResumesWithTheSameCommand() throws Exception {
        awaitJoined(worker(1), "worker1");
        awaitJoined(worker(2), "worker2");
        Path storeFile = tmp.resolve("store.db");
        Process first = coordinator("first", storeFile);
        awaitAttemptsStored(storeFile, first, "first");
        List<StoredAttempt> before;
        List<RecordedProof> proofsBefore;
        try (Store store = Store.open(storeFile)) {
            first.destroyForcibly(); // SIGKILL
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            before = store.attempts(store.campaigns().get(0).id());
            proofsBefore = store.proofs();
        }
        assertThat(before.size()).isLessThan(ATTEMPTS);

        JsonNode summary = finished(coordinator("again", storeFile), "again");
        assertThat(summary.get("resumed").asBoolean()).isTrue();
        assertThat(summary.get("attempts").asInt()).isEqualTo(ATTEMPTS);
        assertThat(summary.get("attemptsThisRun").asInt()).isEqualTo(ATTEMPTS - before.size());
        try (Store store = Store.open(storeFile)) {
            assertThat(store.attempts(store.campaigns().get(0).id())).as("kept as they were").containsAll(before);
        }
        assertComplete(storeFile, proofsBefore, "coordinator killed after " + before.size() + " attempts");
    }
}
