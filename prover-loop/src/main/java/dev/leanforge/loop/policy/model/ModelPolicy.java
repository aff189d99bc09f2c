package dev.leanforge.loop.policy.model;

import dev.leanforge.loop.policy.Policy;
import dev.leanforge.trainer.checkpoint.Checkpoint;
import dev.leanforge.trainer.device.Compute;
import dev.leanforge.trainer.hf.HfCheckpoint;
import dev.leanforge.trainer.hf.HfPolicy;
import dev.leanforge.trainer.hf.PeftAdapter;
import dev.leanforge.trainer.model.GptModel;
import dev.leanforge.trainer.sampling.PromptSampler;
import dev.leanforge.trainer.sampling.SamplingOptions;
import dev.leanforge.trainer.tokenizer.BpeTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The trainer's model as a policy. For one of our checkpoints the prompt goes into the policy's sequence format
 * ({@code <|prompt|> prompt <|proof|>}, the format SFT records are trained in) and a completion ends at
 * {@code <|end|>}; for a Hugging Face checkpoint (Qwen3, Qwen2, Llama, Mistral) the prompt goes through the
 * directory's prompt template and a completion ends at any of its end ids. Either way the completions are sampled in
 * batches with the KV cache, and also end at a stop string (cut off) or {@code maxTokens}; a completion's
 * log-probability is the model's, at temperature 1 without truncation, so search can rank completions drawn with any
 * settings.
 *
 * <p>Calls are serialised: one model's weights and native scopes are not shared by concurrent forward passes, and
 * on a CPU parallel calls would only compete for the same cores.
 */
public final class ModelPolicy implements Policy {

    /** Completions generated together; bounds the memory of one call, not the number it returns. */
    static final int BATCH_SIZE = 16;

    private final Path dir;
    private final AutoCloseable model;
    private final PromptSampler sampler;

    private ModelPolicy(Path dir, AutoCloseable model, PromptSampler sampler) {
        this.dir = dir;
        this.model = model;
        this.sampler = sampler;
    }

    /** Loads the checkpoint in {@code dir} onto the first GPU, else the CPU. Blocks: call it off the event loop. */
    public static ModelPolicy load(Path dir) {
        try {
            if (PeftAdapter.isAdapterDirectory(dir)) { // base_model_name_or_path + the adapter
                HfPolicy hf = HfPolicy.load(PeftAdapter.baseOf(dir), dir, Compute.device(Compute.Target.AUTO));
                return new ModelPolicy(dir, hf, hf.sampler());
            }
            if (HfCheckpoint.isHfDirectory(dir)) {
                HfPolicy hf = HfPolicy.load(dir, Compute.device(Compute.Target.AUTO));
                return new ModelPolicy(dir, hf, hf.sampler());
            }
            BpeTokenizer tokenizer = BpeTokenizer.load(dir.resolve(Checkpoint.TOKENIZER));
            GptModel model = Checkpoint.load(dir, Compute.device(Compute.Target.AUTO));
            try {
                return new ModelPolicy(dir, model, new PromptSampler(model, tokenizer));
            } catch (IllegalArgumentException e) { // Generator.requireVocabulary, as for leanforge sample
                model.close();
                throw new IllegalArgumentException(dir + ": " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the model in " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<Completion> complete(String prompt, SamplingParams params) {
        SamplingOptions options = new SamplingOptions(params.maxTokens(), params.temperature(), params.topP(),
                params.topK(), params.stop(), params.seed());
        return sampler.sample(prompt, params.samples(), BATCH_SIZE, options, true).stream()
                .map(c -> new Completion(c.text(), c.logProb()))
                .toList();
    }

    @Override
    public String describe() {
        return "model:" + dir;
    }

    @Override
    public synchronized void close() {
        try {
            model.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the model of " + dir + ": " + e.getMessage(), e);
        }
    }
}
