package dev.leanforge.loop.campaign;

import java.time.Duration;
import java.util.UUID;

/**
 * The event-bus addresses of one running campaign's policy and Lean verticles (Lean: check, recheck, goal states).
 * Unique per run, so several campaigns can share one Vert.x instance (e.g. under {@code leanforge serve}).
 */
record CampaignAddresses(String policy, String check, String recheck, String goals) {

    /**
     * The reply timeout of the campaign's requests: a backstop against a lost reply, never the mechanism that ends a
     * check (the pool answers {@code TIMEOUT} itself) or a policy call (policies bound their own work).
     */
    static final Duration REPLY_BACKSTOP = Duration.ofHours(6);

    static CampaignAddresses unique() {
        String base = "leanforge.campaign." + UUID.randomUUID();
        return new CampaignAddresses(base + ".policy", base + ".check", base + ".recheck", base + ".goals");
    }
}
