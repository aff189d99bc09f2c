package dev.leanforge.loop.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Makes a file or directory unwritable for everyone, root included, with {@code chattr +i}: tests run as root, and
 * root ignores permission bits, so {@code chmod} proves nothing. Skips the test where {@code chattr} is missing or the
 * file system has no immutable flag. Close it (try-with-resources) so the temporary directory can be deleted.
 */
public final class Unwritable implements AutoCloseable {

    private final Path path;

    private Unwritable(Path path) {
        this.path = path;
    }

    public static Unwritable make(Path path) throws InterruptedException {
        assumeTrue(chattr("+i", path), "chattr +i is not available here");
        return new Unwritable(path);
    }

    @Override
    public void close() throws InterruptedException {
        chattr("-i", path);
    }

    private static boolean chattr(String flag, Path path) throws InterruptedException {
        try {
            Process process = new ProcessBuilder("chattr", flag, path.toString()).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
