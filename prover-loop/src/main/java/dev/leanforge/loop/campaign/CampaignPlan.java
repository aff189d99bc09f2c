package dev.leanforge.loop.campaign;

import dev.leanforge.loop.app.CheckerVerticle;
import dev.leanforge.loop.policy.PolicyKind;
import dev.leanforge.loop.search.SearchStrategy;
import dev.leanforge.loop.proof.CampaignSpec;
import dev.leanforge.loop.theorems.Theorem;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a campaign run needs, resolved and checked: what to search, how, with which policy and Lean. Built by
 * {@link CampaignPlans#prepare}; run by {@link CampaignRunner#run}.
 *
 * @param spec          how the store identifies the campaign: the same spec resumes an unfinished campaign
 * @param recorded      the settings recorded with the campaign (the spec's config JSON): budget, sampling, Lean
 * @param theorems      the theorems to search, in the set's order
 * @param inFlight      most attempts being checked, rechecked or stored at once, over all theorems
 * @param policyWorkers policy requests served at once
 */
public record CampaignPlan(CampaignSpec spec, Map<String, Object> recorded, List<Theorem> theorems,
                           SearchStrategy strategy, SamplingSettings sampling, PolicyKind.Opening policy,
                           CheckerVerticle.Settings lean, Provenance provenance, int inFlight, int policyWorkers) {

    public CampaignPlan {
        Objects.requireNonNull(spec, "spec");
        recorded = Collections.unmodifiableMap(new LinkedHashMap<>(recorded)); // ordered; values may be null
        theorems = List.copyOf(theorems);
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(lean, "lean");
        Objects.requireNonNull(provenance, "provenance");
        if (theorems.isEmpty()) {
            throw new IllegalArgumentException("a campaign needs at least one theorem");
        }
        if (inFlight < 1 || policyWorkers < 1) {
            throw new IllegalArgumentException("inFlight and policyWorkers must be at least 1");
        }
    }

    /** The split as progress events and reports name it: the split's word, or {@code all}. */
    public String splitName() {
        return spec.split().orElse("all");
    }
}
