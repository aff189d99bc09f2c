package dev.leanforge.loop.theorems;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A new set written into a hidden folder beside its final place ({@code theorems/.staging-…/<name>/}, so it
 * already has its own name), so it can be read back and checked before it
 * appears: {@link #publish()} renames it into place in one step, and closing an unpublished stage deletes it. A
 * failed import therefore leaves nothing behind.
 */
public final class StagedSet implements AutoCloseable {

    private final Path theoremsDir;
    private final Path target;
    private final Path stageRoot;
    private final Path stage;
    private final boolean createdTheoremsDir;
    private boolean published;

    private StagedSet(Path theoremsDir, Path target, Path stageRoot, boolean createdTheoremsDir) {
        this.theoremsDir = theoremsDir;
        this.target = target;
        this.stageRoot = stageRoot;
        this.stage = stageRoot.resolve(target.getFileName());
        this.createdTheoremsDir = createdTheoremsDir;
    }

    /**
     * Writes {@code manifest} and {@code files} (paths relative to the set's folder → text) into a stage for the
     * set {@code theoremsDir/<manifest name>}, which must not exist yet.
     */
    public static StagedSet write(Path theoremsDir, Manifest manifest, Map<String, String> files)
            throws IOException, InvalidInputException {
        Path target = SetNames.dir(theoremsDir, manifest.name());
        if (Files.exists(target)) {
            throw new InvalidInputException(Location.of(target.toString()),
                    "a set named \"" + manifest.name() + "\" already exists; remove it or choose another --set");
        }
        boolean created = !Files.isDirectory(theoremsDir);
        Files.createDirectories(theoremsDir);
        StagedSet staged = new StagedSet(theoremsDir, target,
                Files.createTempDirectory(theoremsDir, ".staging-"), created);
        try {
            Files.createDirectory(staged.stage);
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = staged.stage.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
            Files.writeString(staged.stage.resolve(ManifestCodec.FILE_NAME), ManifestCodec.write(manifest));
            return staged;
        } catch (IOException | RuntimeException e) {
            staged.close();
            throw e;
        }
    }

    /** Where the set will be once published. */
    public Path target() {
        return target;
    }

    /** The stage's folder, to read the set back before publishing it. */
    public Path dir() {
        return stage;
    }

    /** Moves the stage to its final place; fails, leaving nothing, if a set of that name appeared meanwhile. */
    public Path publish() throws IOException, InvalidInputException {
        try {
            Files.move(stage, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            throw new InvalidInputException(Location.of(target.toString()), "a set of this name appeared meanwhile");
        } catch (AtomicMoveNotSupportedException e) {
            // Same parent folder, so this only happens on unusual file systems; a plain rename is the best left.
            Files.move(stage, target);
        }
        published = true;
        return target;
    }

    @Override
    public void close() {
        try {
            deleteTree(stageRoot);
            if (createdTheoremsDir && !published) {
                try (Stream<Path> left = Files.list(theoremsDir)) {
                    if (left.findAny().isEmpty()) {
                        Files.delete(theoremsDir);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the staging folder " + stage, e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
