package dev.leanforge.loop.star;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Whether a round's candidate replaces the policy, judged on the valid split. A tie is not evidence: with every
 * rule a candidate that proves nothing more than the policy, at 0 or elsewhere, is not promoted by chance.
 *
 * <ul>
 *   <li>{@code strict}: the candidate's headline pass@k (largest k) is above the policy's by more than
 *       {@code margin};
 *   <li>{@code non-inferiority}: the candidate's headline pass@k is at most {@code margin} below the policy's, and
 *       above 0 (a candidate that proves nothing is never promoted);
 *   <li>{@code bootstrap} (the default): a paired bootstrap over the valid theorems both evaluations estimated —
 *       the per-theorem differences of pass@k (candidate − policy) resampled {@link #RESAMPLES} times with a fixed
 *       seed — and the candidate is promoted when the lower {@code confidence} bound of the mean difference is above
 *       {@code margin}. Deterministic for a seed. Without per-theorem values (a report of an earlier version), it
 *       decides as {@code strict}.
 * </ul>
 *
 * @param margin     strict, bootstrap: the gain that must be exceeded; non-inferiority: the drop allowed
 * @param confidence bootstrap: the one-sided confidence level, e.g. 0.9
 * @param seed       bootstrap: the resampling seed
 */
public record Promotion(Rule rule, double margin, double confidence, long seed) {

    /** Bootstrap resamples per decision. */
    public static final int RESAMPLES = 2000;

    /** The rules, by the word the settings use. */
    public enum Rule {
        STRICT("strict"), NON_INFERIORITY("non-inferiority"), BOOTSTRAP("bootstrap");

        private final String word;

        Rule(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        public static List<String> words() {
            return Arrays.stream(values()).map(Rule::word).toList();
        }

        public static Rule of(String word) {
            return Arrays.stream(values()).filter(r -> r.word.equals(word)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no promotion rule " + word));
        }
    }

    /**
     * A decision.
     *
     * @param promoted whether the candidate becomes the policy
     * @param rule     the rule that decided (bootstrap falls back to strict without per-theorem values)
     * @param reason   why, in words, with the numbers
     */
    public record Decision(boolean promoted, String rule, String reason) {}

    public Promotion {
        Objects.requireNonNull(rule, "rule");
        if (!(margin >= 0)) {
            throw new IllegalArgumentException("margin must be >= 0, got " + margin);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
    }

    /**
     * Decides on the headline pass@k ({@code key}, e.g. {@code pass@8}) of the policy ({@code before}) and the
     * candidate ({@code after}), and the same per valid theorem (theorems a campaign could not estimate left out).
     */
    public Decision decide(String key, double before, double after, Map<String, Double> beforeByTheorem,
            Map<String, Double> afterByTheorem) {
        return switch (rule) {
            case STRICT -> strict(key, before, after, "strict");
            case NON_INFERIORITY -> nonInferiority(key, before, after);
            case BOOTSTRAP -> bootstrap(key, before, after, beforeByTheorem, afterByTheorem);
        };
    }

    private Decision strict(String key, double before, double after, String rule) {
        boolean promoted = after > before + margin;
        String reason = promoted
                ? String.format(Locale.ROOT, "valid %s rose from %.4f to %.4f, more than the margin %.4f", key,
                        before, after, margin)
                : String.format(Locale.ROOT, "valid %s %.4f is not above the policy's %.4f by more than the "
                        + "margin %.4f%s", key, after, before, margin, after == before ? " (a tie is no evidence)" : "");
        return new Decision(promoted, rule, reason);
    }

    private Decision nonInferiority(String key, double before, double after) {
        if (after <= 0) {
            return new Decision(false, Rule.NON_INFERIORITY.word(), String.format(Locale.ROOT,
                    "the candidate's valid %s is 0: a candidate that proves nothing is never promoted", key));
        }
        boolean promoted = after >= before - margin;
        String reason = promoted
                ? String.format(Locale.ROOT, "valid %s %.4f is within the margin %.4f of the policy's %.4f", key,
                        after, margin, before)
                : String.format(Locale.ROOT, "valid %s dropped to %.4f from %.4f, more than the margin %.4f", key,
                        after, before, margin);
        return new Decision(promoted, Rule.NON_INFERIORITY.word(), reason);
    }

    private Decision bootstrap(String key, double before, double after, Map<String, Double> beforeByTheorem,
            Map<String, Double> afterByTheorem) {
        List<Double> differences = new ArrayList<>();
        for (Map.Entry<String, Double> entry : afterByTheorem.entrySet()) {
            Double old = beforeByTheorem.get(entry.getKey());
            if (old != null && entry.getValue() != null) {
                differences.add(entry.getValue() - old);
            }
        }
        if (differences.isEmpty()) {
            Decision strict = strict(key, before, after, "strict");
            return new Decision(strict.promoted(), "strict", "no per-theorem values to bootstrap over, so strict: "
                    + strict.reason());
        }
        double lower = lowerBound(differences, confidence, seed);
        double mean = differences.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        long changed = differences.stream().filter(d -> d != 0).count();
        boolean promoted = lower > margin;
        String reason = String.format(Locale.ROOT, "paired bootstrap over %d valid theorems (%d resamples, seed %d): "
                + "mean change of %s %+.4f (%d theorems changed), %.0f%% lower bound %+.4f %s the margin %.4f",
                differences.size(), RESAMPLES, seed, key, mean, changed, 100 * confidence, lower,
                promoted ? "above" : "not above", margin);
        return new Decision(promoted, Rule.BOOTSTRAP.word(), reason);
    }

    /**
     * The lower one-sided {@code confidence} bound of the mean of {@code values} by the percentile bootstrap:
     * the {@code (1 - confidence)} quantile of {@link #RESAMPLES} resampled means, drawn with {@code seed}.
     */
    static double lowerBound(List<Double> values, double confidence, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = values.size();
        double[] means = new double[RESAMPLES];
        for (int b = 0; b < RESAMPLES; b++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += values.get(random.nextInt(n));
            }
            means[b] = sum / n;
        }
        Arrays.sort(means);
        int index = (int) Math.floor((1 - confidence) * RESAMPLES);
        return means[Math.min(Math.max(index, 0), RESAMPLES - 1)];
    }
}
