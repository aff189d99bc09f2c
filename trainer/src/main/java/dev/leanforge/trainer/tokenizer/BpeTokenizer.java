package dev.leanforge.trainer.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A byte-level BPE {@link Tokenizer} read from a {@code tokenizer.json}. Encoding and decoding run in Hugging Face's
 * Rust {@code tokenizers} library through DJL, the library Python's {@code tokenizers} is: ids used in training are
 * the ids Python gets from the same file, for all text but the one case below.
 *
 * <p>The Rust library turns a special token's text found in the input (say a literal {@code <|end|>} in a proof)
 * into the special token. This class never does: {@link #encode} encodes such text as ordinary bytes, so input can
 * never inject a prompt boundary or an end of proof, and {@link #decode} gives back any text exactly.
 *
 * <p>Holds a native tokenizer; close it when done (an unclosed one is freed when garbage-collected).
 */
public final class BpeTokenizer implements Tokenizer, AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final int vocabSize;
    private final int[] specialIds = new int[SpecialToken.values().length];
    private final Pattern specialText;

    private BpeTokenizer(HuggingFaceTokenizer tokenizer, BpeVocabulary vocabulary) {
        this.tokenizer = tokenizer;
        this.vocabSize = vocabulary.size();
        List<String> tokens = vocabulary.tokens();
        for (SpecialToken special : SpecialToken.values()) {
            specialIds[special.ordinal()] = tokens.indexOf(special.content());
        }
        this.specialText = Pattern.compile(SpecialToken.contents().stream()
                .map(Pattern::quote)
                .collect(Collectors.joining("|")));
    }

    /**
     * Loads {@code path}, a {@code tokenizer.json} or a directory holding one. It must be a byte-level BPE tokenizer
     * with the {@link SpecialToken}s, as {@link TokenizerJson#write} writes.
     */
    public static BpeTokenizer load(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve(TokenizerJson.FILE_NAME) : path;
        if (!Files.isRegularFile(file)) {
            throw new IOException("no tokenizer file at " + file);
        }
        BpeVocabulary vocabulary = TokenizerJson.read(file);
        for (String special : SpecialToken.contents()) {
            if (!vocabulary.tokens().contains(special)) {
                throw new IOException(file + ": lacks the special token " + special);
            }
        }
        // Explicit options: no truncation, padding or added specials, whatever a tokenizer_config.json beside it says.
        // The maximum length only silences DJL's warning about its default of 512; nothing is truncated.
        HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
                .optTokenizerPath(file)
                .optAddSpecialTokens(false)
                .optTruncation(false)
                .optPadding(false)
                .optMaxLength(Integer.MAX_VALUE)
                .build();
        return new BpeTokenizer(tokenizer, vocabulary);
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
        Matcher special = specialText.matcher(text);
        if (!special.find()) {
            return encodeNative(text);
        }
        // Encode around each special token's text, and the text itself in two pieces the Rust library cannot match.
        List<int[]> parts = new ArrayList<>();
        int start = 0;
        do {
            String literal = special.group();
            int split = literal.length() - 1;
            parts.add(encodeNative(text.substring(start, special.start())));
            parts.add(encodeNative(literal.substring(0, split)));
            parts.add(encodeNative(literal.substring(split)));
            start = special.end();
        } while (special.find());
        parts.add(encodeNative(text.substring(start)));
        return parts.stream().flatMapToInt(Arrays::stream).toArray();
    }

    private int[] encodeNative(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        return Arrays.stream(tokenizer.encode(text, false, false).getIds()).mapToInt(Math::toIntExact).toArray();
    }

    @Override
    public String decode(int[] ids) {
        long[] longs = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocabSize) {
                throw new IllegalArgumentException("token id " + ids[i] + " is outside the vocabulary [0, " + vocabSize + ")");
            }
            longs[i] = ids[i];
        }
        return tokenizer.decode(longs, true);
    }

    @Override
    public int vocabSize() {
        return vocabSize;
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

    @Override
    public void close() {
        tokenizer.close();
    }
}
