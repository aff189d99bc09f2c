package dev.leanforge.loop.proof;

import java.util.Objects;
import java.util.Optional;

/**
 * What a campaign runs: everything that must match for {@code campaign run} to resume it rather than start anew.
 *
 * @param set        theorem set name, e.g. {@code core-nat}
 * @param split      {@code train}, {@code valid}, {@code test}; empty for the whole set
 * @param strategy   search strategy name
 * @param policy     policy description (model checkpoint, endpoint)
 * @param configJson the campaign's full configuration as a JSON object; the store keeps it in a canonical form
 *                   (keys sorted, no spaces), so two specs with the same settings compare equal after a round trip
 * @param roundId    the STaR round this campaign belongs to, empty for a stand-alone campaign
 */
public record CampaignSpec(String set, Optional<String> split, String strategy, String policy, String configJson,
                           Optional<Long> roundId) {
    public CampaignSpec {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(configJson, "configJson");
        Objects.requireNonNull(roundId, "roundId");
    }
}
