package dev.leanforge.bridge.lsp;

import java.util.List;

/**
 * Result of {@code $/lean/plainGoal}: one pretty-printed string per goal ({@code case} line, hypotheses,
 * {@code ⊢ target}); no goals means the state there is solved.
 */
public record PlainGoal(String rendered, List<String> goals) {
    public PlainGoal {
        goals = goals == null ? List.of() : List.copyOf(goals);
    }
}
