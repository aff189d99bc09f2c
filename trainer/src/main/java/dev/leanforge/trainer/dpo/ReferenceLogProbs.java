package dev.leanforge.trainer.dpo;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.trainer.batch.TokenPair;
import dev.leanforge.trainer.batch.TokenSequence;
import dev.leanforge.trainer.checkpoint.Checkpoint;
import dev.leanforge.trainer.model.GptModel;
import dev.leanforge.trainer.sampling.SequenceScorer;
import dev.leanforge.trainer.training.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The reference model's log-probabilities of every chosen and rejected completion, computed once and cached on
 * disk as {@code <cacheDir>/<key>.json}, where the key hashes the data file and the reference checkpoint (config,
 * weights and tokenizer). Training then never holds the reference model in memory, and a rerun or resume with the
 * same data and reference reuses the file.
 */
public final class ReferenceLogProbs {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORMAT = "leanforge-dpo-reference-v1";

    /** The cached file's content; {@code chosen[i]} and {@code rejected[i]} belong to the i-th usable pair. */
    record CacheFile(String format, String key, String data, String reference, double[] chosen, double[] rejected) {}

    private ReferenceLogProbs() {}

    /** Identifies the reference values of {@code data} under the model in {@code referenceDir}. */
    public static String key(Path data, Path referenceDir) throws IOException {
        List<Path> parts = new ArrayList<>(List.of(data, referenceDir.resolve(Checkpoint.CONFIG)));
        // Ours: model.safetensors; a Hugging Face model may be sharded (the index and every shard).
        parts.addAll(dev.leanforge.trainer.hf.HfCheckpoint.weightFiles(referenceDir));
        Checkpoint.tokenizer(referenceDir).ifPresent(parts::add);
        return Sha256.files(parts.toArray(Path[]::new));
    }

    /**
     * Pairs each preference pair with its reference log-probabilities, from the cache when it holds them, else by
     * loading the reference model, scoring every completion, closing the model and writing the cache.
     */
    public static List<DpoExample> attach(List<TokenPair> pairs, Path data, Path referenceDir, Path cacheDir,
            Device device, int batchSize, int padId, Consumer<String> log) throws IOException {
        return attach(pairs, data, key(data, referenceDir), referenceDir.toString(), cacheDir, sequences -> {
            try (GptModel reference = Checkpoint.load(referenceDir, device)) {
                return SequenceScorer.score(reference, sequences, batchSize, padId);
            }
        }, log);
    }

    /** Scores sequences with the reference model (loading it, or using one in memory). */
    @FunctionalInterface
    public interface Scorer {
        List<SequenceScorer.Score> score(List<TokenSequence> sequences) throws IOException;
    }

    /**
     * As above, for any reference: {@code key} identifies the data and the reference's files, {@code scorer} is
     * called only when the cache lacks them (e.g. a Hugging Face base, or the policy with its LoRA adapters off).
     */
    public static List<DpoExample> attach(List<TokenPair> pairs, Path data, String key, String referenceName,
            Path cacheDir, Scorer scorer, Consumer<String> log) throws IOException {
        Path file = cacheDir.resolve(key + ".json");
        CacheFile cache = null;
        if (Files.isRegularFile(file)) {
            CacheFile found = JSON.readValue(file.toFile(), CacheFile.class);
            if (FORMAT.equals(found.format()) && key.equals(found.key()) && found.chosen().length == pairs.size()
                    && found.rejected().length == pairs.size()) {
                cache = found;
                log.accept("reference log-probabilities from " + file);
            }
        }
        if (cache == null) {
            log.accept("computing reference log-probabilities of " + pairs.size() + " pairs with " + referenceName);
            List<TokenSequence> sequences = new ArrayList<>(2 * pairs.size());
            pairs.forEach(p -> sequences.add(p.chosen()));
            pairs.forEach(p -> sequences.add(p.rejected()));
            List<SequenceScorer.Score> scores = scorer.score(sequences);
            double[] chosen = new double[pairs.size()];
            double[] rejected = new double[pairs.size()];
            for (int i = 0; i < pairs.size(); i++) {
                chosen[i] = scores.get(i).logProb();
                rejected[i] = scores.get(pairs.size() + i).logProb();
            }
            cache = new CacheFile(FORMAT, key, data.toString(), referenceName, chosen, rejected);
            Files.createDirectories(cacheDir);
            Path tmp = cacheDir.resolve(key + ".json.tmp");
            JSON.writeValue(tmp.toFile(), cache);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            log.accept("cached reference log-probabilities in " + file);
        }
        List<DpoExample> out = new ArrayList<>(pairs.size());
        for (int i = 0; i < pairs.size(); i++) {
            out.add(new DpoExample(pairs.get(i), cache.chosen()[i], cache.rejected()[i]));
        }
        return out;
    }
}
