package dev.leanforge.loop.campaign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.search.Outcomes;
import dev.leanforge.loop.search.SampleOutcomes;
import dev.leanforge.loop.search.SearchStrategy;
import dev.leanforge.loop.proof.Attempt;
import dev.leanforge.loop.theorems.Theorem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The end of a campaign: pass@k, solved theorems, verdict counts and where the time went. Counts and pass@k cover
 * the whole campaign (an earlier, killed run included, read back from the store); times are this run's.
 *
 * @param resumed           whether this run continued a campaign an earlier run had started
 * @param settings          what the campaign was run with: the budget, sampling and Lean settings
 * @param solved            theorems with a verified (fresh-rechecked, recorded) proof
 * @param recheckRejections this run's proofs a warm server accepted and the fresh-process recheck refused
 */
public record CampaignSummary(long campaignId, boolean resumed, String set, String split, String strategy,
                              String policy, Map<String, Object> settings, int theorems, int solved,
                              List<PassAtKValue> passAtK, long attempts, long attemptsThisRun,
                              Map<Verdict.Status, Long> verdicts, int recheckRejections, TimeSpent time) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public CampaignSummary {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        passAtK = List.copyOf(passAtK);
        verdicts = Collections.unmodifiableMap(new EnumMap<>(verdicts));
    }

    /**
     * pass@k over the theorems whose samples can tell ({@link SampleOutcomes#passAt}).
     *
     * @param value   the mean; null when no theorem has enough decided samples
     * @param leftOut theorems left out: too few decided samples (crashes, timeouts) and no verified one
     */
    public record PassAtKValue(int k, Double value, int theorems, int leftOut) {}

    /**
     * Where this run's time went. Policy, Lean and store times are busy times summed over parallel work, so together
     * they may exceed the wall time.
     *
     * @param goalStateSeconds warm goal-state requests of tactic search (0 for other strategies)
     * @param checks          warm checks this run
     * @param checksPerSecond warm checks per second of wall time
     */
    public record TimeSpent(double wallSeconds, double policySeconds, double checkSeconds, double goalStateSeconds,
                            double recheckSeconds, double storeSeconds, long checks, double checksPerSecond) {

        public double leanSeconds() {
            return checkSeconds + goalStateSeconds + recheckSeconds;
        }
    }

    /**
     * The summary of {@code attempts}, all stored attempts of the campaign, in any order. Public for callers that
     * summarise a campaign finished earlier without running it again (a resumed STaR round).
     */
    public static CampaignSummary of(CampaignPlan plan, long campaignId, boolean resumed, List<Attempt> attempts,
                              long attemptsThisRun, int recheckRejections, TimeSpent time) {
        EnumMap<Verdict.Status, Long> verdicts = new EnumMap<>(Verdict.Status.class);
        for (Verdict.Status status : Verdict.Status.values()) {
            verdicts.put(status, 0L);
        }
        for (Attempt attempt : attempts) {
            verdicts.merge(attempt.verdict().status(), 1L, Long::sum);
        }
        List<String> names = plan.theorems().stream().map(Theorem::name).toList();
        int solved = solved(names, attempts);
        List<PassAtKValue> passAtK = passAtK(plan.strategy(), names, attempts);
        return new CampaignSummary(campaignId, resumed, plan.spec().set(), plan.splitName(), plan.spec().strategy(),
                plan.spec().policy(), plan.recorded(), plan.theorems().size(), solved, passAtK, attempts.size(),
                attemptsThisRun, verdicts, recheckRejections, time);
    }

    /** How many of {@code theorems} have a verified attempt among {@code attempts}. */
    public static int solved(Collection<String> theorems, List<Attempt> attempts) {
        Set<String> proved = new HashSet<>();
        attempts.stream().filter(Outcomes::verified).forEach(a -> proved.add(a.theorem()));
        return (int) theorems.stream().filter(proved::contains).count();
    }

    /**
     * pass@k for every k {@code strategy} reports, averaged over {@code theorems} (a theorem without attempts is a
     * sample as the strategy counts one); attempts on other theorems are ignored.
     */
    public static List<PassAtKValue> passAtK(SearchStrategy strategy, Collection<String> theorems,
            List<Attempt> attempts) {
        Map<String, List<Attempt>> byTheorem = new LinkedHashMap<>();
        for (String theorem : theorems) {
            byTheorem.put(theorem, new ArrayList<>());
        }
        for (Attempt attempt : attempts) {
            List<Attempt> own = byTheorem.get(attempt.theorem());
            if (own != null) {
                own.add(attempt);
            }
        }
        List<SampleOutcomes> samples = new ArrayList<>();
        for (List<Attempt> own : byTheorem.values()) {
            own.sort(Comparator.comparingInt(Attempt::attemptIndex));
            samples.add(strategy.samples(own));
        }
        List<PassAtKValue> passAtK = new ArrayList<>();
        for (int k : strategy.reportedK()) {
            double sum = 0;
            int counted = 0;
            for (SampleOutcomes theorem : samples) {
                OptionalDouble estimate = theorem.passAt(k);
                if (estimate.isPresent()) {
                    sum += estimate.getAsDouble();
                    counted++;
                }
            }
            passAtK.add(new PassAtKValue(k, counted == 0 ? null : sum / counted, counted, samples.size() - counted));
        }
        return passAtK;
    }

    /** The summary as one JSON object (the fields of this record). */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a summary always serialises", e);
        }
    }

    /** The summary for people, a few lines. */
    public String text() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "campaign %d: set %s, split %s, strategy %s, policy %s%s%n", campaignId,
                set, split, strategy, policy, resumed ? " (resumed)" : ""));
        out.append("settings: ").append(settings).append('\n');
        out.append(String.format(Locale.ROOT, "theorems %d, solved %d (%.1f%%)%n", theorems, solved,
                100.0 * solved / theorems));
        out.append(passAtK.stream().map(CampaignSummary::describe).collect(Collectors.joining("; "))).append('\n');
        out.append(String.format(Locale.ROOT, "attempts %d (%d this run): %s%n", attempts, attemptsThisRun,
                verdicts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", "))));
        if (recheckRejections > 0) {
            out.append(String.format(Locale.ROOT, "warning: the fresh-process recheck refused %d proof(s) a warm "
                    + "server accepted; they are stored as failed, not as proofs%n", recheckRejections));
        }
        String goalStates = time.goalStateSeconds() > 0
                ? String.format(Locale.ROOT, "goal states %.1f s, ", time.goalStateSeconds()) : "";
        out.append(String.format(Locale.ROOT, "time: wall %.1f s; policy %.1f s; Lean %.1f s (warm checks %.1f s, "
                        + "%sfresh rechecks %.1f s); store %.1f s; %.2f checks/s (busy times add up over parallel "
                        + "work)%n", time.wallSeconds(), time.policySeconds(), time.leanSeconds(),
                time.checkSeconds(), goalStates, time.recheckSeconds(), time.storeSeconds(),
                time.checksPerSecond()));
        return out.toString();
    }

    /** {@code pass@K VALUE over N theorems}, with how many were left out. */
    public static String describe(PassAtKValue p) {
        String value = p.value() == null ? "n/a" : String.format(Locale.ROOT, "%.4f", p.value());
        String left = p.leftOut() == 0 ? "" : ", " + p.leftOut() + " left out (too few decided samples)";
        return "pass@" + p.k() + " " + value + " over " + p.theorems() + " theorems" + left;
    }
}
