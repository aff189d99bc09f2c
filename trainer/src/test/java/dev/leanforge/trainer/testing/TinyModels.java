package dev.leanforge.trainer.testing;

import ai.djl.Device;
import dev.leanforge.trainer.model.GptModel;
import dev.leanforge.trainer.model.ModelConfig;

/** Model sizes small enough for tests that run in seconds on two CPU cores. */
public final class TinyModels {

    /** 2 layers, 2 heads, width 32, 48 positions, the byte tokenizer's 260 ids, tied embeddings. */
    public static final ModelConfig TINY = new ModelConfig(2, 2, 32, 48, new ByteTokenizer().vocabSize(), true);

    private TinyModels() {}

    public static GptModel tiny(long seed) {
        return GptModel.initialize(TINY, seed, Device.cpu());
    }
}
