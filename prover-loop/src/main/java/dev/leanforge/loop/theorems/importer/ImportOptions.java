package dev.leanforge.loop.theorems.importer;

import dev.leanforge.loop.theorems.Split;
import java.util.Objects;
import java.util.Optional;

/**
 * What the user says about a set being imported; anything left empty is taken from the input where it says so,
 * else from a stated default.
 *
 * @param set         the new set's name
 * @param description the manifest's description
 * @param origin      the manifest's {@code source} (where the statements come from)
 * @param license     the manifest's licence
 * @param toolchain   e.g. {@code leanprover/lean4:v4.24.0}
 * @param mathlib     the Mathlib revision, required when the statements import Mathlib and the input does not say
 * @param split       the split of every imported theorem, instead of the input's own
 */
public record ImportOptions(String set, Optional<String> description, Optional<String> origin,
                            Optional<String> license, Optional<String> toolchain, Optional<String> mathlib,
                            Optional<Split> split) {

    public ImportOptions {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(license, "license");
        Objects.requireNonNull(toolchain, "toolchain");
        Objects.requireNonNull(mathlib, "mathlib");
        Objects.requireNonNull(split, "split");
    }

    /** Only a set name; everything else from the input or defaults. */
    public static ImportOptions named(String set) {
        return new ImportOptions(set, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }
}
