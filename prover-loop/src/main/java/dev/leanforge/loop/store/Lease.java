package dev.leanforge.loop.store;

import java.time.Duration;
import java.time.Instant;

/** A campaign's lease: who runs it, and when that run last said it is alive. */
public record Lease(long campaignId, LeaseOwner owner, Instant heartbeat) {

    /** How long ago the owner was last seen; never negative, even where clocks disagree a little. */
    public Duration age(Instant now) {
        Duration age = Duration.between(heartbeat, now);
        return age.isNegative() ? Duration.ZERO : age;
    }
}
