package dev.leanforge.loop.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.toolchain.Toolchain;
import dev.leanforge.bridge.toolchain.ToolchainLocator;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.app.StrictVertx;
import dev.leanforge.loop.config.CampaignConfig;
import dev.leanforge.loop.config.RawValue;
import dev.leanforge.loop.proof.ProofTier;
import dev.leanforge.loop.store.RecordedProof;
import dev.leanforge.loop.store.Store;
import dev.leanforge.loop.store.StoredAttempt;
import dev.leanforge.loop.theorems.SetReader;
import dev.leanforge.loop.theorems.Theorem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign on a real toolchain: the valid split of the core-logic set, with a scripted policy that proposes each
 * theorem's reference proofs. The reference proofs are unverified, so the test asserts what the loop guarantees —
 * every PROVED attempt has a fresh-tier proof recorded with the toolchain's version — and that Lean proved some.
 * Skipped, with the reason, where no toolchain is installed; it has not been run where this was written.
 */
@Tag("lean")
class RealLeanCampaignTest {

    @TempDir
    Path tmp;

    @Test
    void referenceProofsOfACoreSetGoThroughTheWholeLoop() throws Exception {
        Optional<Toolchain> toolchain = ToolchainLocator.system().locate();
        assumeTrue(toolchain.isPresent(), "no Lean toolchain found (LEANFORGE_LEAN_HOME, PATH, ~/.elan)");
        Path theorems = Path.of("..", "theorems");
        assumeTrue(Files.isDirectory(theorems.resolve("core-logic")), "no theorems/core-logic at "
                + theorems.toAbsolutePath());
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Theorem theorem : SetReader.read(theorems.resolve("core-logic")).theorems()) {
            if (!theorem.proofs().isEmpty()) {
                rules.add(Map.of("match", "theorem " + Pattern.quote(theorem.name()) + "\\b",
                        "completions", theorem.proofs().stream().map(p -> p.proof()).toList()));
            }
        }
        Path policy = tmp.resolve("policy.json");
        new ObjectMapper().writeValue(policy.toFile(), Map.of("rules", rules, "default", List.of("by simp")));
        Map<String, RawValue> given = new HashMap<>();
        Map.of("set", "core-logic", "split", "valid", "policy", "scripted:" + policy, "theorems-dir",
                theorems.toString(), "samples", "2", "workers", "1", "timeout", "120", "progress", "false")
                .forEach((k, v) -> given.put(k, RawValue.scalar("test", v)));
        CampaignConfig config = CampaignConfig.resolve(given);
        CampaignPlan plan = CampaignPlans.prepare(config,
                ServerCommand.standard(tmp, toolchain.get().lean().getParent()), toolchain.get().version());

        StrictVertx strict = StrictVertx.create();
        CampaignSummary summary;
        try (Store store = Store.open(tmp.resolve("store.db"))) {
            summary = CampaignRunner.run(strict.vertx(), plan, store).toCompletionStage().toCompletableFuture()
                    .get(20, TimeUnit.MINUTES);
            List<Long> proved = store.attempts(summary.campaignId()).stream()
                    .filter(a -> a.attempt().verdict().status() == Verdict.Status.PROVED)
                    .map(StoredAttempt::id).toList();
            List<RecordedProof> proofs = store.proofs();
            assertThat(proofs).extracting(p -> p.attemptId().orElseThrow()).containsExactlyInAnyOrderElementsOf(proved);
            assertThat(proofs).allSatisfy(p -> {
                assertThat(p.proof().tier()).isEqualTo(ProofTier.FRESH);
                assertThat(p.proof().leanVersion()).isEqualTo(plan.provenance().leanVersion());
            });
        } finally {
            strict.close();
        }
        assertThat(strict.blockedThreads()).isEmpty();
        assertThat(summary.solved()).as(summary.text()).isPositive();
    }
}
