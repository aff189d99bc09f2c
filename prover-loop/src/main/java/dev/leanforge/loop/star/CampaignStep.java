package dev.leanforge.loop.star;

import dev.leanforge.loop.campaign.CampaignPlan;
import dev.leanforge.loop.campaign.CampaignSummary;
import dev.leanforge.loop.proof.Attempt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * What one of a round's campaigns found, as the round report and the round's state file keep it.
 *
 * @param passAtK        {@code pass@K} → value, for the k the strategy reports (those with no value left out)
 * @param wallSeconds    this process's wall time of the campaign (0 when it had finished before a resume)
 * @param policySeconds  busy time of the policy
 * @param leanSeconds    busy time of warm checks and fresh-process rechecks
 * @param byTheorem      the headline pass@k (largest k) per theorem, those the campaign could not estimate left
 *                       out; what promotion's bootstrap resamples (empty in reports of earlier versions)
 */
public record CampaignStep(long campaignId, String split, String policy, Map<String, Double> passAtK, int theorems,
                           int solved, long attempts, double wallSeconds, double policySeconds, double leanSeconds,
                           Map<String, Double> byTheorem) {

    public CampaignStep {
        passAtK = Collections.unmodifiableMap(new LinkedHashMap<>(passAtK));
        byTheorem = byTheorem == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(byTheorem));
    }

    /** The headline pass@k of each theorem of {@code plan} from the campaign's stored {@code attempts}. */
    static Map<String, Double> byTheorem(CampaignPlan plan, List<Attempt> attempts) {
        int k = plan.strategy().reportedK().stream().max(Integer::compare).orElse(1);
        Map<String, List<Attempt>> own = new LinkedHashMap<>();
        plan.theorems().forEach(t -> own.put(t.name(), new ArrayList<>()));
        for (Attempt attempt : attempts) {
            List<Attempt> list = own.get(attempt.theorem());
            if (list != null) {
                list.add(attempt);
            }
        }
        Map<String, Double> values = new LinkedHashMap<>();
        own.forEach((theorem, list) -> {
            list.sort(Comparator.comparingInt(Attempt::attemptIndex));
            OptionalDouble value = plan.strategy().samples(list).passAt(k);
            if (value.isPresent()) {
                values.put(theorem, value.getAsDouble());
            }
        });
        return values;
    }

    static CampaignStep of(CampaignSummary summary, Map<String, Double> byTheorem) {
        Map<String, Double> passAtK = new LinkedHashMap<>();
        for (CampaignSummary.PassAtKValue p : summary.passAtK()) {
            if (p.value() != null) {
                passAtK.put("pass@" + p.k(), p.value());
            }
        }
        CampaignSummary.TimeSpent time = summary.time();
        return new CampaignStep(summary.campaignId(), summary.split(), summary.policy(), passAtK, summary.theorems(),
                summary.solved(), summary.attempts(), time.wallSeconds(), time.policySeconds(), time.leanSeconds(),
                byTheorem);
    }

    /** The pass@k with the largest k, the number promotion compares; 0 when there is none. */
    public static double headline(Map<String, Double> passAtK) {
        return passAtK.getOrDefault(headlineKey(passAtK), 0.0);
    }

    /** {@code pass@K} for the largest K in {@code passAtK}; {@code pass@k} when it is empty. */
    public static String headlineKey(Map<String, Double> passAtK) {
        return passAtK.keySet().stream()
                .max(Comparator.comparingInt(k -> Integer.parseInt(k.substring("pass@".length()))))
                .orElse("pass@k");
    }
}
