package dev.leanforge.trainer.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leanforge.trainer.checkpoint.Safetensors;
import dev.leanforge.trainer.checkpoint.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A LoRA adapter in PEFT's layout, as {@code peft.PeftModel.save_pretrained} writes it and
 * {@code PeftModel.from_pretrained} reads it: {@code adapter_config.json} ({@code peft_type LORA}, {@code r},
 * {@code lora_alpha}, {@code lora_dropout}, {@code target_modules}, {@code base_model_name_or_path},
 * {@code task_type CAUSAL_LM}, {@code bias none}) and {@code adapter_model.safetensors} with PEFT's names,
 * {@code base_model.model.model.layers.N.self_attn.q_proj.lora_A.weight} ({@code [r, in]}) and {@code …lora_B.weight}
 * ({@code [out, r]}), float32.
 *
 * <p>What PEFT can express beyond that is refused by name on load: DoRA, rsLoRA, per-module ranks or alphas
 * ({@code rank_pattern}, {@code alpha_pattern}), biases, {@code modules_to_save}, {@code layers_to_transform},
 * {@code fan_in_fan_out}, a regular expression as {@code target_modules}.
 */
public final class PeftAdapter {

    public static final String CONFIG = "adapter_config.json";
    public static final String WEIGHTS = "adapter_model.safetensors";
    /** What PEFT puts before a module's name in the file. */
    public static final String PREFIX = "base_model.model.";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A loaded adapter: its settings, the base it was trained on, and its tensors under our (unprefixed) names. */
    public record Adapter(LoraConfig config, String baseModel, Map<String, float[]> tensors) {}

    private PeftAdapter() {}

    /** Whether {@code dir} holds a PEFT adapter. */
    public static boolean isAdapterDirectory(Path dir) {
        return Files.isRegularFile(dir.resolve(CONFIG));
    }

    /**
     * The local base an adapter names ({@code base_model_name_or_path}, relative to the adapter when relative): a
     * Hugging Face model directory, or another adapter (an adapter trained on base + adapter, as a chain of
     * LoRA runs produces).
     *
     * @throws IOException when it names neither on this machine (a hub id, say)
     */
    public static Path baseOf(Path adapterDir) throws IOException {
        String name = JSON.readTree(adapterDir.resolve(CONFIG).toFile()).path("base_model_name_or_path").asText("");
        Path base = name.isEmpty() ? null : adapterDir.resolve(name).normalize();
        if (base == null || !(HfCheckpoint.isHfDirectory(base) || isAdapterDirectory(base))) {
            throw new IOException(adapterDir + ": its base_model_name_or_path \"" + name + "\" is not a Hugging "
                    + "Face model directory (or adapter) here; name the base and the adapter separately");
        }
        return base;
    }

    /** Most adapters a chain may hold before it is taken for a cycle. */
    static final int MAX_CHAIN = 1_000;

    /**
     * {@code dir} and the bases it stands on, down to the Hugging Face model: {@code [dir]} for a model directory,
     * {@code [adapter, …, model]} for an adapter.
     */
    public static List<Path> chain(Path dir) throws IOException {
        List<Path> chain = new ArrayList<>();
        Path at = dir;
        while (isAdapterDirectory(at)) {
            if (chain.size() >= MAX_CHAIN || chain.contains(at.toAbsolutePath().normalize())) {
                throw new IOException(dir + ": adapters name each other as their base in a cycle: " + chain);
            }
            chain.add(at.toAbsolutePath().normalize());
            at = baseOf(at);
        }
        if (!HfCheckpoint.isHfDirectory(at)) {
            throw new IOException(at + " is neither a Hugging Face model directory nor a PEFT adapter");
        }
        chain.add(at.toAbsolutePath().normalize());
        return chain;
    }

    /** The Hugging Face model at the bottom of {@link #chain}. */
    public static Path root(Path dir) throws IOException {
        List<Path> chain = chain(dir);
        return chain.get(chain.size() - 1);
    }

    /**
     * The model {@code dir} stands for, as plain weights: a Hugging Face directory as it is; an adapter folded into
     * its base (recursively, each adapter of the chain merged in turn, base first).
     */
    public static HfModel loadMerged(Path dir, ai.djl.Device device) throws IOException {
        List<Path> chain = chain(dir);
        HfModel model = HfCheckpoint.load(chain.get(chain.size() - 1), device);
        try {
            for (int i = chain.size() - 2; i >= 0; i--) {
                load(model, chain.get(i));
                model.mergeLora();
            }
            return model;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Writes {@code model}'s adapters into {@code dir} (created if needed). */
    public static void save(HfModel model, Path dir, String baseModel) throws IOException {
        LoraConfig lora = model.lora();
        if (lora == null) {
            throw new IllegalStateException("the model has no LoRA adapters to save");
        }
        Files.createDirectories(dir);
        writeConfig(dir.resolve(CONFIG), lora, baseModel);
        Map<String, long[]> shapes = HfModel.loraShapes(model.config(), lora);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.loraTensors().forEach((name, v) -> tensors.put(PREFIX + name, new Tensor(shapes.get(name), v)));
        Safetensors.write(dir.resolve(WEIGHTS), tensors, Map.of("format", "pt"));
    }

    static void writeConfig(Path file, LoraConfig lora, String baseModel) throws IOException {
        ObjectNode c = JSON.createObjectNode();
        c.putObject("alpha_pattern");
        c.putNull("auto_mapping");
        c.put("base_model_name_or_path", baseModel);
        c.put("bias", "none");
        c.put("fan_in_fan_out", false);
        c.put("inference_mode", true);
        c.put("init_lora_weights", true);
        c.putNull("layers_pattern");
        c.putNull("layers_to_transform");
        c.put("lora_alpha", lora.alpha());
        c.put("lora_dropout", lora.dropout());
        c.putNull("modules_to_save");
        c.put("peft_type", "LORA");
        c.put("r", lora.r());
        c.putObject("rank_pattern");
        c.putNull("revision");
        ArrayNode targets = c.putArray("target_modules");
        lora.targets().forEach(targets::add);
        c.put("task_type", "CAUSAL_LM");
        c.put("use_dora", false);
        c.put("use_rslora", false);
        JSON.writeValue(file.toFile(), c);
    }

    /** Reads {@code adapter_config.json}. */
    public static LoraConfig readConfig(Path dir) throws IOException {
        return parseConfig(dir.resolve(CONFIG));
    }

    private static LoraConfig parseConfig(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no adapter_config.json: is this a PEFT adapter?");
        }
        JsonNode c = JSON.readTree(file.toFile());
        List<String> wrong = new ArrayList<>();
        String type = c.path("peft_type").asText("");
        if (!type.equals("LORA")) {
            wrong.add("peft_type " + (type.isEmpty() ? "missing" : type) + " (only LORA)");
        }
        String task = c.path("task_type").asText("CAUSAL_LM");
        if (!task.equals("CAUSAL_LM")) {
            wrong.add("task_type " + task + " (only CAUSAL_LM)");
        }
        String bias = c.path("bias").asText("none");
        if (!bias.equals("none")) {
            wrong.add("bias " + bias + " (only none)");
        }
        for (String flag : List.of("use_dora", "use_rslora", "fan_in_fan_out")) {
            if (c.path(flag).asBoolean(false)) {
                wrong.add(flag + " true");
            }
        }
        for (String pattern : List.of("rank_pattern", "alpha_pattern")) {
            if (c.path(pattern).isObject() && c.path(pattern).size() > 0) {
                wrong.add(pattern + " (per-module ranks and alphas)");
            }
        }
        for (String unsupported : List.of("modules_to_save", "layers_to_transform")) {
            JsonNode n = c.path(unsupported);
            if (!n.isMissingNode() && !n.isNull() && !(n.isArray() && n.isEmpty())) {
                wrong.add(unsupported + " " + n);
            }
        }
        JsonNode targetsNode = c.path("target_modules");
        List<String> targets = new ArrayList<>();
        if (targetsNode.isArray()) {
            targetsNode.forEach(t -> targets.add(t.asText()));
            // PEFT stores a set, in no fixed order: use the layer's own order.
            targets.sort(java.util.Comparator.comparingInt(t -> LoraConfig.MODULES.indexOf(t) < 0
                    ? Integer.MAX_VALUE : LoraConfig.MODULES.indexOf(t)));
        } else if (targetsNode.isTextual()) {
            wrong.add("target_modules as a regular expression (\"" + targetsNode.asText() + "\"); list the modules");
        } else {
            wrong.add("no target_modules");
        }
        if (!c.path("r").isNumber() || !c.path("lora_alpha").isNumber()) {
            wrong.add("r and lora_alpha must be numbers");
        }
        if (!wrong.isEmpty()) {
            throw new IOException(file + ": unsupported adapter: " + String.join("; ", wrong));
        }
        try {
            return new LoraConfig(c.get("r").asInt(), c.get("lora_alpha").asDouble(),
                    c.path("lora_dropout").asDouble(0), targets);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the adapter in {@code dir}: config and tensors (any of F32, BF16, F16, widened to float32). */
    public static Adapter read(Path dir) throws IOException {
        LoraConfig config = readConfig(dir);
        String base = JSON.readTree(dir.resolve(CONFIG).toFile()).path("base_model_name_or_path").asText("");
        Path file = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null,
                    "no " + WEIGHTS + " (adapter_model.bin, PyTorch's pickle format, is not read)");
        }
        Map<String, float[]> tensors = new LinkedHashMap<>();
        try (Safetensors.Reader reader = Safetensors.open(file)) {
            for (String name : reader.names()) {
                String ours = name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name;
                // PEFT before 0.4 and some trainers keep the adapter's name: lora_A.default.weight.
                ours = ours.replace(".lora_A.default.weight", ".lora_A.weight")
                        .replace(".lora_B.default.weight", ".lora_B.weight");
                tensors.put(ours, reader.floats(name));
            }
        }
        return new Adapter(config, base, tensors);
    }

    /** Puts the adapter of {@code dir} on {@code model} (shapes checked against the model). */
    public static LoraConfig load(HfModel model, Path dir) throws IOException {
        Adapter adapter = read(dir);
        try {
            model.setLora(adapter.config(), adapter.tensors());
        } catch (IllegalArgumentException e) {
            throw new IOException(dir + ": " + e.getMessage(), e);
        }
        return adapter.config();
    }

    /**
     * Writes the full model {@code base + adapter} into {@code out} as a Hugging Face checkpoint: every adapted
     * weight becomes {@code W + (alpha / r) · B·A} ({@link HfModel#mergeLora}); the base's tokenizer files are
     * copied along. {@code out} then loads anywhere the base does, without PEFT.
     */
    public static void merge(Path base, Path adapter, Path out, ai.djl.Device device) throws IOException {
        try (HfModel model = loadMerged(base, device)) {
            load(model, adapter);
            model.mergeLora();
            HfCheckpoint.save(model, out, base);
            if (!Files.isRegularFile(out.resolve("tokenizer.json"))) { // a chain's base: the tokenizer of its root
                HfCheckpoint.copyTokenizerFiles(root(base), out);
            }
        }
    }
}
