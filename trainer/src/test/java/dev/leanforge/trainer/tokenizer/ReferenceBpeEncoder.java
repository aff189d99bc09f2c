package dev.leanforge.trainer.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test oracle: a plain Java byte-level BPE encoder, written from the algorithm's definition (apply the merge of
 * lowest rank, leftmost first, until none applies) so that the Rust library's reading of our files can be checked
 * against what the trainer meant. Production encodes through {@link BpeTokenizer}.
 */
final class ReferenceBpeEncoder {

    private final Map<String, Integer> ids;
    private final Map<BpeVocabulary.Merge, Integer> ranks = new HashMap<>();
    private final List<String> tokens;
    private final Map<Character, Integer> byteOfSymbol = new HashMap<>();

    ReferenceBpeEncoder(BpeVocabulary vocabulary) {
        this.ids = vocabulary.ids();
        this.tokens = vocabulary.tokens();
        for (BpeVocabulary.Merge merge : vocabulary.merges()) {
            ranks.putIfAbsent(merge, ranks.size());
        }
        for (int b = 0; b < 256; b++) {
            byteOfSymbol.put(ByteLevel.symbol(b), b);
        }
    }

    int[] encode(String text) {
        List<Integer> out = new ArrayList<>();
        ByteLevel.forEachWord(text, word -> {
            List<String> parts = new ArrayList<>();
            for (char c : ByteLevel.symbols(word).toCharArray()) {
                parts.add(String.valueOf(c));
            }
            while (true) {
                int best = -1;
                int bestRank = Integer.MAX_VALUE;
                for (int i = 0; i + 1 < parts.size(); i++) {
                    Integer rank = ranks.get(new BpeVocabulary.Merge(parts.get(i), parts.get(i + 1)));
                    if (rank != null && rank < bestRank) {
                        bestRank = rank;
                        best = i;
                    }
                }
                if (best < 0) {
                    break;
                }
                parts.set(best, parts.get(best) + parts.remove(best + 1));
            }
            parts.forEach(part -> out.add(ids.get(part)));
        });
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    String decode(int[] encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int id : encoded) {
            String token = tokens.get(id);
            if (SpecialToken.contents().contains(token)) {
                continue;
            }
            for (char c : token.toCharArray()) {
                bytes.write(byteOfSymbol.get(c));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
