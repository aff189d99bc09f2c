package dev.leanforge.bridge.lsp;

import org.eclipse.lsp4j.Range;

/** Result of {@code $/lean/plainTermGoal}: hypotheses and expected type of the term at the position. */
public record PlainTermGoal(String goal, Range range) {
}
