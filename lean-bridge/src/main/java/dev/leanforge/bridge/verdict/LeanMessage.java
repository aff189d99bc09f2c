package dev.leanforge.bridge.verdict;

import java.util.Objects;

/**
 * One diagnostic from Lean, positioned in the checked document.
 *
 * @param line   1-based line, as Lean's command line prints it
 * @param column 0-based column in UTF-16 code units (LSP's unit)
 */
public record LeanMessage(Severity severity, int line, int column, int endLine, int endColumn, String text) {
    public LeanMessage {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(text, "text");
    }

    public enum Severity {
        ERROR, WARNING, INFORMATION, HINT;

        /** LSP's numbering: 1 error, 2 warning, 3 information, 4 hint; absent means error. */
        public static Severity fromLsp(Integer code) {
            if (code == null) {
                return ERROR;
            }
            return switch (code) {
                case 2 -> WARNING;
                case 3 -> INFORMATION;
                case 4 -> HINT;
                default -> ERROR;
            };
        }

        /** The lower-case word used in JSON output and by {@code lean --json}. */
        public String word() {
            return switch (this) {
                case ERROR -> "error";
                case WARNING -> "warning";
                case INFORMATION -> "information";
                case HINT -> "hint";
            };
        }
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
