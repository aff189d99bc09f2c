package dev.leanforge.loop.theorems;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** A set read from {@code theorems/<name>/}: its manifest and its theorems in the manifest's order. */
public record TheoremSet(Path dir, Manifest manifest, List<Theorem> theorems) {

    public TheoremSet {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(manifest, "manifest");
        theorems = List.copyOf(theorems);
    }

    public String name() {
        return manifest.name();
    }
}
