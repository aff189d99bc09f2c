package dev.leanforge.loop.theorems.importer;

import dev.leanforge.loop.theorems.Location;
import dev.leanforge.loop.theorems.Manifest;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A set an importer built in memory, with what reading it back must give for each theorem.
 *
 * @param manifest the manifest to write
 * @param files    file path relative to the set's folder → its text
 * @param expected one per theorem, in the manifest's order
 * @param notes    things the user should know, e.g. that checks need the source project
 */
public record ImportedSet(Manifest manifest, Map<String, String> files, List<Expected> expected, List<String> notes) {

    public ImportedSet {
        Objects.requireNonNull(manifest, "manifest");
        files = Map.copyOf(files);
        expected = List.copyOf(expected);
        notes = List.copyOf(notes);
    }

    /**
     * What the imported theorem must read back as.
     *
     * @param name        fully qualified name
     * @param header      its header, exactly
     * @param declaration statement and placeholder, exactly as in the input
     * @param origin      where it came from, for messages
     */
    public record Expected(String name, String header, String declaration, Location origin) {}
}
