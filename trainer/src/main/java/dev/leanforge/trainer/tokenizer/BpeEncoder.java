package dev.leanforge.trainer.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies a {@link BpeVocabulary}'s merges to text the way Hugging Face's {@code BPE} model does: each
 * pre-tokenized word starts as one token per byte, and the merge of lowest rank (leftmost first on equal ranks) is
 * applied until none applies. Words are split by the file's {@link PreTokenizer}. Thread-safe; words seen before
 * come from a cache.
 */
final class BpeEncoder {

    /** Caching stops here, so a stream of distinct words cannot grow memory without bound. */
    private static final int CACHE_LIMIT = 200_000;

    private final PreTokenizer preTokenizer;
    private final int[] byteIds = new int[256];
    /** Pair of token ids to {@code rank << 32 | merged id}. */
    private final Map<Long, Long> merges = new HashMap<>();
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    BpeEncoder(BpeVocabulary vocabulary, PreTokenizer preTokenizer) {
        this.preTokenizer = preTokenizer;
        Map<String, Integer> ids = vocabulary.ids();
        for (int b = 0; b < 256; b++) {
            Integer id = ids.get(String.valueOf(ByteLevel.symbol(b)));
            if (id == null) {
                throw new IllegalArgumentException("the vocabulary lacks the byte symbol for byte " + b);
            }
            byteIds[b] = id;
        }
        List<BpeVocabulary.Merge> list = vocabulary.merges();
        for (int rank = 0; rank < list.size(); rank++) {
            BpeVocabulary.Merge merge = list.get(rank);
            long value = (long) rank << 32 | ids.get(merge.result());
            merges.putIfAbsent(pair(ids.get(merge.left()), ids.get(merge.right())), value);
        }
    }

    int[] encode(String text) {
        IntBuffer out = new IntBuffer(text.length() / 2 + 4);
        preTokenizer.forEachWord(text, word -> out.add(encodeWord(word)));
        return out.toArray();
    }

    /** A growable int array. */
    private static final class IntBuffer {
        private int[] values;
        private int size;

        IntBuffer(int capacity) {
            values = new int[capacity];
        }

        void add(int[] more) {
            if (size + more.length > values.length) {
                values = Arrays.copyOf(values, Math.max(values.length * 2, size + more.length));
            }
            System.arraycopy(more, 0, values, size, more.length);
            size += more.length;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    private int[] encodeWord(String word) {
        int[] cached = cache.get(word);
        if (cached != null) {
            return cached;
        }
        int[] ids = merge(word);
        if (cache.size() < CACHE_LIMIT) {
            cache.put(word, ids);
        }
        return ids;
    }

    /** A merge that may apply at {@code position}; stale once a neighbour changed. */
    private record Candidate(int rank, int position, int left, int right, int merged) {}

    /** Merges in O(n log n): the symbols form a linked list, and a heap holds the merges that may apply. */
    private int[] merge(String word) {
        byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        int[] id = new int[n];
        int[] next = new int[n];
        int[] previous = new int[n];
        for (int i = 0; i < n; i++) {
            id[i] = byteIds[bytes[i] & 0xFF];
            next[i] = i + 1;
            previous[i] = i - 1;
        }
        PriorityQueue<Candidate> queue = new PriorityQueue<>(
                (a, b) -> a.rank() != b.rank() ? Integer.compare(a.rank(), b.rank()) : Integer.compare(a.position(), b.position()));
        for (int i = 0; i + 1 < n; i++) {
            offer(queue, i, id[i], id[i + 1]);
        }
        int length = n;
        while (!queue.isEmpty()) {
            Candidate c = queue.poll();
            int i = c.position();
            int j = next[i];
            // Stale if position i was absorbed (its id changed) or its right neighbour is no longer the one planned.
            if (id[i] != c.left() || j >= n || id[j] != c.right()) {
                continue;
            }
            id[i] = c.merged();
            id[j] = -1;
            next[i] = next[j];
            if (next[j] < n) {
                previous[next[j]] = i;
            }
            length--;
            if (previous[i] >= 0) {
                offer(queue, previous[i], id[previous[i]], id[i]);
            }
            if (next[i] < n) {
                offer(queue, i, id[i], id[next[i]]);
            }
        }
        int[] out = new int[length];
        for (int i = 0, k = 0; i < n; i = next[i]) {
            out[k++] = id[i];
        }
        return out;
    }

    private void offer(PriorityQueue<Candidate> queue, int position, int left, int right) {
        Long merge = merges.get(pair(left, right));
        if (merge != null) {
            queue.add(new Candidate((int) (merge >>> 32), position, left, right, (int) (long) merge));
        }
    }

    private static long pair(int left, int right) {
        return (long) left << 32 | (right & 0xFFFFFFFFL);
    }
}
