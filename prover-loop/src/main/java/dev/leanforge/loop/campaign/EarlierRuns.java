package dev.leanforge.loop.campaign;

import dev.leanforge.loop.proof.Attempt;
import dev.leanforge.loop.proof.TacticStep;
import dev.leanforge.loop.store.Store;
import dev.leanforge.loop.store.StoredAttempt;
import dev.leanforge.loop.store.StoredTacticStep;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What earlier runs of a resumed campaign stored, by theorem: its attempts in attempt-index order, and its tactic steps
 * in the order they were stored. Empty for a new campaign.
 */
record EarlierRuns(List<Attempt> all, Map<String, List<Attempt>> attempts, Map<String, List<TacticStep>> steps) {

    /** Reads campaign {@code campaignId}'s attempts and steps. Blocking: on the store thread. */
    static EarlierRuns read(Store store, long campaignId) {
        List<Attempt> all = store.attempts(campaignId).stream().map(StoredAttempt::attempt).toList();
        Map<String, List<Attempt>> attempts = new LinkedHashMap<>();
        for (Attempt attempt : all) {
            attempts.computeIfAbsent(attempt.theorem(), t -> new ArrayList<>()).add(attempt);
        }
        attempts.values().forEach(list -> list.sort(Comparator.comparingInt(Attempt::attemptIndex)));
        Map<String, List<TacticStep>> steps = new HashMap<>();
        for (StoredTacticStep stored : store.tacticSteps(campaignId)) {
            steps.computeIfAbsent(stored.step().theorem(), t -> new ArrayList<>()).add(stored.step());
        }
        return new EarlierRuns(all, attempts, steps);
    }

    List<Attempt> attemptsOf(String theorem) {
        return attempts.getOrDefault(theorem, List.of());
    }

    List<TacticStep> stepsOf(String theorem) {
        return steps.getOrDefault(theorem, List.of());
    }
}
