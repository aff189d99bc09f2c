package dev.leanforge.loop.campaign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.loop.campaign.CampaignSummary.PassAtKValue;
import dev.leanforge.loop.proof.Attempt;
import dev.leanforge.loop.store.Campaign;
import dev.leanforge.loop.store.CampaignCounts;
import dev.leanforge.loop.store.Round;
import dev.leanforge.loop.store.Store;
import dev.leanforge.loop.store.StoredAttempt;
import dev.leanforge.loop.theorems.Theorem;
import dev.leanforge.loop.theorems.TheoremSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A campaign read back from the store for people to look at ({@code campaign show}, the dashboard): its settings,
 * counts, pass@k recomputed from its attempts, timings, and where its policy came from.
 *
 * @param settings       the recorded settings (budget, sampling, Lean), as stored
 * @param passAtK        pass@k as the campaign's strategy counts it; empty when the strategy is unknown to this build
 * @param passAtKOver    which theorems pass@k averages over, in words
 * @param timings        when it ran and how long its checks took
 */
public record StoredCampaign(Campaign campaign, CampaignCounts counts, Origin origin, Map<String, Object> settings,
                             List<PassAtKValue> passAtK, String passAtKOver, Timings timings) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Where a campaign's policy came from.
     *
     * @param run        the STaR run the campaign belongs to, empty for a stand-alone campaign
     * @param round      that run's round number
     * @param phase      {@code search}, {@code rationalization} or {@code evaluation} within the round
     * @param checkpoint the policy in a few words: a model directory as {@code round-N/sft} (the part from the
     *                   round's folder on) or its last two path elements; other policies as given
     */
    public record Origin(Optional<String> run, OptionalInt round, Optional<String> phase, String checkpoint) {

        /** One line: {@code star-x round 2 search, round-1/dpo}, or just the checkpoint. */
        public String describe() {
            if (run.isEmpty()) {
                return checkpoint;
            }
            return run.get() + " round " + round.orElse(-1) + " " + phase.orElse("?") + ", " + checkpoint;
        }
    }

    /**
     * @param started      when the campaign was created
     * @param firstAttempt when its first attempt was stored, if any
     * @param lastAttempt  when its last attempt was stored, if any
     * @param checkSeconds the checks' elapsed times added up (busy time; parallel checks overlap)
     */
    public record Timings(Instant started, Optional<Instant> firstAttempt, Optional<Instant> lastAttempt,
                          double checkSeconds) {

        /** From the campaign's creation to its last stored attempt. */
        public double spanSeconds() {
            return lastAttempt.map(last -> Duration.between(started, last).toMillis() / 1000.0).orElse(0.0);
        }
    }

    /**
     * Reads campaign {@code campaign} back. With {@code set} (the campaign's theorem set, when it can be read),
     * pass@k averages over the theorems of the campaign's split, as the campaign's own summary did; without it, over
     * the theorems that have attempts.
     */
    public static StoredCampaign read(Store store, Campaign campaign, Optional<TheoremSet> set) {
        List<StoredAttempt> stored = store.attempts(campaign.id());
        List<Attempt> attempts = stored.stream().map(StoredAttempt::attempt).toList();
        Map<String, Object> settings = settings(campaign);
        Set<String> theorems = new LinkedHashSet<>();
        String over;
        if (set.isPresent()) {
            set.get().theorems().stream()
                    .filter(t -> campaign.spec().split().map(s -> t.split().word().equals(s)).orElse(true))
                    .map(Theorem::name)
                    .forEach(theorems::add);
            over = "the " + theorems.size() + " theorems of " + campaign.spec().set() + ", split "
                    + campaign.spec().split().orElse("all");
        } else {
            attempts.forEach(a -> theorems.add(a.theorem()));
            over = "the " + theorems.size() + " theorems with attempts (the set was not read)";
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> budget = settings.get("budget") instanceof Map<?, ?> b ? (Map<String, Object>) b : Map.of();
        List<PassAtKValue> passAtK = CampaignPlans.storedStrategy(campaign.spec().strategy(), budget)
                .map(strategy -> CampaignSummary.passAtK(strategy, theorems, attempts))
                .orElse(List.of());
        double checkSeconds = attempts.stream().mapToLong(a -> a.verdict().elapsed().toNanos()).sum() / 1e9;
        Timings timings = new Timings(campaign.createdAt(),
                stored.stream().map(StoredAttempt::createdAt).min(Instant::compareTo),
                stored.stream().map(StoredAttempt::createdAt).max(Instant::compareTo), checkSeconds);
        return new StoredCampaign(campaign, store.counts(campaign.id()), origin(store, campaign), settings, passAtK,
                over, timings);
    }

    /** The recorded settings of {@code campaign} (its config JSON) as a map. */
    public static Map<String, Object> settings(Campaign campaign) {
        try {
            return JSON.readValue(campaign.spec().configJson(), new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    /** Where {@code campaign}'s policy came from; reads the rounds of the store when it belongs to a STaR run. */
    public static Origin origin(Store store, Campaign campaign) {
        return origin(campaign, rounds(store));
    }

    /** {@link #origin(Store, Campaign)} with the store's rounds read once, by id, for many campaigns. */
    public static Origin origin(Campaign campaign, Map<Long, Round> rounds) {
        String checkpoint = checkpoint(campaign.spec().policy());
        Optional<Round> round = campaign.spec().roundId().map(rounds::get);
        if (round.isEmpty()) {
            return new Origin(Optional.empty(), OptionalInt.empty(), Optional.empty(), checkpoint);
        }
        String phase;
        if (campaign.spec().split().filter("train"::equals).isPresent()) {
            phase = settings(campaign).containsKey("prompt") ? "rationalization" : "search";
        } else {
            phase = "evaluation";
        }
        return new Origin(Optional.of(round.get().run()), OptionalInt.of(round.get().number()), Optional.of(phase),
                checkpoint);
    }

    /** Every round of the store by id. */
    public static Map<Long, Round> rounds(Store store) {
        Map<Long, Round> byId = new LinkedHashMap<>();
        for (String run : store.runs()) {
            store.rounds(run).forEach(r -> byId.put(r.id(), r));
        }
        return byId;
    }

    /** A policy in a few words: see {@link Origin#checkpoint}. */
    static String checkpoint(String policy) {
        if (!policy.startsWith("model:")) {
            return policy;
        }
        String path = policy.substring("model:".length()).replace('\\', '/');
        while (path.endsWith("/") && path.length() > 1) {
            path = path.substring(0, path.length() - 1);
        }
        List<String> parts = new ArrayList<>(List.of(path.split("/")));
        parts.removeIf(String::isEmpty);
        for (int i = parts.size() - 1; i >= 0; i--) {
            if (parts.get(i).matches("round-\\d+")) {
                return String.join("/", parts.subList(i, parts.size()));
            }
        }
        int from = Math.max(0, parts.size() - 2);
        return String.join("/", parts.subList(from, parts.size()));
    }
}
