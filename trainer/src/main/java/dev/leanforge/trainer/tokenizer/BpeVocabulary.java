package dev.leanforge.trainer.tokenizer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a byte-level BPE tokenizer is made of: its tokens by id and its merges in priority order (the first merge is
 * applied first). Tokens are written in {@link ByteLevel} symbols, except the special tokens.
 *
 * @param tokens the token with id {@code i} at index {@code i}; no duplicates
 * @param merges the merges, each joining two tokens of {@code tokens} into a third one of {@code tokens}
 */
public record BpeVocabulary(List<String> tokens, List<Merge> merges) {

    /** Joins two adjacent tokens into one. */
    public record Merge(String left, String right) {
        public String result() {
            return left + right;
        }
    }

    public BpeVocabulary {
        tokens = List.copyOf(tokens);
        merges = List.copyOf(merges);
        Map<String, Integer> ids = ids(tokens);
        if (ids.size() != tokens.size()) {
            throw new IllegalArgumentException("duplicate tokens in the vocabulary");
        }
        for (Merge merge : merges) {
            for (String part : List.of(merge.left(), merge.right(), merge.result())) {
                if (!ids.containsKey(part)) {
                    throw new IllegalArgumentException("merge " + merge + " uses " + part + ", which is not a token");
                }
            }
        }
    }

    public int size() {
        return tokens.size();
    }

    /** Token to id. */
    public Map<String, Integer> ids() {
        return ids(tokens);
    }

    private static Map<String, Integer> ids(List<String> tokens) {
        Map<String, Integer> ids = new HashMap<>(tokens.size() * 2);
        for (int id = 0; id < tokens.size(); id++) {
            ids.put(tokens.get(id), id);
        }
        return ids;
    }
}
