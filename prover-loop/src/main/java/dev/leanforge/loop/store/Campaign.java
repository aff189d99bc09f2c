package dev.leanforge.loop.store;

import dev.leanforge.loop.proof.CampaignSpec;

import java.time.Instant;

/** A campaign as stored. */
public record Campaign(long id, CampaignSpec spec, Instant createdAt, CampaignStatus status) {
}
