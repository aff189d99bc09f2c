package dev.leanforge.loop.star;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.loop.proof.Attempt;
import dev.leanforge.loop.store.Campaign;
import dev.leanforge.loop.proof.CampaignSpec;
import dev.leanforge.loop.store.Round;
import dev.leanforge.loop.store.Store;
import dev.leanforge.loop.store.TacticPair;
import dev.leanforge.loop.theorems.Split;
import dev.leanforge.loop.theorems.Theorem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a STaR run's train-split campaigns (search and rationalization) of rounds 1 … N stored: every attempt, and
 * the tactic-search pairs at goal states (only best-first campaigns store tactic steps). The dataset of round N is
 * built from them, so nothing an earlier round found is dropped. The candidate's evaluation on the train split
 * ({@link StarRun#CANDIDATE_TRAIN}) is a measurement, not data: its attempts are left out, and so are GRPO's
 * error-feedback retries ({@link StarRun#ERROR_FEEDBACK}), sampled behind another prompt.
 *
 * @param attempts     the search campaigns' attempts
 * @param rationalized the rationalization campaigns' attempts
 */
record TrainRecords(List<Attempt> attempts, List<Attempt> rationalized, List<TacticPair> pairs) {

    private static final ObjectMapper JSON = new ObjectMapper();

    TrainRecords {
        attempts = List.copyOf(attempts);
        rationalized = List.copyOf(rationalized);
        pairs = List.copyOf(pairs);
    }

    /** The records of the run {@code run}'s train-split campaigns in rounds 1 … {@code lastRound}. */
    static TrainRecords read(Store store, String run, int lastRound) {
        Set<Long> rounds = new LinkedHashSet<>();
        for (Round round : store.rounds(run)) {
            if (round.number() >= 1 && round.number() <= lastRound) {
                rounds.add(round.id());
            }
        }
        List<Attempt> attempts = new ArrayList<>();
        List<Attempt> rationalized = new ArrayList<>();
        List<TacticPair> pairs = new ArrayList<>();
        for (Campaign campaign : store.campaigns()) {
            CampaignSpec spec = campaign.spec();
            if (spec.roundId().map(rounds::contains).orElse(false)
                    && spec.split().equals(Optional.of(Split.TRAIN.word()))) {
                String purpose = purpose(spec.configJson());
                if (purpose.equals(StarRun.CANDIDATE_TRAIN) || purpose.equals(StarRun.ERROR_FEEDBACK)) {
                    continue;
                }
                List<Attempt> into = purpose.equals(StarRun.RATIONALIZATION) ? rationalized : attempts;
                store.attempts(campaign.id()).forEach(a -> into.add(a.attempt()));
                pairs.addAll(store.tacticPairs(campaign.id()));
            }
        }
        return new TrainRecords(attempts, rationalized, pairs);
    }

    /**
     * The step a round's campaign was run for, as recorded with its settings ({@code "purpose"}); campaigns of
     * earlier versions recorded none: a rationalization then has a {@code "prompt"}, a search nothing.
     */
    static String purpose(String configJson) {
        try {
            JsonNode config = JSON.readTree(configJson);
            if (config.hasNonNull("purpose")) {
                return config.get("purpose").asText();
            }
            return config.has("prompt") ? StarRun.RATIONALIZATION : StarRun.SEARCH;
        } catch (JsonProcessingException e) {
            return StarRun.SEARCH;
        }
    }

    /** These records and the attempts of the search campaign {@code campaignId}. */
    TrainRecords withAttemptsOf(Store store, long campaignId) {
        List<Attempt> more = new ArrayList<>(attempts);
        store.attempts(campaignId).forEach(a -> more.add(a.attempt()));
        return new TrainRecords(more, rationalized, pairs);
    }

    /** The dataset these records make for the {@code train} theorems. */
    StarDataset dataset(List<Theorem> train, StarDataset.Sources sources) {
        return StarDataset.of(train, attempts, rationalized, pairs, sources);
    }
}
