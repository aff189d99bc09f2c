package dev.leanforge.bridge.goal;

import java.util.List;
import java.util.Optional;

/**
 * One goal of a tactic state: optional case tag, hypotheses in order, and the target after {@code ⊢}.
 */
public record Goal(Optional<String> caseTag, List<Hypothesis> hypotheses, String target) {
    public Goal {
        hypotheses = List.copyOf(hypotheses);
    }

    /** {@code names : type}, where several names share one type as Lean prints them ({@code a b : Nat}). */
    public record Hypothesis(List<String> names, String type) {
        public Hypothesis {
            names = List.copyOf(names);
        }
    }
}
