package dev.leanforge.loop.theorems;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Deterministic re-splitting: each theorem gets the key SHA-256(seed, name); theorems sorted by key fill train,
 * then valid, then test, in the given proportions. The result depends only on the seed, the ratios and the set of
 * names, never on the manifest's order, the machine or the JVM.
 */
public final class Splitter {

    private Splitter() {}

    /** Proportions of train, valid and test; each at least 0, together 1. */
    public record Ratios(double train, double valid, double test) {

        public Ratios {
            if (!(train >= 0 && valid >= 0 && test >= 0) || Math.abs(train + valid + test - 1) > 1e-6) {
                throw new IllegalArgumentException("ratios must be three numbers from 0 to 1 that add up to 1, got "
                        + train + ", " + valid + ", " + test);
            }
        }

        /** Parses {@code 0.8,0.1,0.1}. */
        public static Ratios parse(String text) {
            String[] parts = text.split(",", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("ratios must be three numbers, train,valid,test (e.g. 0.8,0.1,0.1),"
                        + " got \"" + text + "\"");
            }
            try {
                return new Ratios(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()),
                        Double.parseDouble(parts[2].strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("ratios must be numbers, got \"" + text + "\"", e);
            }
        }
    }

    /** {@code manifest} with every theorem's split chosen anew; the theorems keep their order. */
    public static Manifest resplit(Manifest manifest, long seed, Ratios ratios) {
        List<String> names = new ArrayList<>(manifest.theorems().stream().map(Manifest.Entry::name).toList());
        Map<String, String> keys = new HashMap<>();
        names.forEach(name -> keys.put(name, key(seed, name)));
        names.sort(Comparator.comparing(keys::get));
        int n = names.size();
        int trainEnd = (int) Math.round(n * ratios.train());
        int validEnd = Math.max(trainEnd, (int) Math.round(n * (ratios.train() + ratios.valid())));
        Map<String, Split> splits = new HashMap<>();
        for (int i = 0; i < n; i++) {
            splits.put(names.get(i), i < trainEnd ? Split.TRAIN : i < validEnd ? Split.VALID : Split.TEST);
        }
        return manifest.withTheorems(manifest.theorems().stream().map(e -> e.withSplit(splits.get(e.name()))).toList());
    }

    /**
     * {@code manifest} with a train split carved out of split {@code from}: of its theorems, sorted by the key, the
     * first round(n × {@code trainRatio}) become train; every other theorem keeps its split (miniF2F's 244 test
     * problems stay test). Like {@link #resplit}, the result depends only on the seed, the ratio and the names.
     */
    public static Manifest carveTrain(Manifest manifest, long seed, Split from, double trainRatio) {
        if (!(trainRatio >= 0 && trainRatio <= 1)) {
            throw new IllegalArgumentException("the train ratio must be a number from 0 to 1, got " + trainRatio);
        }
        List<String> names = new ArrayList<>(manifest.theorems().stream().filter(e -> e.split() == from)
                .map(Manifest.Entry::name).toList());
        Map<String, String> keys = new HashMap<>();
        names.forEach(name -> keys.put(name, key(seed, name)));
        names.sort(Comparator.comparing(keys::get));
        java.util.Set<String> train = new java.util.HashSet<>(names.subList(0,
                (int) Math.round(names.size() * trainRatio)));
        return manifest.withTheorems(manifest.theorems().stream()
                .map(e -> train.contains(e.name()) ? e.withSplit(Split.TRAIN) : e).toList());
    }

    private static String key(long seed, String name) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((seed + "\u0000" + name).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
