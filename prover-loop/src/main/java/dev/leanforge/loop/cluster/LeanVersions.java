package dev.leanforge.loop.cluster;

import dev.leanforge.bridge.toolchain.PinnedToolchain;

/** Compares the Lean versions of workers and campaigns, however each was written. */
public final class LeanVersions {

    private LeanVersions() {}

    /**
     * The bare version: {@code 4.24.0} for {@code 4.24.0}, {@code v4.24.0}, {@code leanprover/lean4:v4.24.0} and a
     * {@code lean --version} line ({@code Lean (version 4.24.0, …)}); anything else stripped as it is.
     */
    public static String normalize(String version) {
        String v = PinnedToolchain.versionOf(version.strip());
        int colon = v.indexOf(':');
        if (colon >= 0 && v.startsWith("leanprover/")) {
            v = v.substring(colon + 1);
        }
        return v.matches("v[0-9].*") ? v.substring(1) : v;
    }

    public static boolean same(String a, String b) {
        return normalize(a).equals(normalize(b));
    }
}
