package dev.leanforge.trainer.training;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of files, to recognise the same training data or reference weights later. */
public final class Sha256 {

    private Sha256() {}

    public static String file(Path file) throws IOException {
        MessageDigest digest = digest();
        update(digest, file);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** One hash over several files' contents, each prefixed by its length so boundaries matter. */
    public static String files(Path... files) throws IOException {
        MessageDigest digest = digest();
        for (Path f : files) {
            digest.update(Long.toString(Files.size(f)).getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) 0);
            update(digest, f);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void update(MessageDigest digest, Path file) throws IOException {
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
