package dev.leanforge.loop.store;

import dev.leanforge.bridge.verdict.Verdict;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a campaign has done so far, as stored.
 *
 * @param theoremsAttempted theorems with at least one stored attempt
 * @param theoremsSolved    theorems with a recorded (rechecked) proof from one of the campaign's attempts
 * @param verdicts          stored attempts by verdict status; every status is present (0 when none), in
 *                          {@link Verdict.Status} order
 */
public record CampaignCounts(int theoremsAttempted, int theoremsSolved, Map<Verdict.Status, Integer> verdicts) {
    public CampaignCounts {
        EnumMap<Verdict.Status, Integer> all = new EnumMap<>(Verdict.Status.class);
        for (Verdict.Status status : Verdict.Status.values()) {
            all.put(status, verdicts.getOrDefault(status, 0));
        }
        verdicts = Collections.unmodifiableMap(all); // in Verdict.Status order
    }

    /** All stored attempts. */
    public int attempts() {
        return verdicts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
