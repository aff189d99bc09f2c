package dev.leanforge.loop.star;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.leanforge.loop.config.CampaignConfig;
import dev.leanforge.loop.config.StarConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The settings a STaR run's results depend on, kept in {@code settings.json} of its run directory, so that the same
 * command with other settings is refused instead of mixing, say, pass@2 rounds with pass@3 ones. Settings that do
 * not change results are left out: where files and the store live, Lean's command and project, how many workers,
 * progress, {@code save-every}, and {@code rounds} (raising it continues a run for more rounds). The {@code lora-*}
 * keys are there only with {@code lora-r} above 0, so that runs from before LoRA continue.
 */
public final class RunSettings {

    public static final String FILE_NAME = "settings.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunSettings() {}

    /** Setting key → its value as text, sorted by key. */
    public static Map<String, String> of(StarConfig config) {
        Map<String, String> values = new TreeMap<>();
        values.put("init", config.init().map(p -> p.toAbsolutePath().normalize().toString()).orElse("none"));
        if (config.lora() != null) { // absent: lora-r 0, as in runs from before LoRA
            values.put("lora-r", text(config.lora().r()));
            values.put("lora-alpha", text(config.lora().alpha()));
            values.put("lora-dropout", text(config.lora().dropout()));
            values.put("lora-targets", String.join(",", config.lora().targets()));
        }
        values.put("vocab", text(config.vocab()));
        values.put("model-layers", text(config.sizes().layers()));
        values.put("model-heads", text(config.sizes().heads()));
        values.put("model-width", text(config.sizes().width()));
        values.put("model-context", text(config.sizes().context()));
        StarConfig.SftBudget sft = config.sft();
        values.put("sft-epochs", text(sft.epochs()));
        values.put("sft-steps", text(sft.steps()));
        values.put("base-sft-steps", text(sft.baseSteps()));
        values.put("sft-lr", text(sft.learningRate()));
        values.put("base-sft-lr", text(sft.baseLearningRate()));
        values.put("batch-size", text(sft.batchSize()));
        values.put("warmup", text(sft.warmup()));
        StarConfig.DpoBudget dpo = config.dpo();
        values.put("dpo", text(dpo.enabled()));
        values.put("dpo-beta", text(dpo.beta()));
        values.put("dpo-lr", text(dpo.learningRate()));
        values.put("dpo-epochs", text(dpo.epochs()));
        values.put("rationalize", text(config.rationalize()));
        values.put("proofs-per-theorem", text(config.proofsPerTheorem()));
        CampaignConfig c = config.template();
        values.put("set", c.set());
        values.put("strategy", c.strategy());
        values.put("samples", text(c.samples()));
        values.put("attempts", text(c.attempts()));
        values.put("retries", text(c.retries()));
        values.put("stop-on-proof", text(c.stopOnProof()));
        values.put("width", text(c.width()));
        values.put("depth", text(c.depth()));
        values.put("nodes", text(c.nodes()));
        values.put("temperature", text(c.temperature()));
        values.put("top-p", text(c.topP()));
        values.put("top-k", text(c.topK()));
        values.put("max-tokens", text(c.maxTokens()));
        values.put("stop", String.valueOf(c.stop()));
        values.put("seed", text(c.seed()));
        values.put("timeout", text(c.timeout().toMillis() / 1000.0));
        values.put("recheck-timeout", text(c.recheckTimeout().toMillis() / 1000.0));
        c.leanVersion().ifPresent(v -> values.put("lean-version", v));
        c.mathlibRevision().ifPresent(v -> values.put("mathlib-revision", v));
        return values;
    }

    /** The settings stored in {@code runDir}, if any. */
    public static Optional<Map<String, String>> read(Path runDir) throws IOException {
        Path file = runDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), new TypeReference<TreeMap<String, String>>() {}));
        } catch (IOException e) {
            throw new IOException(file + ": unreadable run settings (" + e.getMessage() + ")", e);
        }
    }

    /** Stores {@code settings} in {@code runDir}, replacing the file atomically. */
    public static void write(Path runDir, Map<String, String> settings) throws IOException {
        RunFiles.writeAtomically(runDir.resolve(FILE_NAME), JSON.writeValueAsString(new TreeMap<>(settings)) + "\n");
    }

    /** Each key whose value differs, as {@code key: old → new}; a key one side lacks shows {@code (unset)}. */
    public static List<String> changes(Map<String, String> before, Map<String, String> now) {
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(now.keySet());
        List<String> changes = new ArrayList<>();
        for (String key : keys) {
            String old = before.get(key);
            String next = now.get(key);
            if (old == null ? next != null : !old.equals(next)) {
                changes.add(key + ": " + (old == null ? "(unset)" : old) + " → " + (next == null ? "(unset)" : next));
            }
        }
        return changes;
    }

    private static String text(Object value) {
        return String.valueOf(value);
    }
}
