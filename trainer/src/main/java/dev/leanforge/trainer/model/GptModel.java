package dev.leanforge.trainer.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import dev.leanforge.trainer.device.Compute;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * A decoder-only GPT-style transformer: learned token and position embeddings, {@code n_layer} pre-norm blocks
 * (LayerNorm over the last axis, causal multi-head self-attention, residual; LayerNorm, GELU MLP, residual), a final
 * LayerNorm and a linear output projection that may reuse the token embedding.
 *
 * <p>The parameters are plain tensors with the names of {@link #parameterShapes} (documented in
 * {@code docs/model.md}); the forward pass is written with DJL's functional operators so the same code serves
 * training, full-sequence scoring and cached one-token-at-a-time decoding. Every result of a forward pass is
 * attached to the manager of the input ids, so a caller frees a whole step by closing its own sub-manager; the
 * parameters live in this model's manager until {@link #close}.
 */
public final class GptModel implements CausalLm {

    /** Standard deviation of the initial weights (GPT-2's choice). */
    static final double INIT_STD = 0.02;

    private final ModelConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> parameters;
    private final Block[] blocks;
    private final NDArray tokenEmbedding;
    private final NDArray positionEmbedding;
    private final NDArray finalNormWeight;
    private final NDArray finalNormBias;
    private final NDArray outputWeight;
    private final Shape normShape;

    /** One transformer block's tensors, looked up once so the forward pass does no map lookups. */
    private record Block(
            NDArray ln1Weight, NDArray ln1Bias, NDArray qkvWeight, NDArray qkvBias, NDArray attnProjWeight,
            NDArray attnProjBias, NDArray ln2Weight, NDArray ln2Bias, NDArray fcWeight, NDArray fcBias,
            NDArray mlpProjWeight, NDArray mlpProjBias) {}

    private GptModel(ModelConfig config, NDManager manager, Map<String, NDArray> parameters) {
        this.config = config;
        this.manager = manager;
        this.parameters = Collections.unmodifiableMap(parameters);
        this.blocks = new Block[config.layers()];
        for (int i = 0; i < blocks.length; i++) {
            String p = "h." + i + ".";
            blocks[i] = new Block(
                    parameters.get(p + "ln_1.weight"), parameters.get(p + "ln_1.bias"),
                    parameters.get(p + "attn.qkv.weight"), parameters.get(p + "attn.qkv.bias"),
                    parameters.get(p + "attn.proj.weight"), parameters.get(p + "attn.proj.bias"),
                    parameters.get(p + "ln_2.weight"), parameters.get(p + "ln_2.bias"),
                    parameters.get(p + "mlp.fc.weight"), parameters.get(p + "mlp.fc.bias"),
                    parameters.get(p + "mlp.proj.weight"), parameters.get(p + "mlp.proj.bias"));
        }
        this.tokenEmbedding = parameters.get("wte.weight");
        this.positionEmbedding = parameters.get("wpe.weight");
        this.finalNormWeight = parameters.get("ln_f.weight");
        this.finalNormBias = parameters.get("ln_f.bias");
        this.outputWeight = config.tieEmbeddings() ? tokenEmbedding : parameters.get("lm_head.weight");
        this.normShape = new Shape(config.width());
    }

    /**
     * Names and shapes of every stored tensor, in file order. Linear weights are {@code [out, in]} as in PyTorch's
     * {@code nn.Linear}; {@code lm_head.weight} exists only when the embeddings are not tied.
     */
    public static Map<String, Shape> parameterShapes(ModelConfig config) {
        long c = config.width();
        Map<String, Shape> shapes = new LinkedHashMap<>();
        shapes.put("wte.weight", new Shape(config.vocabSize(), c));
        shapes.put("wpe.weight", new Shape(config.context(), c));
        for (int i = 0; i < config.layers(); i++) {
            String p = "h." + i + ".";
            shapes.put(p + "ln_1.weight", new Shape(c));
            shapes.put(p + "ln_1.bias", new Shape(c));
            shapes.put(p + "attn.qkv.weight", new Shape(3 * c, c));
            shapes.put(p + "attn.qkv.bias", new Shape(3 * c));
            shapes.put(p + "attn.proj.weight", new Shape(c, c));
            shapes.put(p + "attn.proj.bias", new Shape(c));
            shapes.put(p + "ln_2.weight", new Shape(c));
            shapes.put(p + "ln_2.bias", new Shape(c));
            shapes.put(p + "mlp.fc.weight", new Shape(4 * c, c));
            shapes.put(p + "mlp.fc.bias", new Shape(4 * c));
            shapes.put(p + "mlp.proj.weight", new Shape(c, 4 * c));
            shapes.put(p + "mlp.proj.bias", new Shape(c));
        }
        shapes.put("ln_f.weight", new Shape(c));
        shapes.put("ln_f.bias", new Shape(c));
        if (!config.tieEmbeddings()) {
            shapes.put("lm_head.weight", new Shape(config.vocabSize(), c));
        }
        return shapes;
    }

    /**
     * A fresh model, initialised as GPT-2: weights ~ N(0, 0.02), the two residual output projections per block
     * ~ N(0, 0.02 / sqrt(2 · n_layer)), biases 0, LayerNorm gains 1. Drawn with {@link Random} from {@code seed} on
     * the JVM, so the same seed gives the same model on every device.
     */
    public static GptModel initialize(ModelConfig config, long seed, Device device) {
        Random random = new Random(seed);
        double residualStd = INIT_STD / Math.sqrt(2.0 * config.layers());
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : parameterShapes(config).entrySet()) {
            String name = e.getKey();
            float[] v = new float[Math.toIntExact(e.getValue().size())];
            boolean layerNorm = name.startsWith("ln_") || name.contains(".ln_");
            if (layerNorm && name.endsWith(".weight")) {
                Arrays.fill(v, 1f);
            } else if (!name.endsWith(".bias")) {
                double std = name.endsWith("proj.weight") ? residualStd : INIT_STD;
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (random.nextGaussian() * std);
                }
            }
            values.put(name, v);
        }
        return fromTensors(config, values, device);
    }

    /**
     * A model from stored tensors (e.g. a safetensors file).
     *
     * @throws IllegalArgumentException naming every missing, unexpected or wrongly sized tensor
     */
    public static GptModel fromTensors(ModelConfig config, Map<String, float[]> tensors, Device device) {
        Map<String, Shape> shapes = parameterShapes(config);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Shape> e : shapes.entrySet()) {
            float[] v = tensors.get(e.getKey());
            if (v == null) {
                problems.add("missing " + e.getKey() + " " + e.getValue());
            } else if (v.length != e.getValue().size()) {
                problems.add(e.getKey() + " has " + v.length + " values, expected " + e.getValue());
            }
        }
        Set<String> extra = new TreeSet<>(tensors.keySet());
        extra.removeAll(shapes.keySet());
        extra.forEach(name -> problems.add("unexpected tensor " + name));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("weights do not match the config: " + String.join("; ", problems));
        }
        NDManager manager = Compute.engine().newBaseManager(device);
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Shape> e : shapes.entrySet()) {
                NDArray array = manager.create(tensors.get(e.getKey()), e.getValue());
                array.setName(e.getKey());
                parameters.put(e.getKey(), array);
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        return new GptModel(config, manager, parameters);
    }

    /** A copy of every tensor on the JVM heap, in {@link #parameterShapes} order. */
    public Map<String, float[]> toTensors() {
        Map<String, float[]> out = new LinkedHashMap<>();
        parameters.forEach((name, array) -> out.put(name, array.toFloatArray()));
        return out;
    }

    public ModelConfig config() {
        return config;
    }

    @Override
    public int vocabSize() {
        return config.vocabSize();
    }

    @Override
    public int context() {
        return config.context();
    }

    @Override
    public Device device() {
        return manager.getDevice();
    }

    /** The trainable tensors by name (read-only map; the arrays are updated in place by optimisers). */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    /** A manager for one step's temporaries on this model's device; close it to free them. */
    @Override
    public NDManager newScope() {
        return manager.newSubManager();
    }

    /** Turns gradient recording for all parameters on (training) or off (inference). */
    public void requireGradients(boolean required) {
        parameters.values().forEach(p -> p.setRequiresGradient(required));
    }

    /**
     * Logits for every position of a batch, each position seeing only itself and earlier positions.
     *
     * @param ids token ids {@code (batch, time)}, int64, {@code time <= n_positions}
     * @return {@code (batch, time, vocab)} logits attached to the manager of {@code ids}
     */
    public NDArray logits(NDArray ids) {
        return project(hidden(ids));
    }

    /**
     * {@code log p(next token | prefix)} at chosen positions only, the building block of the SFT loss, sequence
     * scores and DPO. The output projection and softmax over the vocabulary, for small models the largest part of
     * the work, run only at those positions (the completion tokens, not the prompt or padding).
     *
     * @param inputs token ids {@code (batch, time)}
     * @param positions flat indices {@code b · time + t} of the positions to score, int64 {@code (n)}
     * @param targets the next token at each chosen position, int64 {@code (n)}
     * @return {@code (n)} log-probabilities attached to the manager of {@code inputs}
     */
    @Override
    public NDArray logSoftmaxAt(NDArray inputs, NDArray positions) {
        NDArray hidden = hidden(inputs).reshape(-1, config.width());
        return project(Embedding.embedding(positions, hidden, SparseFormat.DENSE).singletonOrThrow()).logSoftmax(-1);
    }

    @Override
    public NDArray targetLogProbs(NDArray inputs, NDArray positions, NDArray targets) {
        NDArray hidden = hidden(inputs).reshape(-1, config.width());
        // An embedding lookup is a differentiable row gather: (batch · time, C) -> (n, C).
        NDArray chosen = Embedding.embedding(positions, hidden, SparseFormat.DENSE).singletonOrThrow();
        return project(chosen).logSoftmax(-1).gather(targets.expandDims(-1), -1).squeeze(-1);
    }

    private NDArray hidden(NDArray ids) {
        int time = checkedTime(ids);
        NDManager scope = ids.getManager();
        return hidden(ids, scope.arange(0, time, 1, DataType.INT64), AttentionBias.causal(scope, time, time, null),
                null);
    }

    private int checkedTime(NDArray ids) {
        int time = Math.toIntExact(ids.getShape().get(1));
        if (time > config.context()) {
            throw new IllegalArgumentException(
                    time + " positions exceed the model's context of " + config.context() + " (n_positions)");
        }
        return time;
    }

    private NDArray project(NDArray hidden) {
        return Linear.linear(hidden, outputWeight).singletonOrThrow();
    }

    /**
     * The general forward pass, used by cached decoding.
     *
     * @param ids new token ids {@code (batch, queries)}
     * @param positions position ids of the new tokens, {@code (queries)} or {@code (batch, queries)}
     * @param bias additive attention bias {@code (1 or batch, 1, queries, keys)}: 0 where a query may attend, a
     *     large negative number where it may not; {@code keys} counts the cached positions plus the new ones
     * @param cache keys and values of earlier positions, extended in place with the new ones; null for none
     */
    public NDArray logits(NDArray ids, NDArray positions, NDArray bias, KvCache cache) {
        return project(hidden(ids, positions, bias, cache));
    }

    @Override
    public NDArray lastLogits(NDArray ids, NDArray positions, NDArray bias, KvCache cache) {
        return project(hidden(ids, positions, bias, cache).get(":, -1, :"));
    }

    /** The final LayerNorm's output {@code (batch, queries, C)}: everything but the output projection. */
    private NDArray hidden(NDArray ids, NDArray positions, NDArray bias, KvCache cache) {
        long batch = ids.getShape().get(0);
        long queries = ids.getShape().get(1);
        NDArray x = Embedding.embedding(ids, tokenEmbedding, SparseFormat.DENSE).singletonOrThrow()
                .add(Embedding.embedding(positions, positionEmbedding, SparseFormat.DENSE).singletonOrThrow());
        for (int i = 0; i < blocks.length; i++) {
            x = block(i, x, bias, cache, batch, queries);
        }
        return LayerNorm.layerNorm(x, normShape, finalNormWeight, finalNormBias, ModelConfig.LAYER_NORM_EPSILON)
                .singletonOrThrow();
    }

    private NDArray block(int index, NDArray x, NDArray bias, KvCache cache, long batch, long queries) {
        Block b = blocks[index];
        int heads = config.heads();
        int headDim = config.headDim();
        float eps = ModelConfig.LAYER_NORM_EPSILON;

        NDArray h = LayerNorm.layerNorm(x, normShape, b.ln1Weight, b.ln1Bias, eps).singletonOrThrow();
        // (B, T, 3C) -> (3, B, H, T, D): rows of qkv.weight are q, then k, then v; heads are contiguous D-blocks.
        NDArray qkv = Linear.linear(h, b.qkvWeight, b.qkvBias).singletonOrThrow()
                .reshape(batch, queries, 3, heads, headDim)
                .transpose(2, 0, 3, 1, 4);
        NDArray q = qkv.get(0);
        q = q.mul(scalar(q, 1.0 / Math.sqrt(headDim)));
        NDArray k = qkv.get(1);
        NDArray v = qkv.get(2);
        if (cache != null) {
            NDArray[] kv = cache.append(index, k, v);
            k = kv[0];
            v = kv[1];
        }
        NDArray attention = q.matMul(k.transpose(0, 1, 3, 2)).add(bias).softmax(-1);
        NDArray y = attention.matMul(v).transpose(0, 2, 1, 3).reshape(batch, queries, config.width());
        x = x.add(Linear.linear(y, b.attnProjWeight, b.attnProjBias).singletonOrThrow());

        h = LayerNorm.layerNorm(x, normShape, b.ln2Weight, b.ln2Bias, eps).singletonOrThrow();
        NDArray hidden = Activation.gelu(Linear.linear(h, b.fcWeight, b.fcBias).singletonOrThrow());
        return x.add(Linear.linear(hidden, b.mlpProjWeight, b.mlpProjBias).singletonOrThrow());
    }

    /**
     * A scalar operand that lives as long as {@code like}'s manager. Never pass a {@code Number} to an operation on
     * the differentiable path: DJL's {@code mul(Number)} and its siblings put the scalar in a tensor over a direct
     * buffer that only the Java wrapper keeps alive, close that wrapper after the forward op, and autograd's pointer
     * to it then reads whatever the garbage collector lets reuse the memory (see GptModelTest).
     */
    public static NDArray scalar(NDArray like, double value) {
        return like.getManager().create((float) value);
    }

    /** An empty cache whose tensors live in a sub-manager of {@code scope}. */
    @Override
    public KvCache newCache(NDManager scope) {
        return new KvCache(scope, config.layers());
    }

    @Override
    public void close() {
        manager.close();
    }
}
