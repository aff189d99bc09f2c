package dev.leanforge.loop.policy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.app.StrictVertx;
import dev.leanforge.loop.campaign.CampaignPlan;
import dev.leanforge.loop.campaign.CampaignPlans;
import dev.leanforge.loop.campaign.CampaignRunner;
import dev.leanforge.loop.campaign.CampaignSummary;
import dev.leanforge.loop.campaign.TinySets;
import dev.leanforge.loop.config.CampaignConfig;
import dev.leanforge.loop.config.RawValue;
import dev.leanforge.loop.policy.Policy;
import dev.leanforge.loop.policy.Policy.Completion;
import dev.leanforge.loop.policy.Policy.SamplingParams;
import dev.leanforge.loop.policy.PolicyKind;
import dev.leanforge.loop.policy.PolicyKinds;
import dev.leanforge.trainer.checkpoint.Checkpoint;
import dev.leanforge.trainer.device.Compute;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import dev.leanforge.loop.store.StoredAttempt;
import dev.leanforge.loop.store.Store;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code model:DIR} on a tiny randomly initialised checkpoint (what it writes is noise; how it samples is tested). */
class ModelPolicyTest {


    @TempDir
    static Path tmp;

    private static Path model;

    @BeforeAll
    static void checkpoint() throws IOException {
        // PyTorch fixes its thread count when the engine starts, for the whole test JVM: use the one thread that
        // ModelCommandsTest asks for, whichever test class starts the engine first.
        Compute.configureThreads(1, 0);
        model = TinyCheckpoint.write(tmp.resolve("model"));
    }

    private static SamplingParams params(int samples, List<String> stop, long seed) {
        return new SamplingParams(samples, 1.0, 1.0, 0, 12, stop, seed);
    }

    @Test
    void prepareChecksTheFilesWithoutLoading() throws IOException {
        PolicyKind.Opening opening = PolicyKinds.prepare("model:" + model);
        assertThat(opening.description()).isEqualTo("model:" + model.toAbsolutePath().normalize());

        assertThatThrownBy(() -> PolicyKinds.prepare("model:")).hasMessageContaining("needs the checkpoint directory");
        assertThatThrownBy(() -> PolicyKinds.prepare("model:" + tmp.resolve("absent")))
                .hasMessageContaining("no directory");
        Path partial = Files.createDirectories(tmp.resolve("partial"));
        Files.copy(model.resolve(Checkpoint.CONFIG), partial.resolve(Checkpoint.CONFIG));
        assertThatThrownBy(() -> PolicyKinds.prepare("model:" + partial))
                .hasMessageContaining("lacks model.safetensors, tokenizer.json");
        assertThatThrownBy(() -> PolicyKinds.prepare("nope:x")).hasMessageContaining("model:DIR");
    }

    @Test
    void samplesRepeatablyWithLogProbsAndStopStrings() {
        try (Policy policy = PolicyKinds.prepare("model:" + model).open().get()) {
            String prompt = "theorem two : 2 + 2 = 4 :=";
            List<Completion> first = policy.complete(prompt, params(20, List.of(), 3));
            assertThat(first).hasSize(20); // more than one batch of ModelPolicy.BATCH_SIZE
            assertThat(first).allSatisfy(c -> assertThat(c.logProb()).isFinite().isNegative());
            assertThat(policy.complete(prompt, params(20, List.of(), 3))).isEqualTo(first);
            assertThat(policy.complete(prompt, params(20, List.of(), 4))).isNotEqualTo(first);

            String stop = "e";
            assumeThat(first).as("some unstopped completion contains the stop string")
                    .anyMatch(c -> c.text().contains(stop));
            assertThat(policy.complete(prompt, params(20, List.of(stop), 3)))
                    .hasSize(20)
                    .noneMatch(c -> c.text().contains(stop));
        }
    }

    @Test
    void aModelWithMoreIdsThanItsTokenizerSamplesOnlyDecodableIdsAndOneWithFewerIsRefused() throws IOException {
        // Eight times the tokenizer's ids: unguarded, nearly every sampled id would be one BpeTokenizer cannot decode.
        Path padded = TinyCheckpoint.write(tmp.resolve("padded"), 7 * 300);
        try (Policy policy = PolicyKinds.prepare("model:" + padded).open().get()) {
            assertThat(policy.complete("theorem two : 2 + 2 = 4 :=", params(20, List.of(), 3))).hasSize(20)
                    .allSatisfy(c -> assertThat(c.logProb()).isFinite().isNegative());
        }
        Path small = TinyCheckpoint.write(tmp.resolve("small"), -4);
        assertThatThrownBy(() -> PolicyKinds.prepare("model:" + small).open().get())
                .hasMessageContaining(small.toString()).hasMessageContaining("token ids (vocab_size) but its tokenizer");
    }

    @Test
    void aCampaignSearchesWithTheModelAgainstTheStandIn() throws Exception {
        TinySets.write(tmp.resolve("theorems"), "tiny", Map.of("two", ": 2 + 2 = 4", "comm",
                "(a b : Nat) : a + b = b + a"));
        // The stand-in (a test double, not Lean) accepts whatever the noise model writes after "two", nothing else.
        Path standIn = StandInRules.create()
                .rule(r -> r.match("theorem two ").axioms())
                .otherwise(r -> r.error("unexpected token"))
                .writeTo(tmp);
        Map<String, RawValue> given = new LinkedHashMap<>();
        Map.of("set", "tiny", "policy", "model:" + model, "theorems-dir", tmp.resolve("theorems").toString(),
                        "server-cmd", StandInCommand.forRules(standIn), "project-dir", tmp.toString(),
                        "lean-version", "stand-in (test double)", "workers", "1", "samples", "3", "max-tokens", "8",
                        "progress", "false")
                .forEach((k, v) -> given.put(k, RawValue.scalar("test", v)));
        CampaignConfig config = CampaignConfig.resolve(given);
        CampaignPlan plan = CampaignPlans.prepare(config, ServerCommand.shell(config.serverCmd().orElseThrow(), tmp),
                Optional.empty());
        StrictVertx strict = StrictVertx.create();
        try (Store store = Store.open(tmp.resolve("store.db"))) {
            CampaignSummary summary = CampaignRunner.run(strict.vertx(), plan, store).toCompletionStage()
                    .toCompletableFuture().get(120, TimeUnit.SECONDS);
            assertThat(summary.policy()).isEqualTo("model:" + model.toAbsolutePath().normalize());
            assertThat(summary.solved()).isEqualTo(1);
            List<StoredAttempt> attempts = store.attempts(summary.campaignId());
            assertThat(attempts).extracting(a -> a.attempt().verdict().status())
                    .containsOnly(Verdict.Status.PROVED, Verdict.Status.FAILED)
                    .contains(Verdict.Status.PROVED);
            assertThat(attempts).allSatisfy(a -> assertThat(a.attempt().policyLogProb()).isPresent());
        } finally {
            strict.close();
        }
        assertThat(strict.blockedThreads()).as("blocked-thread reports").isEmpty();
    }
}
