package dev.leanforge.loop.theorems;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Replaces a set's manifest in one step, so a reader never sees half of one. */
public final class ManifestFile {

    private ManifestFile() {}

    public static void replace(Path setDir, Manifest manifest) throws IOException {
        Path target = setDir.resolve(ManifestCodec.FILE_NAME);
        Path temp = Files.createTempFile(setDir, "." + ManifestCodec.FILE_NAME, ".tmp");
        try {
            Files.writeString(temp, ManifestCodec.write(manifest));
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
