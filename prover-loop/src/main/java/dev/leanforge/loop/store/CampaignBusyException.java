package dev.leanforge.loop.store;

import java.time.Instant;
import java.util.Optional;

/** Another run holds the campaign's lease: it is running it now, or took it over from this run. */
public final class CampaignBusyException extends StoreException {

    private CampaignBusyException(String message) {
        super(message);
    }

    /** This run wanted to start or resume the campaign that {@code held}'s owner runs. */
    static CampaignBusyException busy(Lease held, LeaseTerms terms, Instant now) {
        return new CampaignBusyException("campaign " + held.campaignId() + " is being run by another "
                + who(held.owner(), terms) + ", last seen " + held.age(now).toSeconds() + "s ago); wait for it or "
                + "stop it. A run that was killed on another host holds it until " + terms.ttl().toSeconds()
                + "s after it was last seen.");
    }

    /** This run's lease was taken over, after this run missed its heartbeats for longer than the TTL. */
    static CampaignBusyException lost(long campaignId, Optional<Lease> taker, LeaseTerms terms) {
        String by = taker.map(lease -> " by another " + who(lease.owner(), terms) + ")").orElse("");
        return new CampaignBusyException("campaign " + campaignId + " was taken over" + by + " after this run was "
                + "not seen for " + terms.ttl().toSeconds() + "s; this run stops, what it stored is kept");
    }

    private static String who(LeaseOwner owner, LeaseTerms terms) {
        String process = owner.pid() == terms.self().pid() && owner.host().equals(terms.self().host())
                ? "run in this process" : "process";
        return process + " (pid " + owner.pid() + " on host " + owner.host();
    }
}
