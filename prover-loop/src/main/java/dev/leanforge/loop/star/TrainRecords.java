package dev.leanforge.loop.star;

import dev.leanforge.loop.store.Attempt;
import dev.leanforge.loop.store.Campaign;
import dev.leanforge.loop.store.CampaignSpec;
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
 * built from them, so nothing an earlier round found is dropped.
 */
record TrainRecords(List<Attempt> attempts, List<TacticPair> pairs) {

    TrainRecords {
        attempts = List.copyOf(attempts);
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
        List<TacticPair> pairs = new ArrayList<>();
        for (Campaign campaign : store.campaigns()) {
            CampaignSpec spec = campaign.spec();
            if (spec.roundId().map(rounds::contains).orElse(false)
                    && spec.split().equals(Optional.of(Split.TRAIN.word()))) {
                store.attempts(campaign.id()).forEach(a -> attempts.add(a.attempt()));
                pairs.addAll(store.tacticPairs(campaign.id()));
            }
        }
        return new TrainRecords(attempts, pairs);
    }

    /** These records and the attempts of the campaign {@code campaignId}. */
    TrainRecords withAttemptsOf(Store store, long campaignId) {
        List<Attempt> more = new ArrayList<>(attempts);
        store.attempts(campaignId).forEach(a -> more.add(a.attempt()));
        return new TrainRecords(more, pairs);
    }

    /** The dataset these records make for the {@code train} theorems. */
    StarDataset dataset(List<Theorem> train, int proofsPerTheorem) {
        return StarDataset.of(train, attempts, pairs, proofsPerTheorem);
    }
}
