package dev.leanforge.trainer.rl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.trainer.batch.TokenSequence;
import dev.leanforge.trainer.model.CausalLm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds {@link RlSample}s: the old policy's (and the reference's) per-token log-probs, computed here. */
public final class RlSamples {

    private RlSamples() {}

    /**
     * The {@code advantage} of each record of a GRPO data file, in order: one JSON object per non-blank line, with
     * {@code prompt} and {@code completion} (read as SFT records) and the number {@code advantage}.
     *
     * @throws IllegalArgumentException if a record has no {@code advantage}
     */
    public static double[] advantages(Path jsonl) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(jsonl);
        double[] out = new double[lines.size()];
        int n = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            JsonNode advantage;
            try {
                advantage = json.readTree(lines.get(i)).get("advantage");
            } catch (IOException e) {
                throw new UncheckedIOException(jsonl + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
            if (advantage == null) {
                throw new IllegalArgumentException(jsonl + " line " + (i + 1) + ": no \"advantage\"");
            }
            out[n++] = advantage.asDouble();
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * @param policy    the policy that sampled the sequences (its log-probs are the ratio's denominator)
     * @param reference the KL reference, or null for none
     */
    public static List<RlSample> build(List<TokenSequence> sequences, double[] advantages, CausalLm policy,
            CausalLm reference, int batchSize, int padId) {
        if (sequences.size() != advantages.length) {
            throw new IllegalArgumentException(sequences.size() + " sequences, " + advantages.length + " advantages");
        }
        List<float[]> old = TokenLogProbs.of(policy, sequences, batchSize, padId);
        List<float[]> ref = reference == null ? null : TokenLogProbs.of(reference, sequences, batchSize, padId);
        List<RlSample> out = new ArrayList<>(sequences.size());
        for (int i = 0; i < sequences.size(); i++) {
            out.add(new RlSample(sequences.get(i), advantages[i], old.get(i), ref == null ? null : ref.get(i)));
        }
        return out;
    }
}
