package dev.leanforge.trainer.hf;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.trainer.checkpoint.Safetensors;
import dev.leanforge.trainer.checkpoint.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Hugging Face model directory: {@code config.json} ({@link HfConfig}), the weights as {@code model.safetensors}
 * or as shards {@code model-0000k-of-0000n.safetensors} listed by {@code model.safetensors.index.json}, and the
 * tokenizer files ({@code tokenizer.json}, {@code tokenizer_config.json}, {@code generation_config.json}).
 *
 * <p>Loading streams: one shard is memory-mapped at a time and each tensor is converted to float32 on the heap
 * (F32, BF16, F16), copied into native memory and dropped before the next, so the heap never holds more than the
 * largest single tensor. Saving writes float32 in Hugging Face's names, so transformers and vLLM load it unchanged.
 */
public final class HfCheckpoint {

    public static final String WEIGHTS = "model.safetensors";
    public static final String INDEX = "model.safetensors.index.json";
    /** Files copied along when a model is saved next to its weights. */
    public static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "tokenizer_config.json",
            "generation_config.json", "special_tokens_map.json", PromptTemplate.FILE_NAME);

    private static final ObjectMapper JSON = new ObjectMapper();

    private HfCheckpoint() {}

    /**
     * Whether {@code dir} holds a Hugging Face model rather than one of ours: its {@code config.json} has a
     * {@code model_type} other than {@code leanforge-gpt} (an unsupported one is then refused by name on load).
     */
    public static boolean isHfDirectory(Path dir) {
        Path config = dir.resolve(HfConfig.FILE_NAME);
        if (!Files.isRegularFile(config)) {
            return false;
        }
        try {
            JsonNode type = JSON.readTree(config.toFile()).get("model_type");
            return type != null && type.isTextual() && !type.asText().equals("leanforge-gpt");
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether {@code dir} has weights: {@code model.safetensors} or a shard index. */
    public static boolean hasWeights(Path dir) {
        return Files.isRegularFile(dir.resolve(WEIGHTS)) || Files.isRegularFile(dir.resolve(INDEX));
    }

    public static HfConfig readConfig(Path dir) throws IOException {
        Path file = dir.resolve(HfConfig.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no config.json: is this a model directory?");
        }
        return HfConfig.read(file);
    }

    /** The weight files and the tensors each holds, in shard order. */
    static Map<Path, List<String>> shards(Path dir) throws IOException {
        Map<Path, List<String>> out = new LinkedHashMap<>();
        Path index = dir.resolve(INDEX);
        if (Files.isRegularFile(index)) {
            JsonNode map = JSON.readTree(index.toFile()).get("weight_map");
            if (map == null || !map.isObject()) {
                throw new IOException(index + ": no weight_map");
            }
            Map<String, List<String>> byFile = new java.util.TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String file = e.getValue().asText();
                if (file.contains("/") || file.contains("\\") || file.startsWith(".")) {
                    throw new IOException(index + ": shard name " + file + " is not a plain file name");
                }
                byFile.computeIfAbsent(file, f -> new ArrayList<>()).add(e.getKey());
            }
            byFile.forEach((file, names) -> out.put(dir.resolve(file), names));
            return out;
        }
        Path single = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(single)) {
            throw new NoSuchFileException(single.toString(), null, "no " + WEIGHTS + " or " + INDEX
                    + " next to config.json");
        }
        out.put(single, null); // every tensor of the file
        return out;
    }

    /** The weight files of {@code dir}: {@code model.safetensors}, or the index and its shards in order. */
    public static List<Path> weightFiles(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isRegularFile(dir.resolve(INDEX))) {
            files.add(dir.resolve(INDEX));
        }
        files.addAll(shards(dir).keySet());
        return files;
    }

    /** Loads the model of {@code dir} onto {@code device}, shard by shard. */
    public static HfModel load(Path dir, Device device) throws IOException {
        return load(dir, device, HfModel.Builder.BLOCK_BYTES);
    }

    static HfModel load(Path dir, Device device, long blockBytes) throws IOException {
        HfConfig config = readConfig(dir);
        try (HfModel.Builder builder = new HfModel.Builder(config, device, blockBytes)) {
            Set<String> unexpected = new TreeSet<>();
            for (Map.Entry<Path, List<String>> shard : shards(dir).entrySet()) {
                try (Safetensors.Reader reader = Safetensors.open(shard.getKey())) {
                    List<String> names = shard.getValue() == null ? new ArrayList<>(reader.names()) : shard.getValue();
                    for (String name : names) {
                        Safetensors.Entry entry = reader.entry(name);
                        if (entry == null) {
                            throw new IOException(shard.getKey() + ": no tensor " + name + " (the index lists it)");
                        }
                        if (!builder.wants(name)) {
                            if (!HfModel.ignorable(config, name)) {
                                unexpected.add(name);
                            }
                            continue;
                        }
                        try {
                            // From the memory map into native memory in blocks of rows: nothing of the size of a
                            // tensor on the heap.
                            builder.put(name, entry.shape(), (first, out) -> reader.readInto(name, first, out));
                        } catch (IllegalArgumentException e) {
                            throw new IOException(shard.getKey() + ": " + e.getMessage(), e);
                        }
                    }
                }
            }
            if (!unexpected.isEmpty()) {
                throw new IOException(dir + ": weights do not match config.json (" + config.architecture().modelType()
                        + "): unexpected " + unexpected);
            }
            try {
                return builder.build();
            } catch (IllegalArgumentException e) {
                throw new IOException(dir + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Writes {@code model} into {@code dir} (created if needed) as {@code config.json} (the loaded one, with
     * {@code torch_dtype} float32) and {@code model.safetensors} (float32, Hugging Face names), and copies the
     * tokenizer files of {@code from} ({@link #TOKENIZER_FILES}, those present) when it is not null.
     */
    public static void save(HfModel model, Path dir, Path from) throws IOException {
        if (model.lora() != null) {
            // The file would silently lack them: save the adapter (PeftAdapter.save), or merge it first.
            throw new IllegalStateException("the model has LoRA adapters: save them with PeftAdapter.save, or fold "
                    + "them in with mergeLora() before saving the full model");
        }
        Files.createDirectories(dir);
        model.config().write(dir.resolve(HfConfig.FILE_NAME), "float32");
        Map<String, long[]> shapes = HfModel.parameterShapes(model.config());
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.toTensors().forEach((name, values) -> tensors.put(name, new Tensor(shapes.get(name), values)));
        Safetensors.write(dir.resolve(WEIGHTS), tensors, Map.of("format", "pt"));
        Files.deleteIfExists(dir.resolve(INDEX)); // a stale index would win over the new single file
        if (from != null) {
            copyTokenizerFiles(from, dir);
        }
    }

    /** Copies the {@link #TOKENIZER_FILES} {@code from} has into {@code dir}. */
    public static void copyTokenizerFiles(Path from, Path dir) throws IOException {
        for (String name : TOKENIZER_FILES) {
            Path source = from.resolve(name);
            Path target = dir.resolve(name);
            if (Files.isRegularFile(source) && !(Files.exists(target) && Files.isSameFile(source, target))) {
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
