package dev.leanforge.trainer.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import dev.leanforge.trainer.Training;
import dev.leanforge.trainer.rl.GrpoObjective;
import dev.leanforge.trainer.rl.GrpoOptions;
import dev.leanforge.trainer.training.Hyperparameters;
import dev.leanforge.trainer.training.RunOptions;
import dev.leanforge.trainer.training.StepReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A GRPO update of a Hugging Face model, with LoRA and without, through the {@link Training} facade. */
class HfGrpoTrainingTest {

    @TempDir
    static Path tmp;

    static Path base;
    static Path data;
    static Map<String, float[]> baseWeights;

    private static final LoraConfig LORA = new LoraConfig(2, 4, 0.0, LoraConfig.MODULES);

    @BeforeAll
    static void write() throws IOException {
        base = tmp.resolve("qwen2");
        baseWeights = HfTiny.trainableQwen2(base);
        data = tmp.resolve("grpo.jsonl");
        Files.writeString(data, """
                {"prompt": "theorem a (n : Nat) : n + 0 = n", "completion": ":= by simp", "advantage": 0.5}
                {"prompt": "theorem a (n : Nat) : n + 0 = n", "completion": ":= by rfl", "advantage": -0.5}
                {"prompt": "theorem c : 1 = 1", "completion": ":= by rfl", "advantage": 0.5}
                {"prompt": "theorem c : 1 = 1", "completion": ":= by simp", "advantage": -0.5}
                """);
    }

    private static RunOptions options() {
        Hyperparameters hp = new Hyperparameters(3e-2, 0, 1.0, 0.0, 0.9, 0.999, 1e-8, 1.0);
        return new RunOptions(2, 1, 0, hp, 7, 0, 0, 3);
    }

    @Test
    void loraGrpoWithThePolicyAsReferenceTrainsAnAdapterOnIt() throws IOException {
        Path out = tmp.resolve("lora");
        List<StepReport> steps = new ArrayList<>();
        Training.Result result = Training.grpo(data, new GrpoOptions(0.2, 0.3, 0.1)).init(base).reference(base)
                .lora(LORA).out(out).options(options()).listener(steps::add).run();
        assertThat(result.examples()).isEqualTo(4);
        assertThat(result.state().step()).isEqualTo(2);
        assertThat(steps.get(0).metrics().get(GrpoObjective.KL)).isCloseTo(0, within(1e-6));
        assertThat(out.resolve(PeftAdapter.CONFIG)).exists();
        assertThat(out.resolve(PeftAdapter.WEIGHTS)).exists();
        assertThat(out.resolve(HfCheckpoint.WEIGHTS)).doesNotExist();
        assertThat(PeftAdapter.baseOf(out)).isEqualTo(base.toAbsolutePath().normalize());
        try (HfModel model = HfCheckpoint.load(base, Device.cpu())) {
            baseWeights.forEach((n, v) -> assertThat(model.toTensors().get(n)).containsExactly(v));
        }
    }

    @Test
    void aFullUpdateWithASeparateReferenceGivesWhatThePolicyAsItsOwnReferenceGives() throws IOException {
        Path copy = tmp.resolve("qwen2-copy");
        Files.createDirectories(copy);
        try (var files = Files.list(base)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        GrpoOptions grpo = new GrpoOptions(0.2, 0.3, 0.1);
        List<StepReport> shared = new ArrayList<>();
        Training.grpo(data, grpo).init(base).reference(base).out(tmp.resolve("shared")).options(options())
                .listener(shared::add).run();
        List<StepReport> separate = new ArrayList<>();
        Training.grpo(data, grpo).init(base).reference(copy).out(tmp.resolve("separate")).options(options())
                .listener(separate::add).run();
        assertThat(separate).extracting(StepReport::loss)
                .containsExactlyElementsOf(shared.stream().map(StepReport::loss).toList());
        try (HfModel a = HfCheckpoint.load(tmp.resolve("shared"), Device.cpu());
                HfModel b = HfCheckpoint.load(tmp.resolve("separate"), Device.cpu())) {
            Map<String, float[]> wb = b.toTensors();
            a.toTensors().forEach((n, v) -> assertThat(wb.get(n)).as(n).containsExactly(v));
            assertThat(a.toTensors().entrySet()).anySatisfy(
                    e -> assertThat(e.getValue()).isNotEqualTo(baseWeights.get(e.getKey())));
        }
    }

    @Test
    void aPlanCountsTheRecordsAsSftDoes() throws IOException {
        Training.Plan grpo = Training.grpo(data, GrpoOptions.DEFAULTS).init(base).lora(LORA).out(tmp.resolve("p"))
                .options(options()).plan();
        Training.Plan sft = Training.sft(data).init(base).lora(LORA).out(tmp.resolve("p")).options(options()).plan();
        assertThat(grpo).isEqualTo(sft);
    }
}
