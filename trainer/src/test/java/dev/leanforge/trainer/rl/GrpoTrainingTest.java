package dev.leanforge.trainer.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import dev.leanforge.trainer.Training;
import dev.leanforge.trainer.checkpoint.Checkpoint;
import dev.leanforge.trainer.model.GptModel;
import dev.leanforge.trainer.testing.TinyModels;
import dev.leanforge.trainer.tokenizer.BpeTokenizer;
import dev.leanforge.trainer.training.Hyperparameters;
import dev.leanforge.trainer.training.RunOptions;
import dev.leanforge.trainer.training.StepReport;
import dev.leanforge.trainer.training.TrainingLoop;
import dev.leanforge.trainer.training.TrainingState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A GRPO update of one of our models through the {@link Training} facade. */
class GrpoTrainingTest {

    @TempDir
    static Path tmp;

    static Path policy;
    static Path data;

    /** A tiny GPT with a BPE tokenizer learned from the data, saved as a model directory. */
    @BeforeAll
    static void write() throws IOException {
        data = tmp.resolve("grpo.jsonl");
        // Two groups of two; the advantages as GrpoGroups writes them, a blank line passed over.
        Files.writeString(data, """
                {"theorem": "a", "prompt": "theorem a : 1 = 1", "completion": ":= rfl", "reward": 1.0, "advantage": 0.5}
                {"theorem": "a", "prompt": "theorem a : 1 = 1", "completion": ":= by simp", "reward": 0.0, "advantage": -0.5}

                {"theorem": "b", "prompt": "theorem b (n : Nat) : n + 0 = n", "completion": ":= by simp", "reward": 1.0, "advantage": 0.5}
                {"theorem": "b", "prompt": "theorem b (n : Nat) : n + 0 = n", "completion": ":= by rfl", "reward": 0.0, "advantage": -0.5}
                """);
        Path tokenizer = Training.tokenizer(List.of(Files.readString(data)), 300, tmp.resolve("tokenizer"));
        policy = tmp.resolve("policy");
        try (GptModel model = GptModel.initialize(
                TinyModels.TINY.withVocabSize(BpeTokenizer.load(tokenizer).vocabSize()), 4, Device.cpu())) {
            Checkpoint.save(model, policy, tokenizer);
        }
    }

    private static RunOptions options(int saveEvery) {
        Hyperparameters hp = new Hyperparameters(1e-2, 0, 1.0, 0.01, 0.9, 0.999, 1e-8, 1.0);
        return new RunOptions(2, 2, 0, hp, 11, saveEvery, 0, 3);
    }

    private static Map<String, float[]> weights(Path dir) throws IOException {
        try (GptModel model = Checkpoint.load(dir, Device.cpu())) {
            return model.toTensors();
        }
    }

    private static List<StepReport> grpo(Path reference, Path out) throws IOException {
        List<StepReport> steps = new ArrayList<>();
        Training.Result result = Training.grpo(data, new GrpoOptions(0.2, 0.3, 0.05)).init(policy)
                .reference(reference).out(out).options(options(0)).listener(steps::add).run();
        assertThat(result.examples()).isEqualTo(4);
        assertThat(result.state().step()).isEqualTo(4); // 2 epochs of 2 batches of 2
        return steps;
    }

    @Test
    void anUpdateChangesTheWeightsAndWritesTheModel() throws IOException {
        Path out = tmp.resolve("update");
        List<StepReport> steps = grpo(policy, out);

        assertThat(out.resolve(Checkpoint.WEIGHTS)).exists();
        assertThat(out.resolve(Checkpoint.TOKENIZER)).exists();
        TrainingState state = TrainingState.read(out);
        assertThat(state.step()).isEqualTo(state.totalSteps()).isEqualTo(4);
        Map<String, float[]> before = weights(policy);
        Map<String, float[]> after = weights(out);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        assertThat(before.keySet()).anySatisfy(name -> assertThat(after.get(name)).isNotEqualTo(before.get(name)));

        assertThat(steps).hasSize(4);
        assertThat(steps).allSatisfy(s -> assertThat(s.metrics()).containsKeys(GrpoObjective.KL,
                GrpoObjective.CLIP_FRACTION, GrpoObjective.ENTROPY, GrpoObjective.TOKENS));
        // Step 1 is on-policy and the reference is the policy: nothing clipped, no divergence yet.
        assertThat(steps.get(0).metrics().get(GrpoObjective.KL)).isCloseTo(0, within(1e-6));
        assertThat(steps.get(0).metrics().get(GrpoObjective.CLIP_FRACTION)).isZero();
    }

    /**
     * The policy as its own reference is loaded and scored once; a copy of it in another directory is loaded
     * beside it. Both give the same update to the last bit.
     */
    @Test
    void thePolicyAsItsOwnReferenceGivesWhatACopyOfItGives() throws IOException {
        Path copy = tmp.resolve("policy-copy");
        Files.createDirectories(copy);
        try (var files = Files.list(policy)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        List<StepReport> shared = grpo(policy, tmp.resolve("shared"));
        List<StepReport> separate = grpo(copy, tmp.resolve("separate"));
        assertThat(separate).extracting(StepReport::loss).containsExactlyElementsOf(
                shared.stream().map(StepReport::loss).toList());
        Map<String, float[]> a = weights(tmp.resolve("shared"));
        Map<String, float[]> b = weights(tmp.resolve("separate"));
        a.forEach((name, w) -> assertThat(b.get(name)).as(name).isEqualTo(w));
    }

    @Test
    void aResumedUpdateEndsWhereAnUninterruptedOneEnds() throws IOException {
        Path straight = tmp.resolve("straight");
        Training.grpo(data, GrpoOptions.DEFAULTS).init(policy).out(straight).options(options(2)).run();

        Path out = tmp.resolve("interrupted");
        assertThatThrownBy(() -> Training.grpo(data, GrpoOptions.DEFAULTS).init(policy).out(out).options(options(2))
                .listener(report -> {
                    if (report.step() == 3) {
                        throw new IllegalStateException("simulated crash");
                    }
                }).run()).hasMessage("simulated crash");
        Path checkpoint = TrainingLoop.latestCheckpoint(out).orElseThrow();
        assertThat(checkpoint.getFileName().toString()).isEqualTo("checkpoint-2");
        List<StepReport> resumed = new ArrayList<>();
        Training.grpo(data, GrpoOptions.DEFAULTS).init(policy).out(out).options(options(2)).resumeFrom(checkpoint)
                .listener(resumed::add).run();
        assertThat(resumed).extracting(StepReport::step).containsExactly(3L, 4L);
        Map<String, float[]> expected = weights(straight);
        Map<String, float[]> actual = weights(out);
        expected.forEach((name, w) -> {
            float[] got = actual.get(name);
            for (int i = 0; i < w.length; i++) {
                assertThat(Math.abs(got[i] - w[i])).as(name).isLessThanOrEqualTo(1e-5f);
            }
        });
    }

    @Test
    void aReferenceIsGrpoOnlyAndGrpoNeedsThePolicy() {
        assertThatThrownBy(() -> Training.sft(data).init(policy).reference(policy).out(tmp.resolve("x"))
                .options(options(0)).run())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only GRPO takes a separate");
        assertThatThrownBy(() -> Training.grpo(data, GrpoOptions.DEFAULTS).out(tmp.resolve("x"))
                .options(options(0)).run())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GRPO needs the policy");
    }
}
