package dev.leanforge.loop.ledger;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes a ledger atomically: the entries go to a temporary file in the target's directory, which is flushed to
 * disk and then renamed over the target. Readers see the old ledger or the complete new one, never a part; a
 * write that fails (or is killed) leaves the old file as it was.
 */
public final class LedgerWriter {

    private LedgerWriter() {
    }

    /** One entry as its ledger line, without the newline. */
    public static String line(LedgerEntry entry) {
        try {
            return LedgerJson.MAPPER.writeValueAsString(entry);
        } catch (IOException e) {
            throw new IllegalStateException("a ledger entry always serialises", e);
        }
    }

    /** Writes {@code entries} to {@code file}, one JSON object per line; returns how many. */
    public static int write(Path file, Iterable<LedgerEntry> entries) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        // Same directory, so the rename cannot cross file systems; a hidden unique name, created with the
        // default permissions (unlike Files.createTempFile's owner-only ones), so the ledger keeps usual ones.
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        boolean moved = false;
        try {
            int count = 0;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                for (LedgerEntry entry : entries) {
                    out.write(line(entry).getBytes(StandardCharsets.UTF_8));
                    out.write('\n');
                    count++;
                }
                out.flush();
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            return count;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
