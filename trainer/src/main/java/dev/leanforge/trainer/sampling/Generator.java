package dev.leanforge.trainer.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.leanforge.trainer.device.GradientMode;
import dev.leanforge.trainer.model.AttentionBias;
import dev.leanforge.trainer.model.CausalLm;
import dev.leanforge.trainer.model.KvCache;
import dev.leanforge.trainer.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Batched autoregressive generation. Prompts of different lengths are left-padded (padding is masked out of
 * attention and position ids start at each prompt's first real token), so every row continues from its own last
 * token. With the KV cache the prompts are run once and each step feeds one token per row; without it each step
 * reruns the whole sequence (kept for benchmarks and as the reference the cache is tested against).
 *
 * <p>Token choice happens on the JVM with a {@link Random} per row seeded from {@code (seed, row)}, so results
 * depend only on the seed, the prompts and the options, not on the device or on other rows.
 *
 * <p>A model may have more ids than its tokenizer (a {@code vocab_size} padded to a round number): ids the tokenizer
 * cannot decode are never sampled, as if their logits were −∞; a completion's log-probability stays the model's
 * over all its ids, as {@link SequenceScorer} computes it. A model with fewer ids than its tokenizer is refused
 * ({@link #requireVocabulary}).
 */
public final class Generator {

    private final CausalLm model;
    /** Ids that end a completion (a model may have several, e.g. Qwen3 ends a turn or the text). */
    private final int[] endIds;
    private final int padId;
    /** Ids {@code 0 … decodable-1} may be sampled. */
    private final int decodable;
    private final Function<int[], String> decoder;

    private Generator(CausalLm model, int[] endIds, int padId, int decodable, Function<int[], String> decoder) {
        this.model = model;
        this.endIds = endIds.clone();
        this.padId = padId;
        this.decodable = decodable;
        this.decoder = decoder;
    }

    /**
     * Generation that stops at the tokenizer's end token and decodes completions (and stop strings) with it.
     *
     * @throws IllegalArgumentException when the model has fewer ids than the tokenizer ({@link #requireVocabulary})
     */
    public Generator(CausalLm model, Tokenizer tokenizer) {
        this(model, tokenizer, new int[] {tokenizer.endId()});
    }

    /**
     * Generation that stops at any of {@code endIds} (a Hugging Face model's {@code eos_token_id} list) and decodes
     * with {@code tokenizer}.
     */
    public Generator(CausalLm model, Tokenizer tokenizer, int[] endIds) {
        this(model, endIds, tokenizer.padId(), tokenizer.vocabSize(), tokenizer::decode);
        if (endIds.length == 0) {
            throw new IllegalArgumentException("no end token");
        }
        requireVocabulary(model.vocabSize(), tokenizer.vocabSize());
    }

    /**
     * Refuses a model with fewer token ids than its tokenizer: a prompt could hold ids the model has no embedding
     * for. More ids are fine (sampling leaves the extra ones out).
     */
    public static void requireVocabulary(int modelIds, int tokenizerIds) {
        if (modelIds < tokenizerIds) {
            throw new IllegalArgumentException("the model has " + modelIds + " token ids (vocab_size) but its "
                    + "tokenizer " + tokenizerIds + "; a model needs at least as many ids as its tokenizer (use the "
                    + "tokenizer it was trained with)");
        }
    }

    /**
     * Generation on token ids alone, for benchmarks: no end token, so every row runs to {@code maxNewTokens}; texts
     * are empty and stop strings are refused.
     */
    public static Generator idsOnly(CausalLm model) {
        return new Generator(model, new int[0], 0, model.vocabSize(), null);
    }

    /** Generates one completion per prompt with the KV cache. */
    public List<Completion> generate(List<int[]> prompts, SamplingOptions options) {
        return generate(prompts, options, true);
    }

    /**
     * Generates one completion per prompt.
     *
     * @param prompts token ids, each already in the policy's prompt format and non-empty
     * @param useCache whether to decode with the KV cache
     */
    public List<Completion> generate(List<int[]> prompts, SamplingOptions options, boolean useCache) {
        int rows = prompts.size();
        int context = model.context();
        int longest = prompts.stream().mapToInt(p -> p.length).max().orElse(0);
        if (rows == 0) {
            return List.of();
        }
        if (prompts.stream().anyMatch(p -> p.length == 0)) {
            throw new IllegalArgumentException("empty prompt");
        }
        if (decoder == null && !options.stopStrings().isEmpty()) {
            throw new IllegalArgumentException("stop strings need a tokenizer to decode the text");
        }
        if (longest > context) {
            throw new IllegalArgumentException("a prompt of " + longest + " tokens does not fit the model's context of "
                    + context + " tokens");
        }
        int[] leftPad = new int[rows];
        Row[] state = new Row[rows];
        for (int b = 0; b < rows; b++) {
            leftPad[b] = longest - prompts.get(b).length;
            state[b] = new Row(new Random(options.seed() * 0x9E3779B97F4A7C15L + b));
        }
        // tokens[b] holds the left-padded prompt followed by everything generated so far.
        long[][] tokens = new long[rows][];
        for (int b = 0; b < rows; b++) {
            tokens[b] = new long[longest + options.maxNewTokens()];
            Arrays.fill(tokens[b], padId);
            int[] p = prompts.get(b);
            for (int t = 0; t < p.length; t++) {
                tokens[b][leftPad[b] + t] = p[t];
            }
        }

        GradientMode.withoutGradients(() -> {
            decode(tokens, longest, leftPad, state, options, useCache);
            return null;
        });
        List<Completion> out = new ArrayList<>(rows);
        for (Row row : state) {
            out.add(new Completion(row.text, row.ids(), row.logProb, row.finish,
                    row.tokenLogProbs.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return out;
    }

    /** Runs the model until every row has finished, filling {@code state} and {@code tokens}. */
    private void decode(long[][] tokens, int longest, int[] leftPad, Row[] state, SamplingOptions options,
            boolean useCache) {
        int rows = tokens.length;
        int context = model.context();
        try (NDManager scope = model.newScope();
                KvCache cache = useCache ? model.newCache(scope) : null) {
            int length = longest;
            float[] last = forward(scope, tokens, 0, length, leftPad, cache);
            int vocab = last.length / rows;
            int choosable = Math.min(vocab, decodable);
            for (int n = 1; ; n++) {
                boolean anyActive = false;
                for (int b = 0; b < rows; b++) {
                    Row row = state[b];
                    if (row.finish != null) {
                        continue;
                    }
                    int token = choose(last, b * vocab, choosable, options, row.random);
                    double tokenLogProb = logProb(last, b * vocab, vocab, token);
                    row.logProb += tokenLogProb;
                    row.tokenLogProbs.add(tokenLogProb);
                    if (isEnd(token)) {
                        row.finish = Completion.Finish.END;
                        continue;
                    }
                    row.ids.add(token);
                    tokens[b][length] = token;
                    int cut = -1;
                    if (decoder != null) {
                        row.text = decoder.apply(row.ids());
                        cut = firstStop(row.text, options);
                    }
                    if (cut >= 0) {
                        row.text = row.text.substring(0, cut);
                        row.finish = Completion.Finish.STOP_STRING;
                    } else if (n == options.maxNewTokens()) {
                        row.finish = Completion.Finish.MAX_TOKENS;
                    } else if (length >= context) {
                        row.finish = Completion.Finish.CONTEXT;
                    } else {
                        anyActive = true;
                    }
                }
                if (!anyActive) {
                    break;
                }
                length++;
                last = useCache
                        ? forward(scope, tokens, length - 1, length, leftPad, cache)
                        : forward(scope, tokens, 0, length, leftPad, null);
            }
        }
    }

    /**
     * Runs positions {@code from … to-1} of every row (all of them without a cache, the new ones with it) and
     * returns the logits of position {@code to-1}, {@code (rows × vocab)} flattened.
     */
    private float[] forward(NDManager scope, long[][] tokens, int from, int to, int[] leftPad, KvCache cache) {
        int rows = tokens.length;
        int queries = to - from;
        long[] ids = new long[rows * queries];
        long[] positions = new long[rows * queries];
        for (int b = 0; b < rows; b++) {
            for (int t = from; t < to; t++) {
                ids[b * queries + t - from] = tokens[b][t];
                positions[b * queries + t - from] = Math.max(0, t - leftPad[b]);
            }
        }
        try (NDManager step = scope.newSubManager()) {
            NDArray idArray = step.create(ids, new Shape(rows, queries));
            NDArray positionArray = step.create(positions, new Shape(rows, queries));
            NDArray bias = AttentionBias.causal(step, queries, to, leftPad);
            return model.lastLogits(idArray, positionArray, bias, cache).toFloatArray();
        }
    }

    private boolean isEnd(int token) {
        for (int id : endIds) {
            if (id == token) {
                return true;
            }
        }
        return false;
    }

    private static int firstStop(String text, SamplingOptions options) {
        int cut = -1;
        for (String stop : options.stopStrings()) {
            int at = text.indexOf(stop);
            if (at >= 0 && (cut < 0 || at < cut)) {
                cut = at;
            }
        }
        return cut;
    }

    /** Log-softmax of one row's logits at {@code token}, in double precision. */
    static double logProb(float[] logits, int offset, int vocab, int token) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) {
            max = Math.max(max, logits[offset + i]);
        }
        double sum = 0;
        for (int i = 0; i < vocab; i++) {
            sum += Math.exp(logits[offset + i] - max);
        }
        return logits[offset + token] - max - Math.log(sum);
    }

    /** Picks a token from one row's logits with temperature, top-k and top-p. */
    static int choose(float[] logits, int offset, int vocab, SamplingOptions options, Random random) {
        if (options.temperature() == 0) {
            int best = 0;
            for (int i = 1; i < vocab; i++) {
                if (logits[offset + i] > logits[offset + best]) {
                    best = i;
                }
            }
            return best;
        }
        // Candidates by descending logit; ties broken by the lower id so the order is deterministic.
        int[] order = byDescendingLogit(logits, offset, vocab);
        int keep = options.topK() > 0 ? Math.min(options.topK(), vocab) : vocab;
        double max = logits[offset + order[0]];
        double[] weights = new double[keep];
        double total = 0;
        for (int i = 0; i < keep; i++) {
            weights[i] = Math.exp((logits[offset + order[i]] - max) / options.temperature());
            total += weights[i];
        }
        if (options.topP() < 1) {
            double cumulative = 0;
            int nucleus = 0;
            while (nucleus < keep) {
                cumulative += weights[nucleus++];
                if (cumulative >= options.topP() * total) {
                    break;
                }
            }
            keep = nucleus;
            total = cumulative;
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < keep; i++) {
            u -= weights[i];
            if (u < 0) {
                return order[i];
            }
        }
        return order[keep - 1];
    }

    private static int[] byDescendingLogit(float[] logits, int offset, int vocab) {
        // Sort primitive longs: high bits order by descending logit, low bits carry the id.
        long[] keys = new long[vocab];
        for (int i = 0; i < vocab; i++) {
            int bits = Float.floatToIntBits(logits[offset + i]);
            int ascending = bits >= 0 ? bits : bits ^ 0x7fffffff;
            keys[i] = ((long) ~ascending << 32) | i;
        }
        Arrays.sort(keys);
        int[] order = new int[vocab];
        for (int i = 0; i < vocab; i++) {
            order[i] = (int) keys[i];
        }
        return order;
    }

    private static final class Row {
        final Random random;
        final List<Integer> ids = new ArrayList<>();
        final List<Double> tokenLogProbs = new ArrayList<>();
        double logProb;
        String text = "";
        Completion.Finish finish;

        Row(Random random) {
            this.random = random;
        }

        int[] ids() {
            return ids.stream().mapToInt(Integer::intValue).toArray();
        }
    }
}
