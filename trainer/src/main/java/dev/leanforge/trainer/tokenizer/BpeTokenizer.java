package dev.leanforge.trainer.tokenizer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The policy's {@link Tokenizer}: byte-level BPE over a {@link BpeVocabulary}, usually read from a
 * {@code tokenizer.json}.
 *
 * <p>Encoding is plain Java ({@link BpeEncoder}), measured 8–25× faster here than Hugging Face's Rust library
 * through DJL, which pays per call for offsets and token strings that training never uses. Tests check that both give
 * the same ids on Lean text and random Unicode, so a model trained on these ids works with the same file in Python.
 * One difference is deliberate: the Rust library turns a special token's text found in the input (a literal
 * {@code <|end|>} in a proof) into the special token, while this class encodes it as ordinary text, so input can
 * never inject a prompt boundary or an end of proof, and {@link #decode} gives back any text exactly.
 *
 * <p>Decoding joins the tokens' bytes and reads them as UTF-8; bytes that do not form UTF-8 (a sequence cut
 * mid-character, say) become U+FFFD exactly where the Rust library puts them. Thread-safe.
 */
public final class BpeTokenizer implements Tokenizer {

    private final BpeEncoder encoder;
    /** Each token's bytes; null for the special tokens, which decode to nothing. */
    private final byte[][] tokenBytes;
    private final int[] specialIds = new int[SpecialToken.values().length];

    private BpeTokenizer(BpeVocabulary vocabulary, PreTokenizer preTokenizer) {
        List<String> tokens = vocabulary.tokens();
        for (SpecialToken special : SpecialToken.values()) {
            int id = tokens.indexOf(special.content());
            if (id < 0) {
                throw new IllegalArgumentException("the vocabulary lacks the special token " + special.content());
            }
            specialIds[special.ordinal()] = id;
        }
        this.encoder = new BpeEncoder(vocabulary, preTokenizer);
        Set<String> specials = Set.copyOf(SpecialToken.contents());
        this.tokenBytes = new byte[tokens.size()][];
        for (int id = 0; id < tokens.size(); id++) {
            String token = tokens.get(id);
            tokenBytes[id] = specials.contains(token) ? null : ByteLevel.bytes(token);
        }
    }

    /** A tokenizer for {@code vocabulary}, which must hold the {@link SpecialToken}s, splitting as GPT-2 does. */
    public static BpeTokenizer of(BpeVocabulary vocabulary) {
        return new BpeTokenizer(vocabulary, PreTokenizer.GPT2);
    }

    /** Loads {@code path}, a {@code tokenizer.json} or a directory holding one, as {@link TokenizerJson} reads it. */
    public static BpeTokenizer load(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve(TokenizerJson.FILE_NAME) : path;
        if (!Files.isRegularFile(file)) {
            throw new IOException("no tokenizer file at " + file);
        }
        try {
            TokenizerJson.Contents contents = TokenizerJson.load(file);
            return new BpeTokenizer(contents.vocabulary(), contents.preTokenizer());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code text} holds an unpaired surrogate, which has no UTF-8 form
     */
    @Override
    public int[] encode(String text) {
        int surrogate = ByteLevel.unpairedSurrogate(text);
        if (surrogate >= 0) {
            throw new IllegalArgumentException("text holds an unpaired surrogate U+%04X at index %d; it has no UTF-8 form"
                    .formatted((int) text.charAt(surrogate), surrogate));
        }
        return encoder.encode(text);
    }

    @Override
    public String decode(int[] ids) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(ids.length * 4);
        for (int id : ids) {
            if (id < 0 || id >= tokenBytes.length) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + tokenBytes.length + ")");
            }
            if (tokenBytes[id] != null) {
                bytes.writeBytes(tokenBytes[id]);
            }
        }
        return Utf8.decodeLossy(bytes.toByteArray(), bytes.size());
    }

    @Override
    public int vocabSize() {
        return tokenBytes.length;
    }

    @Override
    public int promptId() {
        return specialIds[SpecialToken.PROMPT.ordinal()];
    }

    @Override
    public int proofId() {
        return specialIds[SpecialToken.PROOF.ordinal()];
    }

    @Override
    public int endId() {
        return specialIds[SpecialToken.END.ordinal()];
    }

    @Override
    public int padId() {
        return specialIds[SpecialToken.PAD.ordinal()];
    }
}
