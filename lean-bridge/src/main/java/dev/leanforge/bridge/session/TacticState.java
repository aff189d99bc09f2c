package dev.leanforge.bridge.session;

import dev.leanforge.bridge.goal.Goal;
import dev.leanforge.bridge.verdict.LeanMessage;
import java.util.List;

/**
 * The proof state after a tactic prefix: the goals still open at its end, and the errors Lean reported for it
 * (other than the {@code unsolved goals} error that every unfinished prefix carries).
 */
public record TacticState(List<Goal> goals, List<LeanMessage> errors) {
    public TacticState {
        goals = List.copyOf(goals);
        errors = List.copyOf(errors);
    }

    /** The goals as Lean prints them ({@link Goal#text()}), a blank line between two goals; empty when none is left. */
    public String goalsText() {
        return String.join("\n\n", goals.stream().map(Goal::text).toList());
    }

    /** No goal left and no error: the prefix is a complete proof as far as elaboration goes. */
    public boolean solved() {
        return goals.isEmpty() && errors.isEmpty();
    }
}
