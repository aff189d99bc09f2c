package dev.leanforge.loop.store;

import dev.leanforge.loop.proof.TacticStep;
import dev.leanforge.loop.proof.StepOutcome;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A preference pair at one goal state of a tactic search, for DPO: at {@code goalState} of {@code theorem},
 * {@code chosen} lies on a verified proof and {@code rejected} made Lean report an error (or was refused by the source
 * policy). The prompt is {@code PromptFormat.tactic(goalState)}, as the search asked it. Steps that timed out or
 * crashed never appear here.
 *
 * @param rejectedError what Lean said about {@code rejected}
 */
public record TacticPair(String theorem, String goalState, String chosen, String rejected, String rejectedError) {

    /**
     * Every pair of a step on a verified path and a step that ended in {@link StepOutcome.Error} at the same goal
     * state of the same theorem, each tactic once per goal state (the first error stored for it), in the order the
     * goal states were first stored. {@link StepOutcome.Undecided} steps (timeouts, crashes) are never rejected.
     */
    static List<TacticPair> of(List<StoredTacticStep> steps) {
        record At(String theorem, String goalState) {}
        Map<At, Set<String>> chosen = new LinkedHashMap<>();
        Map<At, Map<String, String>> rejected = new LinkedHashMap<>();
        for (StoredTacticStep stored : steps) {
            TacticStep step = stored.step();
            At at = new At(step.theorem(), step.goalState());
            if (stored.onVerifiedPath()) {
                chosen.computeIfAbsent(at, a -> new LinkedHashSet<>()).add(step.tactic());
            } else if (step.outcome() instanceof StepOutcome.Error error) {
                rejected.computeIfAbsent(at, a -> new LinkedHashMap<>()).putIfAbsent(step.tactic(), error.detail());
            }
        }
        List<TacticPair> pairs = new ArrayList<>();
        chosen.forEach((at, good) -> rejected.getOrDefault(at, Map.of()).forEach((bad, error) -> good.forEach(
                tactic -> pairs.add(new TacticPair(at.theorem(), at.goalState(), tactic, bad, error)))));
        return pairs;
    }
}
