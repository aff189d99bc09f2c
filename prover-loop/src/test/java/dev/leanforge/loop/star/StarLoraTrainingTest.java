package dev.leanforge.loop.star;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.leanforge.loop.policy.model.TinyHfCheckpoint;
import dev.leanforge.trainer.Training;
import dev.leanforge.trainer.device.Compute;
import dev.leanforge.trainer.hf.HfCheckpoint;
import dev.leanforge.trainer.hf.HfConfig;
import dev.leanforge.trainer.hf.LoraConfig;
import dev.leanforge.trainer.hf.PeftAdapter;
import dev.leanforge.trainer.tokenizer.BpeTokenizer;
import dev.leanforge.trainer.training.Hyperparameters;
import dev.leanforge.trainer.training.RunOptions;
import dev.leanforge.trainer.training.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** STaR's trainings with LoRA on a Hugging Face model: each candidate is an adapter on the model it started from. */
class StarLoraTrainingTest {

    @TempDir
    Path tmp;

    private Path tinyQwen2() throws IOException {
        Compute.configureThreads(1, 0);
        Path dir = tmp.resolve("hf");
        Path tokenizer = Training.tokenizer(List.of("theorem t : 1 = 1 := by rfl\n".repeat(20)), 300, dir);
        int vocab = BpeTokenizer.load(tokenizer).vocabSize();
        HfConfig config = HfConfig.parse("{\"model_type\": \"qwen2\", \"vocab_size\": " + vocab + ", \"hidden_size\":"
                + " 32, \"intermediate_size\": 48, \"num_hidden_layers\": 1, \"num_attention_heads\": 4,"
                + " \"num_key_value_heads\": 2, \"max_position_embeddings\": 96, \"tie_word_embeddings\": true,"
                + " \"eos_token_id\": 3}");
        TinyHfCheckpoint.save(config, 3, dir);
        return dir;
    }

    @Test
    void sftThenDpoWithLoraChainAdaptersOnTheModel() throws IOException {
        Path hf = tinyQwen2();
        Path sftData = tmp.resolve("sft.jsonl");
        Files.writeString(sftData, "{\"prompt\": \"theorem t : 1 = 1 :=\", \"completion\": \" by rfl\"}\n");
        Path dpoData = tmp.resolve("dpo.jsonl");
        Files.writeString(dpoData, "{\"prompt\": \"theorem t : 1 = 1 :=\", \"chosen\": \" by rfl\", \"rejected\":"
                + " \" by simp\"}\n");
        RunOptions options = new RunOptions(1, 1, 2, new Hyperparameters(1e-2, 0, 1.0, 0.0, 0.9, 0.999, 1e-8, 1.0),
                0, 0, 0, 1);
        StarTraining training = new StarTraining(Device.cpu(), line -> {}, new LoraConfig(2, 4, 0.0,
                LoraConfig.MODULES));
        Path sftOut = tmp.resolve("round-1/sft");
        StarTraining.Result sft = training.sft(sftData, new StarTraining.FromModel(hf), options, sftOut,
                TrainingListener.NONE);
        assertThat(sft.steps()).isEqualTo(2);
        assertThat(PeftAdapter.isAdapterDirectory(sftOut)).isTrue();
        Path dpoOut = tmp.resolve("round-1/dpo");
        StarTraining.Result dpo = training.dpo(dpoData, sftOut, 0.1, options, dpoOut, TrainingListener.NONE);
        assertThat(dpo.metrics()).containsKey("eval_loss");
        assertThat(PeftAdapter.chain(dpoOut)).containsExactly(dpoOut.toAbsolutePath().normalize(),
                sftOut.toAbsolutePath().normalize(), hf.toAbsolutePath().normalize());
        // A finished training is not redone (its output is an adapter, not model.safetensors).
        assertThat(training.sft(sftData, new StarTraining.FromModel(hf), options, sftOut, TrainingListener.NONE)
                .loss()).isNull();
        // The candidate opens as a model (the search's model:DIR policy does the same).
        try (Training.Policy policy = Training.open(dpoOut, null, Device.cpu())) {
            assertThat(policy.model().vocabSize()).isEqualTo(HfCheckpoint.readConfig(hf).vocabSize());
        }
    }
}
