package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leanforge.bridge.toolchain.Toolchain;
import dev.leanforge.bridge.toolchain.ToolchainLocator;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.star.RoundReport;
import dev.leanforge.loop.store.Campaign;
import dev.leanforge.loop.proof.ProofTier;
import dev.leanforge.loop.store.RecordedProof;
import dev.leanforge.loop.store.Store;
import dev.leanforge.loop.store.StoredAttempt;
import dev.leanforge.trainer.device.Compute;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short STaR run (round 0 and one round, a tiny model) on a few theorems of {@code theorems/core-logic} against the
 * real toolchain {@link ToolchainLocator} finds, through {@code leanforge star run} with no {@code --server-cmd}. What
 * a tiny model proves is luck, so the test asserts only what the loop guarantees on real Lean: the run finishes,
 * every recorded proof is in the fresh tier with the toolchain's version, every PROVED attempt has one, the
 * dataset holds only those proofs, and the reports are written. Skipped, with the reason, where no toolchain is
 * installed; it has not been run where this was written.
 */
@Tag("lean")
class RealLeanStarTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TRAIN = 3;
    private static final int VALID = 2;

    @TempDir
    Path tmp;

    @BeforeAll
    static void oneComputeThread() {
        Compute.configureThreads(1, 0); // as every test class that trains: one engine per JVM
    }

    /** core-logic with only its first {@code TRAIN} train and {@code VALID} valid theorems left in those splits. */
    private Path fewTheoremsOfCoreLogic(Path source) throws IOException {
        Path set = Files.createDirectories(tmp.resolve("theorems").resolve("core-logic"));
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.toList()) {
                Files.copy(file, set.resolve(file.getFileName()));
            }
        }
        ObjectNode manifest = (ObjectNode) JSON.readTree(set.resolve("manifest.json").toFile());
        Map<String, Integer> left = new HashMap<>(Map.of("train", TRAIN, "valid", VALID));
        for (JsonNode entry : manifest.get("theorems")) {
            String split = entry.get("split").asText();
            int room = left.getOrDefault(split, 0);
            if (room > 0) {
                left.put(split, room - 1);
            } else {
                ((ObjectNode) entry).put("split", "test"); // a STaR run never searches the test split
            }
        }
        JSON.writeValue(set.resolve("manifest.json").toFile(), manifest);
        return set.getParent();
    }

    @Test
    void aShortRunOnACoreSetKeepsOnlyFreshTierProofs() throws Exception {
        Optional<Toolchain> toolchain = ToolchainLocator.system().locate();
        assumeTrue(toolchain.isPresent(), "no Lean toolchain found (LEANFORGE_LEAN_HOME, PATH, ~/.elan)");
        Path coreLogic = Path.of("..", "theorems", "core-logic");
        assumeTrue(Files.isDirectory(coreLogic), "no theorems/core-logic at " + coreLogic.toAbsolutePath());
        Path theorems = fewTheoremsOfCoreLogic(coreLogic);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LeanforgeCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(
                "star", "run", "--set", "core-logic", "--theorems-dir", theorems.toString(),
                "--store", tmp.resolve("store.db").toString(), "--run-dir", tmp.resolve("run").toString(),
                "--project-dir", tmp.toString(), "--rounds", "1", "--samples", "2", "--workers", "1",
                "--timeout", "120", "--max-tokens", "24", "--vocab", "300", "--model-layers", "1",
                "--model-heads", "2", "--model-width", "32", "--model-context", "96", "--base-sft-steps", "40",
                "--sft-steps", "10", "--batch-size", "4", "--warmup", "0", "--sft-lr", "1e-2", "--dpo", "true",
                "--progress", "false");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("STaR run star-core-logic: 2 rounds finished");
        for (int round = 0; round <= 1; round++) {
            assertThat(RoundReport.fromJson(Files.readString(tmp.resolve("run/round-" + round + ".json"))).round())
                    .isEqualTo(round);
        }
        try (Store store = Store.open(tmp.resolve("store.db"))) {
            List<RecordedProof> proofs = store.proofs();
            assertThat(proofs).allSatisfy(p -> {
                assertThat(p.proof().tier()).isEqualTo(ProofTier.FRESH);
                toolchain.get().version().ifPresent(v -> assertThat(p.proof().leanVersion()).isEqualTo(v));
            });
            List<Long> proved = new ArrayList<>();
            for (Campaign campaign : store.campaigns()) {
                store.attempts(campaign.id()).stream()
                        .filter(a -> a.attempt().verdict().status() == Verdict.Status.PROVED)
                        .map(StoredAttempt::id).forEach(proved::add);
            }
            assertThat(proofs).extracting(p -> p.attemptId().orElseThrow())
                    .containsExactlyInAnyOrderElementsOf(proved);

            // Round 1 trains only on what Lean verified (round 0 trains on the reference proofs, by design).
            Set<String> verified = proofs.stream().map(p -> p.proof().proof()).collect(Collectors.toSet());
            for (String line : Files.readAllLines(tmp.resolve("run/round-1/sft.jsonl"))) {
                assertThat(JSON.readTree(line).get("completion").asText()).isIn(verified);
            }
            for (String line : Files.readAllLines(tmp.resolve("run/round-1/dpo.jsonl"))) {
                assertThat(JSON.readTree(line).get("chosen").asText()).isIn(verified);
            }
        }
    }
}
