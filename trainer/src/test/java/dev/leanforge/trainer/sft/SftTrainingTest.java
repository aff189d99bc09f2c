package dev.leanforge.trainer.sft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import dev.leanforge.trainer.batch.TokenSequence;
import dev.leanforge.trainer.checkpoint.Checkpoint;
import dev.leanforge.trainer.model.GptModel;
import dev.leanforge.trainer.sampling.Completion;
import dev.leanforge.trainer.sampling.Generator;
import dev.leanforge.trainer.sampling.SamplingOptions;
import dev.leanforge.trainer.testing.ByteTokenizer;
import dev.leanforge.trainer.testing.Corpus;
import dev.leanforge.trainer.testing.TinyModels;
import dev.leanforge.trainer.training.Hyperparameters;
import dev.leanforge.trainer.training.RunOptions;
import dev.leanforge.trainer.training.StepReport;
import dev.leanforge.trainer.training.TrainingListener;
import dev.leanforge.trainer.training.TrainingLoop;
import dev.leanforge.trainer.training.TrainingState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SftTrainingTest {

    private static final ByteTokenizer TOKENIZER = new ByteTokenizer();
    private static final Hyperparameters HP =
            Hyperparameters.defaults().withLearningRate(3e-3).withWarmupSteps(5);

    @TempDir
    Path dir;

    private static TrainingLoop<TokenSequence> loop(GptModel model, RunOptions options, Path out,
            TrainingListener listener) {
        return new TrainingLoop<>(model, new SftObjective(TOKENIZER.padId(), 4), options, out, null, "data-v1",
                listener);
    }

    private static final class Recorder implements TrainingListener {
        final List<StepReport> steps = new ArrayList<>();
        final List<Map<String, Double>> evaluations = new ArrayList<>();
        final List<Long> checkpoints = new ArrayList<>();

        @Override
        public void onStep(StepReport report) {
            steps.add(report);
        }

        @Override
        public void onEvaluation(long step, Map<String, Double> metrics) {
            evaluations.add(metrics);
        }

        @Override
        public void onCheckpoint(long step, Path directory) {
            checkpoints.add(step);
        }
    }

    @Test
    void lossGoesDownAndTheModelLearnsTheCorpus() throws IOException {
        RunOptions options = new RunOptions(8, 0, 80, HP.withLearningRate(1e-2), 1, 0, 40, 2);
        Recorder recorder = new Recorder();
        List<TokenSequence> data = Corpus.sft();
        Path out = dir.resolve("out");
        try (GptModel model = TinyModels.tiny(1)) {
            TrainingState done = loop(model, options, out, recorder).run(data, data.subList(0, 4), null);
            assertThat(done.step()).isEqualTo(80);

            double first = recorder.steps.subList(0, 5).stream().mapToDouble(StepReport::loss).average().orElseThrow();
            double last = recorder.steps.subList(75, 80).stream().mapToDouble(StepReport::loss).average().orElseThrow();
            assertThat(first).isGreaterThan(4.0); // about ln 260 for an untrained model
            assertThat(last).isLessThan(first / 4);
            assertThat(recorder.evaluations).hasSize(2);
            assertThat(recorder.evaluations.get(1).get(SftObjective.EVAL_LOSS))
                    .isLessThan(recorder.evaluations.get(0).get(SftObjective.EVAL_LOSS));
            assertThat(recorder.steps).allSatisfy(r -> assertThat(r.tokensPerSecond()).isPositive());
            assertThat(recorder.steps.get(79).eta()).isZero();

            // A memorised proof comes back greedily, and a stop string cuts it.
            Generator generator = new Generator(model, TOKENIZER);
            int[] prompt = Corpus.prompt("∀ n : ℕ, n ≤ n");
            Completion proof = generator.generate(List.<int[]>of(prompt), SamplingOptions.greedy(30)).get(0);
            assertThat(proof.text()).isEqualTo("fun n => le_refl n");
            assertThat(proof.finish()).isEqualTo(Completion.Finish.END);
            Completion cut = generator.generate(List.<int[]>of(prompt),
                    new SamplingOptions(30, 0, 1, 0, List.of(" =>", "refl"), 0)).get(0);
            assertThat(cut.text()).isEqualTo("fun n");
            assertThat(cut.finish()).isEqualTo(Completion.Finish.STOP_STRING);
        }
        assertThat(out.resolve("config.json")).exists();
        assertThat(out.resolve("model.safetensors")).exists();
        assertThat(TrainingState.read(out).step()).isEqualTo(80);
    }

    @Test
    void resumingFromACheckpointEndsWhereAnUninterruptedRunEnds() throws IOException {
        RunOptions options = new RunOptions(3, 0, 12, HP, 5, 4, 0, 2);
        List<TokenSequence> data = Corpus.sft();

        Map<String, float[]> straight;
        Recorder straightSteps = new Recorder();
        try (GptModel model = TinyModels.tiny(9)) {
            loop(model, options, dir.resolve("straight"), straightSteps).run(data, List.of(), null);
            straight = model.toTensors();
        }
        assertThat(straightSteps.checkpoints).containsExactly(4L, 8L);

        Path out = dir.resolve("interrupted");
        try (GptModel model = TinyModels.tiny(9)) {
            TrainingListener crashAfterStep6 = report -> {
                if (report.step() == 6) {
                    throw new IllegalStateException("simulated crash");
                }
            };
            assertThatThrownBy(() -> loop(model, options, out, crashAfterStep6).run(data, List.of(), null))
                    .hasMessage("simulated crash");
        }
        Path checkpoint = TrainingLoop.latestCheckpoint(out).orElseThrow();
        assertThat(checkpoint.getFileName().toString()).isEqualTo("checkpoint-4");
        assertThat(TrainingState.read(checkpoint).step()).isEqualTo(4);

        Recorder resumedSteps = new Recorder();
        try (GptModel model = Checkpoint.load(checkpoint, Device.cpu())) {
            loop(model, options, out, resumedSteps).run(data, List.of(), checkpoint);
            Map<String, float[]> resumed = model.toTensors();
            // Same data order, moments and step count: only float rounding may differ (none observed on CPU).
            for (Map.Entry<String, float[]> e : straight.entrySet()) {
                float[] expected = e.getValue();
                float[] actual = resumed.get(e.getKey());
                for (int i = 0; i < expected.length; i++) {
                    assertThat(Math.abs(actual[i] - expected[i])).as(e.getKey()).isLessThanOrEqualTo(1e-5f);
                }
            }
        }
        assertThat(resumedSteps.steps.get(0).step()).isEqualTo(5);
        for (int i = 0; i < 8; i++) {
            assertThat(resumedSteps.steps.get(i).loss())
                    .isCloseTo(straightSteps.steps.get(4 + i).loss(), within(1e-5));
        }
        // Only the newest two checkpoints are kept.
        try (var children = Files.list(out)) {
            assertThat(children.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("checkpoint-")))
                    .containsExactlyInAnyOrder("checkpoint-4", "checkpoint-8");
        }
    }

    @Test
    void resumeRefusesOtherDataOrOptions() throws IOException {
        RunOptions options = new RunOptions(3, 0, 4, HP, 5, 2, 0, 2);
        List<TokenSequence> data = Corpus.sft();
        Path out = dir.resolve("out");
        try (GptModel model = TinyModels.tiny(9)) {
            loop(model, options, out, TrainingListener.NONE).run(data, List.of(), null);
        }
        Path checkpoint = TrainingLoop.latestCheckpoint(out).orElseThrow();
        try (GptModel model = Checkpoint.load(checkpoint, Device.cpu())) {
            TrainingLoop<TokenSequence> otherData = new TrainingLoop<>(model, new SftObjective(TOKENIZER.padId(), 4),
                    options, out, null, "data-v2", TrainingListener.NONE);
            assertThatThrownBy(() -> otherData.run(data, List.of(), checkpoint))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("training data changed");
            RunOptions longer = new RunOptions(3, 0, 8, HP, 5, 2, 0, 2);
            assertThatThrownBy(() -> loop(model, longer, out, TrainingListener.NONE).run(data, List.of(), checkpoint))
                    .hasMessageContaining("options");
        }
    }
}
