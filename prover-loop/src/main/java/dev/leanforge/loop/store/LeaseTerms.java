package dev.leanforge.loop.store;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How one run holds campaign leases: as {@code self}, renewing every {@code heartbeatEvery}; another owner's lease
 * not renewed for {@code ttl} is stale and may be taken over (its process was killed, or hangs), and so is one whose
 * owner is {@code gone} (a process of this host that has ended: taken over at once, so a killed run resumes without
 * waiting). The clock is a parameter so tests move time by hand.
 */
public record LeaseTerms(LeaseOwner self, Duration ttl, Duration heartbeatEvery, InstantSource clock,
                         Predicate<LeaseOwner> gone) {

    /** Several missed heartbeats before a lease counts as stale: a long GC pause or a slow disk is not a death. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(5);

    public LeaseTerms {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(gone, "gone");
        if (heartbeatEvery.isNegative() || heartbeatEvery.isZero() || ttl.compareTo(heartbeatEvery) <= 0) {
            throw new IllegalArgumentException("a lease needs 0 < heartbeatEvery < ttl, got " + heartbeatEvery
                    + " and " + ttl);
        }
    }

    /** A new run of this process, on the system clock. */
    public static LeaseTerms forThisProcess() {
        return new LeaseTerms(LeaseOwner.thisProcess(), DEFAULT_TTL, DEFAULT_HEARTBEAT, InstantSource.system(),
                LeaseOwner::isGoneFromThisHost);
    }

    Instant now() {
        return clock.instant();
    }

    /** Whether {@code lease} may be taken by this run. */
    boolean mayTake(Lease lease, Instant now) {
        return lease.owner().equals(self) || lease.age(now).compareTo(ttl) > 0 || gone.test(lease.owner());
    }
}
