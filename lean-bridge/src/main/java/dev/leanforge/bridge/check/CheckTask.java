package dev.leanforge.bridge.check;

import java.util.Objects;

/**
 * One proof to check: a fixed, trusted statement and an untrusted proof body.
 *
 * <p>The checked text is always {@code header + "\n\n" + statement + " " + proof}; the proof is spliced after
 * the statement's {@code :=} and never replaces any part of it (protocol spec §7).
 *
 * @param header      imports, {@code open}s and options shared by every theorem of a set; documents with equal
 *                    headers reuse one warm Lean worker
 * @param theoremName the exact, fully qualified constant the statement declares
 * @param statement   {@code theorem name binders : type :=}, ending with {@code :=}
 * @param proof       the candidate proof body, e.g. {@code by omega}
 */
public record CheckTask(String header, String theoremName, String statement, String proof) {
    public CheckTask {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(theoremName, "theoremName");
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(proof, "proof");
        if (theoremName.isBlank()) {
            throw new IllegalArgumentException("theoremName is blank");
        }
    }

    /** The declaration text after the header: statement, a space, and the proof. */
    public String declaration() {
        return statement + " " + proof;
    }
}
