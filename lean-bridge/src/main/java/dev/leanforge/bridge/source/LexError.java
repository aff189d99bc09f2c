package dev.leanforge.bridge.source;

import java.util.Objects;

/**
 * A place where the lexer could not read the source with certainty.
 *
 * @param offset  where the problem starts (a {@link String} index)
 * @param cause   why
 * @param message one line for people
 */
public record LexError(int offset, Cause cause, String message) {

    /** Why a piece of source could not be read. */
    public enum Cause {
        /** A comment, string, raw string, character literal or {@code «} that the source never closes. */
        UNTERMINATED,
        /** Text Lean's own lexer refuses too (a tab, a bad escape, {@code 1e}, a character literal too long). */
        MALFORMED,
        /**
         * Text Lean reads one way or another depending on syntax this lexer cannot see (the token table of the
         * imports, or whether a string is interpolated where it stands). Lean may read code where this lexer read
         * a comment or a string, so a scan must not trust either reading.
         */
        AMBIGUOUS
    }

    public LexError {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(message, "message");
    }
}
