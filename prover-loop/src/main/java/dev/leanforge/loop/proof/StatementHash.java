package dev.leanforge.loop.proof;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The statement hash of the store and the ledger: SHA-256 of the statement text exactly as checked (UTF-8 bytes,
 * no trimming or normalisation), as 64 lower-case hex digits. A proof is only meaningful for the statement it was
 * checked against, so any edit to a statement, even whitespace, changes the hash.
 */
public final class StatementHash {

    private StatementHash() {
    }

    public static String of(String statement) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(statement.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
