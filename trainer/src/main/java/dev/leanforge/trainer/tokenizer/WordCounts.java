package dev.leanforge.trainer.tokenizer;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** How often each pre-tokenized word occurs in a corpus: what {@link BpeTrainer} learns merges from. */
public final class WordCounts {

    private final Map<String, Long> counts = new HashMap<>();
    private long total;

    /** Counts the words of {@code text}, split as {@link ByteLevel#forEachWord} splits it. */
    public void addText(CharSequence text) {
        ByteLevel.forEachWord(text, word -> add(word, 1));
    }

    /**
     * Counts the words of a UTF-8 file. The file is read whole so that words are split exactly as the tokenizer
     * will split them (the split of whitespace depends on what follows it, across line ends too).
     */
    public void addFile(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": not valid UTF-8 text (" + e.getMessage() + ")", e);
        }
        addText(text);
    }

    public void add(String word, long count) {
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive: " + count);
        }
        counts.merge(word, count, Long::sum);
        total += count;
    }

    /** Number of distinct words. */
    public int distinct() {
        return counts.size();
    }

    /** Number of words counted, repeats included. */
    public long total() {
        return total;
    }

    /** Word to count; a read-only view. */
    public Map<String, Long> asMap() {
        return Collections.unmodifiableMap(counts);
    }
}
