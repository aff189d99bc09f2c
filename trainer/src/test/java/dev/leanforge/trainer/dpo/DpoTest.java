package dev.leanforge.trainer.dpo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import dev.leanforge.trainer.batch.TokenPair;
import dev.leanforge.trainer.checkpoint.Checkpoint;
import dev.leanforge.trainer.model.GptModel;
import dev.leanforge.trainer.testing.ByteTokenizer;
import dev.leanforge.trainer.testing.Corpus;
import dev.leanforge.trainer.testing.TinyModels;
import dev.leanforge.trainer.training.Hyperparameters;
import dev.leanforge.trainer.training.RunOptions;
import dev.leanforge.trainer.training.StepReport;
import dev.leanforge.trainer.training.TrainingLoop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DpoTest {

    private static final ByteTokenizer TOKENIZER = new ByteTokenizer();

    @TempDir
    Path dir;

    private Path reference() throws IOException {
        Path init = dir.resolve("init");
        try (GptModel model = TinyModels.tiny(21)) {
            Checkpoint.save(model, init, null);
        }
        return init;
    }

    private Path dataFile(String content) throws IOException {
        return Files.writeString(dir.resolve("pairs.jsonl"), content);
    }

    @Test
    void lossIsLn2WhenThePolicyIsTheReferenceAndFallsWithTraining() throws IOException {
        Path init = reference();
        Path data = dataFile("stand-in for the JSONL the pairs came from\n");
        List<DpoExample> examples = ReferenceLogProbs.attach(Corpus.preferences(), data, init, dir.resolve("cache"),
                Device.cpu(), 4, TOKENIZER.padId(), message -> {});
        RunOptions options = new RunOptions(8, 0, 25,
                Hyperparameters.defaults().withLearningRate(3e-3).withWarmupSteps(0), 1, 0, 0, 1);
        List<StepReport> steps = new ArrayList<>();
        try (GptModel policy = Checkpoint.load(init, Device.cpu())) {
            DpoObjective objective = new DpoObjective(0.1, TOKENIZER.padId(), 4);
            Map<String, Double> atInit = objective.evaluate(policy, examples);
            assertThat(atInit.get("eval_loss")).isCloseTo(Math.log(2), within(1e-5));
            assertThat(atInit.get("eval_reward_margin")).isCloseTo(0, within(1e-5));

            new TrainingLoop<>(policy, objective, options, dir.resolve("out"), null, "pairs", steps::add)
                    .run(examples, List.of(), null);
        }
        assertThat(steps.get(0).loss()).isCloseTo(Math.log(2), within(1e-5));
        assertThat(steps.get(0).metrics().get(DpoObjective.REWARD_MARGIN)).isCloseTo(0, within(1e-5));
        StepReport last = steps.get(steps.size() - 1);
        assertThat(last.loss()).isLessThan(0.5 * Math.log(2));
        assertThat(last.metrics().get(DpoObjective.REWARD_ACCURACY)).isEqualTo(1.0);
        assertThat(last.metrics().get(DpoObjective.REWARD_MARGIN)).isPositive();
        assertThat(last.metrics().get(DpoObjective.CHOSEN_REWARD))
                .isGreaterThan(last.metrics().get(DpoObjective.REJECTED_REWARD));
    }

    @Test
    void referenceLogProbsAreComputedOnceAndCachedByDataAndReference() throws IOException {
        Path init = reference();
        Path cache = dir.resolve("cache");
        List<TokenPair> pairs = Corpus.preferences();
        Path data = dataFile("v1\n");
        List<String> log = new ArrayList<>();
        List<DpoExample> first = ReferenceLogProbs.attach(pairs, data, init, cache, Device.cpu(), 3,
                TOKENIZER.padId(), log::add);
        List<DpoExample> second = ReferenceLogProbs.attach(pairs, data, init, cache, Device.cpu(), 3,
                TOKENIZER.padId(), log::add);
        assertThat(second).isEqualTo(first);
        assertThat(log.get(0)).startsWith("computing");
        assertThat(log.get(2)).startsWith("reference log-probabilities from");
        assertThat(cache.resolve(ReferenceLogProbs.key(data, init) + ".json")).exists();
        assertThat(first.get(0).referenceChosen()).isNegative();

        Files.writeString(data, "v2\n");
        log.clear();
        ReferenceLogProbs.attach(pairs, data, init, cache, Device.cpu(), 3, TOKENIZER.padId(), log::add);
        assertThat(log.get(0)).startsWith("computing");
        try (var files = Files.list(cache)) {
            assertThat(files.count()).isEqualTo(2);
        }
    }
}
