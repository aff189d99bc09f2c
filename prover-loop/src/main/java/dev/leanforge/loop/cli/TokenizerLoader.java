package dev.leanforge.loop.cli;

import dev.leanforge.trainer.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads the {@code tokenizer.json} stored with a model. The model commands take one so that the tokenizer
 * implementation is named in a single place ({@link #DEFAULT}) and tests can supply a small stand-in.
 */
@FunctionalInterface
public interface TokenizerLoader {

    Tokenizer load(Path tokenizerJson) throws IOException;

    /**
     * The byte-level BPE tokenizer of issue 4, part 1, is built on its own branch; until it is merged here this build
     * cannot read a {@code tokenizer.json} and says so. Merging replaces this with {@code BpeTokenizer::load}.
     */
    TokenizerLoader DEFAULT = file -> {
        throw new IOException("cannot read " + file + ": this build has no tokenizer implementation "
                + "(dev.leanforge.trainer.tokenizer.BpeTokenizer is not merged yet)");
    };
}
