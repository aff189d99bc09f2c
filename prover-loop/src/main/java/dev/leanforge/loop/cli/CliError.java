package dev.leanforge.loop.cli;

/**
 * A failure the user can fix (bad input, missing toolchain): printed as its message alone, without a stack trace,
 * and the command exits with {@link LeanforgeCli#EXIT_USAGE}.
 */
public final class CliError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CliError(String message) {
        super(message);
    }

    public CliError(String message, Throwable cause) {
        super(message, cause);
    }
}
