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

    /** Two small theorems with their proofs: the text the tokenizer is learnt from (ten times over). */
    private static final String TEXT = "theorem two : 2 + 2 = 4 := by decide\ntheorem comm (a b : Nat) : a + b = b + a "
            + ":= by omega\n";

    /** Writes {@code dir} with config.json, model.safetensors (seed 7) and a tokenizer.json learnt from Lean text. */
    static Path write(Path dir) throws IOException {
        return write(dir, 0);
    }

    /** As {@link #write(Path)}, with {@code extraIds} more ids in the model than in the tokenizer. */
    static Path write(Path dir, int extraIds) throws IOException {
        WordCounts words = new WordCounts();
        words.addText(TEXT.repeat(10));
        Path tokenizer = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-tokenizer"))
                .resolve(TokenizerJson.FILE_NAME);
        BpeVocabulary vocabulary = new BpeTrainer(300, 1).train(words, (reached, target) -> {});
        TokenizerJson.write(vocabulary, tokenizer);
        ModelConfig config = new ModelConfig(1, 2, 32, 64, vocabulary.size() + extraIds, true);
        try (GptModel model = GptModel.initialize(config, 7, Device.cpu())) {
            Checkpoint.save(model, dir, tokenizer);
        }
        return dir;
    }
}
