package dev.leanforge.loop.theorems;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A set's {@code manifest.json}: what the set is, what it needs from Lean, and the split of every theorem.
 *
 * @param name        the set's name, equal to its folder's name
 * @param description one paragraph for people
 * @param source      where the statements come from (URL, commit, paper, or "written for leanforge")
 * @param license     the licence the statements are under
 * @param toolchain   the Lean toolchain, as in a {@code lean-toolchain} file: {@code leanprover/lean4:v4.24.0}
 * @param mathlib     the Mathlib revision the statements need; empty when they need only core Lean
 * @param header      the exact text every file of the set starts with (imports, {@code open}s, options)
 * @param files       the {@code .lean} files, relative to the set's folder
 * @param theorems    every problem of the set, in the set's order
 */
public record Manifest(String name, String description, String source, String license, String toolchain,
                       Optional<String> mathlib, String header, List<String> files, List<Entry> theorems) {

    /** The toolchain recorded when an importer is not told one: the version leanforge is tested against. */
    public static final String DEFAULT_TOOLCHAIN = "leanprover/lean4:v4.24.0";

    public Manifest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(license, "license");
        Objects.requireNonNull(toolchain, "toolchain");
        Objects.requireNonNull(mathlib, "mathlib");
        Objects.requireNonNull(header, "header");
        files = List.copyOf(files);
        theorems = List.copyOf(theorems);
    }

    /**
     * One theorem's line in the manifest.
     *
     * @param name       the theorem's fully qualified name, as {@code #print axioms} takes it
     * @param difficulty 1 (easy) to 5 (hard), when the set's author rated it
     */
    public record Entry(String name, Split split, OptionalInt difficulty, List<String> tags) {
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(split, "split");
            Objects.requireNonNull(difficulty, "difficulty");
            tags = List.copyOf(tags);
        }

        public Entry withSplit(Split newSplit) {
            return new Entry(name, newSplit, difficulty, tags);
        }
    }

    public Manifest withTheorems(List<Entry> newTheorems) {
        return new Manifest(name, description, source, license, toolchain, mathlib, header, files, newTheorems);
    }
}
