package dev.leanforge.loop.proof;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One step of a tactic search: at the node reached by {@code prefix}, whose goals Lean printed as
 * {@code goalState}, the policy proposed {@code tactic}, and Lean answered {@code outcome} for {@link #after()}.
 *
 * <p>A tactic proof is {@link #ROOT} followed by one tactic per line, indented two spaces; {@link #extend} is the one
 * place that lays it out, for the search that builds proofs and for the store that finds which steps a verified
 * proof went through.
 *
 * @param prefix        the tactic proof up to this node ({@link #ROOT} at the root)
 * @param policyLogProb the policy's log-probability of {@code tactic} given the goal-state prompt, when known
 */
public record TacticStep(String theorem, String prefix, String goalState, String tactic,
                         OptionalDouble policyLogProb, StepOutcome outcome) {

    /** The prefix every tactic proof starts from. */
    public static final String ROOT = "by";

    public TacticStep {
        Objects.requireNonNull(theorem, "theorem");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(goalState, "goalState");
        Objects.requireNonNull(tactic, "tactic");
        Objects.requireNonNull(policyLogProb, "policyLogProb");
        Objects.requireNonNull(outcome, "outcome");
        if (tactic.isBlank() || tactic.contains("\n")) {
            throw new IllegalArgumentException("a step's tactic is one non-blank line, got \"" + tactic + "\"");
        }
    }

    /** The tactic proof after this step. */
    public String after() {
        return extend(prefix, tactic);
    }

    /** {@code prefix} with {@code tactic} on a line of its own, indented two spaces. */
    public static String extend(String prefix, String tactic) {
        return prefix + "\n  " + tactic;
    }

    /** Whether {@code proof} went through this step: it is {@link #after()} or continues it with more lines. */
    public boolean isOnPathOf(String proof) {
        String after = after();
        return proof.equals(after) || proof.startsWith(after + "\n");
    }
}
