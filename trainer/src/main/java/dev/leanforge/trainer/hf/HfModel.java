package dev.leanforge.trainer.hf;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.ByteOrder;
import dev.leanforge.trainer.device.Compute;
import dev.leanforge.trainer.model.AttentionBias;
import dev.leanforge.trainer.model.CausalLm;
import dev.leanforge.trainer.model.KvCache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Llama family of decoders as transformers runs them in float32 ({@code LlamaForCausalLM},
 * {@code MistralForCausalLM}, {@code Qwen2ForCausalLM}, {@code Qwen3ForCausalLM}): token embedding, {@code layers}
 * pre-norm blocks (RMSNorm, grouped-query self-attention with rotary positions, residual; RMSNorm, SwiGLU MLP,
 * residual), a final RMSNorm and the output projection (the embedding when tied). Qwen2 adds biases to q/k/v, Qwen3
 * normalises each head's query and key (RMSNorm over {@code head_dim}) before the rotation.
 *
 * <p>Parameters carry Hugging Face's names ({@link #parameterShapes}); the forward pass is written with DJL's
 * functional operators and serves full-sequence scoring and cached decoding ({@link CausalLm}).
 */
public final class HfModel implements CausalLm {

    private final HfConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> parameters;
    private final Layer[] layers;
    private final NDArray embedding;
    private final NDArray finalNorm;
    private final NDArray output;
    private final float[] inverseFrequencies;
    /** LoRA adapters by full module name ({@code model.layers.0.self_attn.q_proj}); empty without LoRA. */
    private final Map<String, Adapter> adapters = new LinkedHashMap<>();
    /** The same adapters by layer and module ({@link LoraConfig#MODULES} order), for the forward pass. */
    private Adapter[][] adapterTable;
    private LoraConfig lora;
    private boolean adaptersEnabled = true;
    private boolean training;

    /** One module's adapter: {@code A [r, in]}, {@code B [out, r]}. */
    private record Adapter(NDArray a, NDArray b) {}

    private record Layer(NDArray inputNorm, NDArray q, NDArray qBias, NDArray k, NDArray kBias, NDArray v,
            NDArray vBias, NDArray o, NDArray oBias, NDArray qNorm, NDArray kNorm, NDArray postNorm, NDArray gate,
            NDArray gateBias, NDArray up, NDArray upBias, NDArray down, NDArray downBias) {}

    private HfModel(HfConfig config, NDManager manager, Map<String, NDArray> parameters) {
        this.config = config;
        this.manager = manager;
        this.parameters = Collections.unmodifiableMap(parameters);
        this.layers = new Layer[config.layers()];
        for (int i = 0; i < layers.length; i++) {
            String p = "model.layers." + i + ".";
            String a = p + "self_attn.";
            String m = p + "mlp.";
            layers[i] = new Layer(parameters.get(p + "input_layernorm.weight"),
                    parameters.get(a + "q_proj.weight"), parameters.get(a + "q_proj.bias"),
                    parameters.get(a + "k_proj.weight"), parameters.get(a + "k_proj.bias"),
                    parameters.get(a + "v_proj.weight"), parameters.get(a + "v_proj.bias"),
                    parameters.get(a + "o_proj.weight"), parameters.get(a + "o_proj.bias"),
                    parameters.get(a + "q_norm.weight"), parameters.get(a + "k_norm.weight"),
                    parameters.get(p + "post_attention_layernorm.weight"),
                    parameters.get(m + "gate_proj.weight"), parameters.get(m + "gate_proj.bias"),
                    parameters.get(m + "up_proj.weight"), parameters.get(m + "up_proj.bias"),
                    parameters.get(m + "down_proj.weight"), parameters.get(m + "down_proj.bias"));
        }
        this.embedding = parameters.get("model.embed_tokens.weight");
        this.finalNorm = parameters.get("model.norm.weight");
        this.output = config.tieEmbeddings() ? embedding : parameters.get("lm_head.weight");
        this.inverseFrequencies = config.ropeScaling().inverseFrequencies(config.ropeTheta(), config.headDim());
    }

    /**
     * Every tensor's Hugging Face name and shape, in the order transformers lists a model's state dict. Linear
     * weights are {@code [out, in]}; {@code lm_head.weight} exists only when the embeddings are not tied.
     */
    public static Map<String, long[]> parameterShapes(HfConfig c) {
        long h = c.hidden();
        long q = (long) c.heads() * c.headDim();
        long kv = (long) c.kvHeads() * c.headDim();
        Map<String, long[]> s = new LinkedHashMap<>();
        s.put("model.embed_tokens.weight", new long[] {c.vocabSize(), h});
        for (int i = 0; i < c.layers(); i++) {
            String p = "model.layers." + i + ".";
            String a = p + "self_attn.";
            String m = p + "mlp.";
            s.put(a + "q_proj.weight", new long[] {q, h});
            if (c.qkvBias()) {
                s.put(a + "q_proj.bias", new long[] {q});
            }
            s.put(a + "k_proj.weight", new long[] {kv, h});
            if (c.qkvBias()) {
                s.put(a + "k_proj.bias", new long[] {kv});
            }
            s.put(a + "v_proj.weight", new long[] {kv, h});
            if (c.qkvBias()) {
                s.put(a + "v_proj.bias", new long[] {kv});
            }
            s.put(a + "o_proj.weight", new long[] {h, q});
            if (c.outputBias()) {
                s.put(a + "o_proj.bias", new long[] {h});
            }
            if (c.architecture().qkNorm()) {
                s.put(a + "q_norm.weight", new long[] {c.headDim()});
                s.put(a + "k_norm.weight", new long[] {c.headDim()});
            }
            s.put(m + "gate_proj.weight", new long[] {c.intermediate(), h});
            if (c.mlpBias()) {
                s.put(m + "gate_proj.bias", new long[] {c.intermediate()});
            }
            s.put(m + "up_proj.weight", new long[] {c.intermediate(), h});
            if (c.mlpBias()) {
                s.put(m + "up_proj.bias", new long[] {c.intermediate()});
            }
            s.put(m + "down_proj.weight", new long[] {h, c.intermediate()});
            if (c.mlpBias()) {
                s.put(m + "down_proj.bias", new long[] {h});
            }
            s.put(p + "input_layernorm.weight", new long[] {h});
            s.put(p + "post_attention_layernorm.weight", new long[] {h});
        }
        s.put("model.norm.weight", new long[] {h});
        if (!c.tieEmbeddings()) {
            s.put("lm_head.weight", new long[] {c.vocabSize(), h});
        }
        return s;
    }

    /** Parameters in all: the sum over {@link #parameterShapes} (a tied output projection counted once). */
    public static long parameterCount(HfConfig c) {
        long n = 0;
        for (long[] shape : parameterShapes(c).values()) {
            n += Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        }
        return n;
    }

    /**
     * Names a checkpoint may hold that the model does not use: old Llama checkpoints store the rotary
     * {@code inv_freq} buffers, and some tied checkpoints store {@code lm_head.weight} as well (transformers then
     * overwrites it with the embedding).
     */
    static boolean ignorable(HfConfig c, String name) {
        return name.endsWith("rotary_emb.inv_freq") || (c.tieEmbeddings() && name.equals("lm_head.weight"));
    }

    /**
     * A builder that receives tensors one at a time (so a loader streams them from disk into native memory) and
     * then checks that every parameter arrived.
     */
    public static final class Builder implements AutoCloseable {
        /** Largest block of a streamed tensor held in a Java (direct) buffer at once. */
        static final long BLOCK_BYTES = 64L << 20;

        private final long blockBytes;

        private final HfConfig config;
        private final Map<String, long[]> shapes;
        private final NDManager manager;
        private final Map<String, NDArray> arrays = new LinkedHashMap<>();
        private boolean built;

        public Builder(HfConfig config, Device device) {
            this(config, device, BLOCK_BYTES);
        }

        /** With blocks of at most {@code blockBytes} (tests use tiny ones to exercise the block boundaries). */
        Builder(HfConfig config, Device device, long blockBytes) {
            this.blockBytes = blockBytes;
            this.config = config;
            this.shapes = parameterShapes(config);
            this.manager = Compute.engine().newBaseManager(device);
        }

        /** Whether {@code name} is one of the model's parameters. */
        public boolean wants(String name) {
            return shapes.containsKey(name);
        }

        /**
         * Adds one parameter.
         *
         * @throws IllegalArgumentException for an unknown name, a second copy, or a shape other than the config's
         */
        public void put(String name, long[] shape, float[] values) {
            check(name, shape);
            keep(name, manager.create(values, new Shape(shape)));
        }

        /** Where a streamed tensor's values come from: {@code out.remaining()} float32 values from element {@code first}. */
        @FunctionalInterface
        public interface Source {
            void read(long first, FloatBuffer out) throws IOException;
        }

        /**
         * Adds one parameter read from {@code source} in blocks of rows of at most {@value #BLOCK_BYTES} bytes, each
         * converted into a direct buffer and copied into PyTorch's memory: nothing of the size of the tensor on the
         * heap or in direct memory (DJL cannot create a tensor of 2 GiB or more from one Java buffer anyway, and
         * Qwen3-8B's embedding is 2.5 GB in float32).
         */
        public void put(String name, long[] shape, Source source) throws IOException {
            check(name, shape);
            long count = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
            long rows = shape.length == 0 ? 1 : shape[0];
            if (count == 0) {
                keep(name, manager.zeros(new Shape(shape)));
                return;
            }
            long rowElements = count / rows;
            long rowsPerBlock = Math.max(1, blockBytes / (4 * rowElements));
            List<NDArray> blocks = new ArrayList<>();
            try {
                for (long r = 0; r < rows; r += rowsPerBlock) {
                    long n = Math.min(rowsPerBlock, rows - r);
                    ByteBuffer direct = ByteBuffer.allocateDirect(Math.toIntExact(4 * n * rowElements))
                            .order(ByteOrder.nativeOrder());
                    source.read(r * rowElements, direct.asFloatBuffer());
                    long[] blockShape = shape.clone();
                    if (blockShape.length > 0) {
                        blockShape[0] = n;
                    }
                    NDArray view = manager.create(direct, new Shape(blockShape), DataType.FLOAT32);
                    blocks.add(view.duplicate());
                    view.close();
                }
                NDArray whole = blocks.size() == 1 ? blocks.remove(0) : NDArrays.concat(new NDList(blocks), 0);
                whole.setName(name);
                arrays.put(name, whole);
            } finally {
                blocks.forEach(NDArray::close);
            }
        }

        private void check(String name, long[] shape) {
            long[] expected = shapes.get(name);
            if (expected == null) {
                throw new IllegalArgumentException("unexpected tensor " + name);
            }
            if (!Arrays.equals(expected, shape)) {
                throw new IllegalArgumentException("tensor " + name + " has shape " + Arrays.toString(shape)
                        + " but config.json implies " + Arrays.toString(expected));
            }
            if (arrays.containsKey(name)) {
                throw new IllegalArgumentException("tensor " + name + " is stored twice");
            }
        }

        /**
         * Keeps a copy that PyTorch owns. An array DJL creates from Java data stays a view of a direct buffer for its
         * whole life, so the weights would count against the JVM's direct-memory limit ({@code
         * -XX:MaxDirectMemorySize}, by default the maximum heap): a Qwen3-8B in float32 (33 GB) would not fit. The
         * copy frees the buffer when the garbage collector next runs, so only the tensor being loaded is held there.
         */
        private void keep(String name, NDArray viewOfBuffer) {
            NDArray owned = viewOfBuffer.duplicate();
            viewOfBuffer.close();
            owned.setName(name);
            arrays.put(name, owned);
        }

        public HfModel build() {
            List<String> missing = new ArrayList<>();
            shapes.forEach((name, shape) -> {
                if (!arrays.containsKey(name)) {
                    missing.add(name + " " + Arrays.toString(shape));
                }
            });
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("weights do not match config.json: missing " + missing);
            }
            Map<String, NDArray> ordered = new LinkedHashMap<>();
            shapes.keySet().forEach(n -> ordered.put(n, arrays.get(n)));
            built = true;
            return new HfModel(config, manager, ordered);
        }

        @Override
        public void close() {
            if (!built) {
                manager.close();
            }
        }
    }

    /**
     * A model from tensors on the heap (tests, conversions).
     *
     * @throws IllegalArgumentException naming every missing, unexpected or wrongly sized tensor
     */
    public static HfModel fromTensors(HfConfig config, Map<String, float[]> tensors, Device device) {
        Map<String, long[]> shapes = parameterShapes(config);
        Set<String> extra = new TreeSet<>(tensors.keySet());
        extra.removeAll(shapes.keySet());
        extra.removeIf(name -> ignorable(config, name));
        if (!extra.isEmpty()) {
            throw new IllegalArgumentException("weights do not match config.json: unexpected " + extra);
        }
        try (Builder builder = new Builder(config, device)) {
            for (Map.Entry<String, long[]> e : shapes.entrySet()) {
                float[] v = tensors.get(e.getKey());
                if (v == null) {
                    continue; // reported by build()
                }
                long size = Arrays.stream(e.getValue()).reduce(1, (x, y) -> x * y);
                if (v.length != size) {
                    throw new IllegalArgumentException("tensor " + e.getKey() + " has " + v.length
                            + " values, config.json implies " + Arrays.toString(e.getValue()));
                }
                builder.put(e.getKey(), e.getValue(), v);
            }
            return builder.build();
        }
    }

    /** A copy of every parameter on the heap, in {@link #parameterShapes} order. */
    public Map<String, float[]> toTensors() {
        Map<String, float[]> out = new LinkedHashMap<>();
        parameters.forEach((name, array) -> out.put(name, array.toFloatArray()));
        return out;
    }

    public HfConfig config() {
        return config;
    }

    /** The parameters by name (read-only map). */
    public Map<String, NDArray> parameters() {
        return parameters;
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

    @Override
    public NDManager newScope() {
        return manager.newSubManager();
    }

    @Override
    public KvCache newCache(NDManager scope) {
        return new KvCache(scope, config.layers());
    }

    /** Logits {@code (batch, time, vocab)} of a causal pass over {@code ids}, positions {@code 0 … time-1}. */
    public NDArray logits(NDArray ids) {
        return project(hidden(ids));
    }

    /** Logits {@code (batch, queries, vocab)} of the general forward pass (see {@link #lastLogits}). */
    public NDArray logits(NDArray ids, NDArray positions, NDArray bias, KvCache cache) {
        return project(hidden(ids, positions, bias, cache));
    }

    @Override
    public NDArray lastLogits(NDArray ids, NDArray positions, NDArray bias, KvCache cache) {
        return project(hidden(ids, positions, bias, cache).get(":, -1, :"));
    }

    @Override
    public NDArray logSoftmaxAt(NDArray inputs, NDArray positions) {
        NDArray hidden = hidden(inputs).reshape(-1, config.hidden());
        return project(Embedding.embedding(positions, hidden, SparseFormat.DENSE).singletonOrThrow()).logSoftmax(-1);
    }

    @Override
    public NDArray targetLogProbs(NDArray inputs, NDArray positions, NDArray targets) {
        NDArray hidden = hidden(inputs).reshape(-1, config.hidden());
        NDArray chosen = Embedding.embedding(positions, hidden, SparseFormat.DENSE).singletonOrThrow();
        return project(chosen).logSoftmax(-1).gather(targets.expandDims(-1), -1).squeeze(-1);
    }

    private NDArray hidden(NDArray ids) {
        int time = Math.toIntExact(ids.getShape().get(1));
        NDManager scope = ids.getManager();
        return hidden(ids, scope.arange(0, time, 1, DataType.INT64), AttentionBias.causal(scope, time, time, null),
                null);
    }

    private NDArray project(NDArray hidden) {
        return Linear.linear(hidden, output).singletonOrThrow();
    }

    /** The final RMSNorm's output {@code (batch, queries, hidden)}. */
    private NDArray hidden(NDArray ids, NDArray positions, NDArray bias, KvCache cache) {
        long batch = ids.getShape().get(0);
        long queries = ids.getShape().get(1);
        long cached = cache == null ? 0 : cache.length();
        if (cached + queries > config.context()) {
            throw new IllegalArgumentException((cached + queries) + " positions exceed the model's context of "
                    + config.context() + (config.slidingWindow() > 0 && config.slidingWindow() < config.maxPositions()
                            ? " (sliding_window)" : " (max_position_embeddings)"));
        }
        NDArray[] rotation = rotation(positions, batch, queries);
        NDArray x = Embedding.embedding(ids, embedding, SparseFormat.DENSE).singletonOrThrow();
        for (int i = 0; i < layers.length; i++) {
            x = layer(i, x, rotation[0], rotation[1], bias, cache, batch, queries);
        }
        return rmsNorm(x, finalNorm);
    }

    /**
     * cos and sin of the rotary angles, {@code (1 or batch, 1, queries, headDim)}, computed on the JVM as transformers
     * computes them in float32: angle {@code = position · inv_freq[i]} rounded to float32, repeated for the two halves
     * of the head ({@code cat(freqs, freqs)}).
     */
    private NDArray[] rotation(NDArray positions, long batch, long queries) {
        long[] pos = positions.toLongArray();
        int rows = positions.getShape().dimension() == 1 ? 1 : Math.toIntExact(batch);
        int d = config.headDim();
        int half = d / 2;
        float[] cos = new float[Math.toIntExact(rows * queries * d)];
        float[] sin = new float[cos.length];
        for (int r = 0; r < pos.length; r++) {
            float p = pos[r];
            int base = r * d;
            for (int i = 0; i < half; i++) {
                float angle = p * inverseFrequencies[i];
                float c = (float) Math.cos(angle);
                float s = (float) Math.sin(angle);
                cos[base + i] = c;
                cos[base + half + i] = c;
                sin[base + i] = s;
                sin[base + half + i] = s;
            }
        }
        NDManager scope = positions.getManager();
        Shape shape = new Shape(rows, 1, queries, d);
        return new NDArray[] {scope.create(cos, shape), scope.create(sin, shape)};
    }

    private NDArray layer(int index, NDArray x, NDArray cos, NDArray sin, NDArray bias, KvCache cache, long batch,
            long queries) {
        Layer l = layers[index];
        int heads = config.heads();
        int kvHeads = config.kvHeads();
        int d = config.headDim();
        long groups = config.groups();

        NDArray h = rmsNorm(x, l.inputNorm);
        NDArray q = linear(index, "q_proj", h, l.q, l.qBias).reshape(batch, queries, heads, d);
        NDArray k = linear(index, "k_proj", h, l.k, l.kBias).reshape(batch, queries, kvHeads, d);
        NDArray v = linear(index, "v_proj", h, l.v, l.vBias).reshape(batch, queries, kvHeads, d);
        if (l.qNorm != null) {
            q = rmsNorm(q, l.qNorm);
            k = rmsNorm(k, l.kNorm);
        }
        q = rotate(q.transpose(0, 2, 1, 3), cos, sin); // (B, H, T, D)
        k = rotate(k.transpose(0, 2, 1, 3), cos, sin); // (B, KV, T, D)
        v = v.transpose(0, 2, 1, 3);
        if (cache != null) {
            NDArray[] kv = cache.append(index, k, v);
            k = kv[0];
            v = kv[1];
        }
        long keys = k.getShape().get(2);
        // Grouped-query attention without copying keys and values: query head g·groups + r uses key/value head g,
        // so the query heads of one group are stacked along the time axis, (B, KV, groups·T, D).
        NDArray grouped = q.reshape(batch, kvHeads, groups * queries, d);
        NDArray scores = grouped.matMul(k.transpose(0, 1, 3, 2)).mul(scalar(x, 1.0 / Math.sqrt(d)))
                .reshape(batch, kvHeads, groups, queries, keys)
                .add(bias.expandDims(1))
                .softmax(-1)
                .reshape(batch, kvHeads, groups * queries, keys);
        NDArray y = scores.matMul(v)
                .reshape(batch, heads, queries, d)
                .transpose(0, 2, 1, 3)
                .reshape(batch, queries, (long) heads * d);
        x = x.add(linear(index, "o_proj", y, l.o, l.oBias));

        h = rmsNorm(x, l.postNorm);
        NDArray gate = linear(index, "gate_proj", h, l.gate, l.gateBias);
        NDArray up = linear(index, "up_proj", h, l.up, l.upBias);
        NDArray act = gate.mul(Activation.sigmoid(gate)).mul(up); // SiLU(gate) · up
        return x.add(linear(index, "down_proj", act, l.down, l.downBias));
    }

    /**
     * A linear module: {@code x·Wᵀ + b}, plus {@code (alpha / r) · B(A(dropout(x)))} when it carries an enabled
     * LoRA adapter (dropout only while training with autograd on).
     */
    private NDArray linear(int layer, String module, NDArray x, NDArray weight, NDArray bias) {
        NDArray y = Linear.linear(x, weight, bias).singletonOrThrow();
        if (adapters.isEmpty() || !adaptersEnabled) {
            return y;
        }
        Adapter adapter = adapterTable[layer][LoraConfig.MODULES.indexOf(module)];
        if (adapter == null) {
            return y;
        }
        NDArray in = x;
        if (training && lora.dropout() > 0 && JniUtils.isGradMode()) {
            in = Dropout.dropout(x, (float) lora.dropout(), true).singletonOrThrow();
        }
        NDArray low = Linear.linear(in, adapter.a).singletonOrThrow();
        NDArray delta = Linear.linear(low, adapter.b).singletonOrThrow();
        return y.add(delta.mul(scalar(delta, lora.scale())));
    }

    /**
     * Adds LoRA adapters on {@code config}'s modules of every layer: {@code A} kaiming-uniform as PEFT draws it
     * ({@code U(-1/sqrt(in), 1/sqrt(in))}, from {@code seed}), {@code B} zero, so the model computes exactly what
     * it did. The base weights stay as they are (and are never given gradients).
     *
     * @throws IllegalStateException when the model has adapters already
     */
    public void addLora(LoraConfig config, long seed) {
        java.util.Random random = new java.util.Random(seed);
        Map<String, float[]> values = new LinkedHashMap<>();
        for (int i = 0; i < layers.length; i++) {
            for (String module : config.targets()) {
                String name = LoraConfig.moduleName(i, module);
                long[] shape = parameterShapes(this.config).get(name + ".weight");
                int in = Math.toIntExact(shape[1]);
                float[] a = new float[config.r() * in];
                double bound = 1 / Math.sqrt(in);
                for (int j = 0; j < a.length; j++) {
                    a[j] = (float) ((random.nextDouble() * 2 - 1) * bound);
                }
                values.put(name + ".lora_A.weight", a);
                values.put(name + ".lora_B.weight", new float[Math.toIntExact(shape[0]) * config.r()]);
            }
        }
        setLora(config, values);
    }

    /**
     * Installs adapters from values named {@code <module>.lora_A.weight} and {@code <module>.lora_B.weight}
     * ({@link #loraShapes}).
     *
     * @throws IllegalArgumentException naming a missing, unexpected or wrongly sized tensor
     */
    public void setLora(LoraConfig config, Map<String, float[]> values) {
        if (lora != null) {
            throw new IllegalStateException("the model has LoRA adapters already");
        }
        Map<String, long[]> shapes = loraShapes(this.config, config);
        Set<String> extra = new TreeSet<>(values.keySet());
        extra.removeAll(shapes.keySet());
        List<String> wrong = new ArrayList<>();
        if (!extra.isEmpty()) {
            wrong.add("unexpected " + extra);
        }
        shapes.forEach((name, shape) -> {
            float[] v = values.get(name);
            if (v == null) {
                wrong.add("missing " + name + " " + Arrays.toString(shape));
            } else if (v.length != shape[0] * shape[1]) {
                wrong.add(name + " has " + v.length + " values, expected " + Arrays.toString(shape));
            }
        });
        if (!wrong.isEmpty()) {
            throw new IllegalArgumentException("LoRA adapter does not match the model: " + String.join("; ", wrong));
        }
        adapterTable = new Adapter[layers.length][LoraConfig.MODULES.size()];
        for (int i = 0; i < layers.length; i++) {
            for (String module : config.targets()) {
                String name = LoraConfig.moduleName(i, module);
                Adapter adapter = new Adapter(owned(name + ".lora_A.weight", values, shapes),
                        owned(name + ".lora_B.weight", values, shapes));
                adapters.put(name, adapter);
                adapterTable[i][LoraConfig.MODULES.indexOf(module)] = adapter;
            }
        }
        lora = config;
    }

    private NDArray owned(String name, Map<String, float[]> values, Map<String, long[]> shapes) {
        NDArray view = manager.create(values.get(name), new Shape(shapes.get(name)));
        NDArray owned = view.duplicate();
        view.close();
        owned.setName(name);
        return owned;
    }

    /** Names and shapes of the adapter tensors {@code lora} puts on a model of {@code config}, layer by layer. */
    public static Map<String, long[]> loraShapes(HfConfig config, LoraConfig lora) {
        Map<String, long[]> base = parameterShapes(config);
        Map<String, long[]> out = new LinkedHashMap<>();
        for (int i = 0; i < config.layers(); i++) {
            for (String module : lora.targets()) {
                String name = LoraConfig.moduleName(i, module);
                long[] w = base.get(name + ".weight");
                out.put(name + ".lora_A.weight", new long[] {lora.r(), w[1]});
                out.put(name + ".lora_B.weight", new long[] {w[0], lora.r()});
            }
        }
        return out;
    }

    /** The LoRA settings, or null without adapters. */
    public LoraConfig lora() {
        return lora;
    }

    /** The adapter tensors by name ({@code <module>.lora_A.weight}, {@code .lora_B.weight}); empty without. */
    public Map<String, NDArray> loraParameters() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        adapters.forEach((name, a) -> {
            out.put(name + ".lora_A.weight", a.a);
            out.put(name + ".lora_B.weight", a.b);
        });
        return out;
    }

    /** A copy of the adapter tensors on the heap. */
    public Map<String, float[]> loraTensors() {
        Map<String, float[]> out = new LinkedHashMap<>();
        loraParameters().forEach((name, array) -> out.put(name, array.toFloatArray()));
        return out;
    }

    /** Turns the adapters off (the base model alone, e.g. DPO's reference) or on again. */
    public void enableAdapters(boolean enabled) {
        this.adaptersEnabled = enabled;
    }

    /** Training mode: gradients for the adapters and LoRA dropout (the base weights are never trained). */
    public void trainAdapters(boolean on) {
        training = on;
        loraParameters().values().forEach(p -> p.setRequiresGradient(on));
    }

    /**
     * Folds the adapters into the base weights, {@code W ← W + (alpha / r) · B·A}, and removes them: the model then
     * computes what it computed with them, as a plain model.
     */
    public void mergeLora() {
        if (lora == null) {
            return;
        }
        adapters.forEach((name, a) -> {
            NDArray weight = parameters.get(name + ".weight");
            try (NDManager scope = manager.newSubManager()) {
                NDArray product = a.b.matMul(a.a);
                product.attach(scope);
                weight.addi(product.mul(lora.scale()));
            }
            a.a.close();
            a.b.close();
        });
        adapters.clear();
        adapterTable = null;
        lora = null;
    }

    /** {@code x · cos + rotate_half(x) · sin} with {@code rotate_half(x) = cat(-x[D/2:], x[:D/2])}. */
    private NDArray rotate(NDArray x, NDArray cos, NDArray sin) {
        int half = config.headDim() / 2;
        NDArray first = x.get("..., :" + half);
        NDArray second = x.get("..., " + half + ":");
        NDArray rotated = NDArrays.concat(new NDList(second.neg(), first), -1);
        return x.mul(cos).add(rotated.mul(sin));
    }

    /** transformers' RMSNorm: {@code weight · x / sqrt(mean(x²) + eps)} over the last axis, in float32. */
    private NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray variance = x.mul(x).mean(new int[] {-1}, true);
        return x.div(variance.add(scalar(x, config.rmsNormEps())).sqrt()).mul(weight);
    }

    /** A scalar operand kept by {@code like}'s manager (see {@code GptModel.scalar}). */
    private static NDArray scalar(NDArray like, double value) {
        return like.getManager().create((float) value);
    }

    @Override
    public void close() {
        manager.close();
    }
}
