package dev.leanforge.bridge.soundness;

import java.util.Locale;

/**
 * What a Lean diagnostic says, recognised from stable prefixes of its text in every known spelling (spec §4.2,
 * §10: older quotes {@code 'x'}, newer backticks and capitals). Never matched on the full text.
 */
public enum DiagnosticKind {
    /** {@code declaration uses 'sorry'} (before 4.28) or {@code declaration uses `sorry`}. */
    SORRY_WARNING,
    UNSOLVED_GOALS,
    /** {@code (deterministic) timeout at …, maximum number of heartbeats …}: Lean answered; not a checker timeout. */
    HEARTBEAT_LIMIT,
    RECURSION_LIMIT,
    UNKNOWN_IDENTIFIER,
    /** {@code unknown constant 'x'} / {@code Unknown constant `x`}, e.g. from {@code #print axioms} of a missing name. */
    UNKNOWN_CONSTANT,
    /** {@code type mismatch} and {@code application type mismatch}, any capitalisation. */
    TYPE_MISMATCH,
    /** {@code (kernel) …}: the kernel refused a declaration the elaborator produced. */
    KERNEL,
    /** {@code No goals to be solved} / {@code no goals to be proved}: a superfluous tactic. */
    NO_GOALS,
    /** {@code Tactic `t` failed…} / {@code tactic 't' failed…}. */
    TACTIC_FAILED,
    /** {@code unexpected token …}, {@code unexpected end of input}, {@code unknown tactic}. */
    PARSE,
    /** A {@code #print axioms} answer ({@link AxiomsReport#parse(String)}). */
    AXIOMS_ANSWER,
    OTHER;

    public static DiagnosticKind of(String message) {
        String text = message.strip();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("declaration uses 'sorry'") || lower.startsWith("declaration uses `sorry`")) {
            return SORRY_WARNING;
        }
        if (lower.startsWith("unsolved goals")) {
            return UNSOLVED_GOALS;
        }
        if (lower.startsWith("(deterministic) timeout") || lower.contains("maximum number of heartbeats")) {
            return HEARTBEAT_LIMIT;
        }
        if (lower.startsWith("maximum recursion depth has been reached")) {
            return RECURSION_LIMIT;
        }
        if (lower.startsWith("unknown identifier ")) {
            return UNKNOWN_IDENTIFIER;
        }
        if (AxiomsReport.unknownConstant(text).isPresent()) {
            return UNKNOWN_CONSTANT;
        }
        if (lower.startsWith("type mismatch") || lower.startsWith("application type mismatch")) {
            return TYPE_MISMATCH;
        }
        if (lower.startsWith("(kernel) ")) {
            return KERNEL;
        }
        if (lower.startsWith("no goals to be solved") || lower.startsWith("no goals to be proved")) {
            return NO_GOALS;
        }
        if (lower.matches("(?s)tactic [`'][^`']+[`'] failed.*")) {
            return TACTIC_FAILED;
        }
        if (lower.startsWith("unexpected token") || lower.startsWith("unexpected end of input")
                || lower.startsWith("unknown tactic")) {
            return PARSE;
        }
        if (AxiomsReport.parse(text).isPresent()) {
            return AXIOMS_ANSWER;
        }
        return OTHER;
    }
}
