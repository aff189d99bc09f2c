package dev.leanforge.loop.policy.model;

import ai.djl.Device;
import dev.leanforge.trainer.checkpoint.Checkpoint;
import dev.leanforge.trainer.model.GptModel;
import dev.leanforge.trainer.model.ModelConfig;
import dev.leanforge.trainer.tokenizer.BpeTrainer;
import dev.leanforge.trainer.tokenizer.BpeVocabulary;
import dev.leanforge.trainer.tokenizer.TokenizerJson;
import dev.leanforge.trainer.tokenizer.WordCounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A randomly initialised policy checkpoint (1 layer, width 32, 64 positions) with a BPE tokenizer, for tests. */
final class TinyCheckpoint {

    private TinyCheckpoint() {}

    /** Writes {@code dir} with config.json, model.safetensors and tokenizer.json learnt from {@code text}. */
    static Path write(Path dir, String text, long seed) throws IOException {
        return write(dir, text, seed, 0);
    }

    /** As {@link #write(Path, String, long)}, with {@code extraIds} more ids in the model than in the tokenizer. */
    static Path write(Path dir, String text, long seed, int extraIds) throws IOException {
        WordCounts words = new WordCounts();
        words.addText(text);
        Path tokenizer = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-tokenizer"))
                .resolve(TokenizerJson.FILE_NAME);
        BpeVocabulary vocabulary = new BpeTrainer(300, 1).train(words, (reached, target) -> {});
        TokenizerJson.write(vocabulary, tokenizer);
        ModelConfig config = new ModelConfig(1, 2, 32, 64, vocabulary.size() + extraIds, true);
        try (GptModel model = GptModel.initialize(config, seed, Device.cpu())) {
            Checkpoint.save(model, dir, tokenizer);
        }
        return dir;
    }
}
