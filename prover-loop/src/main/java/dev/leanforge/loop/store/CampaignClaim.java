package dev.leanforge.loop.store;

/** A campaign this run now holds the lease of: resumed (it was {@code RUNNING} already) or just created. */
public record CampaignClaim(Campaign campaign, boolean resumed) {}
