package dev.leanforge.trainer.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Learns byte-level BPE merges from {@link WordCounts}.
 *
 * <p>The vocabulary starts with the {@link SpecialToken}s (ids 0–3) and the 256 byte symbols (ids 4–259, in byte
 * order). Each step merges the most frequent adjacent pair of tokens, summed over all words weighted by their
 * counts; ties go to the pair whose left token has the smaller id, then the right one. Training stops when the
 * vocabulary has {@code vocabSize} tokens or no pair occurs {@code minFrequency} times.
 *
 * <p>Pair counts are updated incrementally: a merge visits only the words that contain its pair, found through an
 * index from each pair to the words it occurs in, and a lazily updated priority queue yields the best pair.
 */
public final class BpeTrainer {

    /** The smallest vocabulary: the special tokens and one token per byte. */
    public static final int MIN_VOCAB_SIZE = 4 + 256; // a constant, for annotations; SpecialToken has the 4

    /** Told how far training has come. */
    @FunctionalInterface
    public interface Progress {
        void vocabularySize(int reached, int target);
    }

    private final int vocabSize;
    private final long minFrequency;

    /**
     * @param vocabSize    the vocabulary size to reach, at least {@link #MIN_VOCAB_SIZE}
     * @param minFrequency the fewest occurrences a pair needs to be merged, at least 1
     */
    public BpeTrainer(int vocabSize, long minFrequency) {
        if (vocabSize < MIN_VOCAB_SIZE) {
            throw new IllegalArgumentException("vocabulary size must be at least " + MIN_VOCAB_SIZE
                    + " (4 special tokens + 256 bytes), got " + vocabSize);
        }
        if (minFrequency < 1) {
            throw new IllegalArgumentException("minimum pair frequency must be at least 1, got " + minFrequency);
        }
        this.vocabSize = vocabSize;
        this.minFrequency = minFrequency;
    }

    public BpeVocabulary train(WordCounts corpus, Progress progress) {
        return new Run(corpus).train(progress);
    }

    /** One pair of adjacent tokens, its weighted count and the words it may occur in (possibly stale, repeated). */
    private static final class Pair {
        final int left;
        final int right;
        long count;
        boolean risen;
        int[] words = new int[2];
        int wordCount;

        Pair(int left, int right) {
            this.left = left;
            this.right = right;
        }

        void addWord(int word) {
            if (wordCount > 0 && words[wordCount - 1] == word) {
                return;
            }
            if (wordCount == words.length) {
                words = Arrays.copyOf(words, wordCount * 2);
            }
            words[wordCount++] = word;
        }
    }

    /** A queue entry; its count may be stale, and is checked when it comes out. */
    private record Candidate(long count, Pair pair) {}

    private static final Comparator<Candidate> BEST_FIRST = Comparator.comparingLong((Candidate c) -> -c.count())
            .thenComparingInt(c -> c.pair().left)
            .thenComparingInt(c -> c.pair().right);

    /** The mutable state of one training run. */
    private final class Run {
        final List<String> tokens = new ArrayList<>();
        final Map<String, Integer> ids = new HashMap<>();
        final List<BpeVocabulary.Merge> merges = new ArrayList<>();
        final int[][] words;
        final long[] wordCounts;
        final int[] lastVisit;
        final Map<Long, Pair> pairs = new HashMap<>();
        final PriorityQueue<Candidate> queue = new PriorityQueue<>(BEST_FIRST);
        /** Pairs whose count rose during the current merge; they are queued with their final count. */
        final List<Pair> risen = new ArrayList<>();

        Run(WordCounts corpus) {
            for (SpecialToken special : SpecialToken.values()) {
                addToken(special.content());
            }
            for (int b = 0; b < 256; b++) {
                addToken(String.valueOf(ByteLevel.symbol(b)));
            }
            int n = corpus.distinct();
            words = new int[n][];
            wordCounts = new long[n];
            lastVisit = new int[n];
            Arrays.fill(lastVisit, -1);
            int w = 0;
            for (Map.Entry<String, Long> entry : corpus.asMap().entrySet()) {
                String symbols = ByteLevel.symbols(entry.getKey());
                int[] word = new int[symbols.length()];
                for (int i = 0; i < word.length; i++) {
                    word[i] = ids.get(String.valueOf(symbols.charAt(i)));
                }
                words[w] = word;
                wordCounts[w] = entry.getValue();
                for (int i = 0; i + 1 < word.length; i++) {
                    change(word[i], word[i + 1], wordCounts[w], w);
                }
                w++;
            }
            queueRisen();
        }

        BpeVocabulary train(Progress progress) {
            progress.vocabularySize(tokens.size(), vocabSize);
            while (tokens.size() < vocabSize) {
                Candidate best = queue.poll();
                if (best == null) {
                    break;
                }
                Pair pair = best.pair();
                if (best.count() != pair.count) {
                    continue; // stale: the pair was queued again when its count changed, or it is gone
                }
                if (pair.count < minFrequency) {
                    break;
                }
                merge(pair);
                progress.vocabularySize(tokens.size(), vocabSize);
            }
            return new BpeVocabulary(tokens, merges);
        }

        void merge(Pair pair) {
            String left = tokens.get(pair.left);
            String right = tokens.get(pair.right);
            merges.add(new BpeVocabulary.Merge(left, right));
            String joined = left + right;
            // Should two merges ever spell the same token, they share its id (as Hugging Face's trainer does).
            Integer existing = ids.get(joined);
            int merged = existing != null ? existing : addToken(joined);
            int visit = merges.size();
            int[] candidates = pair.words;
            int candidateCount = pair.wordCount;
            for (int k = 0; k < candidateCount; k++) {
                int w = candidates[k];
                if (lastVisit[w] != visit) {
                    lastVisit[w] = visit;
                    mergeInWord(w, pair.left, pair.right, merged);
                }
            }
            pairs.remove(key(pair.left, pair.right));
            queueRisen();
        }

        void queueRisen() {
            for (Pair p : risen) {
                p.risen = false;
                if (p.count > 0) {
                    queue.add(new Candidate(p.count, p));
                }
            }
            risen.clear();
        }

        /** Replaces each occurrence of {@code a b} in word {@code w} by {@code merged}, updating the pair counts. */
        void mergeInWord(int w, int a, int b, int merged) {
            int[] word = words[w];
            long count = wordCounts[w];
            int[] out = null;
            int outLength = 0;
            for (int i = 0; i < word.length; i++) {
                if (i + 1 < word.length && word[i] == a && word[i + 1] == b) {
                    if (out == null) {
                        out = new int[word.length - 1];
                        System.arraycopy(word, 0, out, 0, i);
                        outLength = i;
                    }
                    if (outLength > 0) {
                        int previous = out[outLength - 1];
                        change(previous, a, -count, w);
                        change(previous, merged, count, w);
                    }
                    if (i + 2 < word.length) {
                        int next = word[i + 2];
                        change(b, next, -count, w);
                        change(merged, next, count, w);
                    }
                    change(a, b, -count, w);
                    out[outLength++] = merged;
                    i++;
                } else if (out != null) {
                    out[outLength++] = word[i];
                }
            }
            if (out != null) {
                words[w] = Arrays.copyOf(out, outLength);
            }
        }

        void change(int left, int right, long delta, int word) {
            Pair pair = pairs.computeIfAbsent(key(left, right), k -> new Pair(left, right));
            pair.count += delta;
            if (delta > 0) {
                pair.addWord(word);
                if (!pair.risen) {
                    pair.risen = true;
                    risen.add(pair);
                }
            }
        }

        int addToken(String token) {
            int id = tokens.size();
            tokens.add(token);
            ids.put(token, id);
            return id;
        }
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }
}
