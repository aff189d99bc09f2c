package dev.leanforge.loop.store;

import static dev.leanforge.loop.store.StoreTest.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who runs a campaign: {@link Store#claimCampaign} takes a lease, {@link Store#renewLease} is the heartbeat. Time is
 * a hand-moved clock, so nothing here sleeps.
 */
class CampaignLeaseTest {

    private static final Duration TTL = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

    @TempDir
    Path tmp;

    private Store store;
    private Instant now = T0;
    private final InstantSource clock = () -> now;

    @BeforeEach
    void open() {
        store = Store.open(tmp.resolve("leanforge.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A run in another process on another host: never known to be gone, only stale. */
    private LeaseTerms elsewhere(long pid) {
        return new LeaseTerms(new LeaseOwner("node-" + pid, pid, T0.minusSeconds(600), "run-" + pid), TTL,
                Duration.ofSeconds(5), clock, owner -> false);
    }

    @Test
    void aLiveOwnerKeepsTheCampaignAndTheOtherIsToldWhoAndHowLongAgo() {
        CampaignClaim first = store.claimCampaign(spec("{}"), elsewhere(101));
        assertThat(first.resumed()).isFalse();
        now = T0.plusSeconds(12);

        assertThatThrownBy(() -> store.claimCampaign(spec("{}"), elsewhere(202)))
                .isInstanceOf(CampaignBusyException.class)
                .hasMessageStartingWith("campaign " + first.campaign().id() + " is being run by another process "
                        + "(pid 101 on host node-101, last seen 12s ago); wait for it or stop it");
        assertThat(store.campaigns()).as("no second campaign was started").hasSize(1);
    }

    @Test
    void heartbeatsKeepALeaseAliveAndAStaleOneIsTakenOverThenTheOldOwnerLearnsIt() {
        LeaseTerms first = elsewhere(101);
        long id = store.claimCampaign(spec("{}"), first).campaign().id();
        now = T0.plus(TTL);
        store.renewLease(id, first);
        now = now.plus(TTL);
        assertThatThrownBy(() -> store.claimCampaign(spec("{}"), elsewhere(202)))
                .as("renewed a TTL ago: not stale yet").isInstanceOf(CampaignBusyException.class);

        now = now.plusSeconds(1);
        CampaignClaim taken = store.claimCampaign(spec("{}"), elsewhere(202));

        assertThat(taken.campaign().id()).isEqualTo(id);
        assertThat(taken.resumed()).isTrue();
        assertThat(store.lease(id)).hasValueSatisfying(l -> assertThat(l.owner().pid()).isEqualTo(202));
        assertThatThrownBy(() -> store.renewLease(id, first))
                .isInstanceOf(CampaignBusyException.class)
                .hasMessageContaining("campaign " + id + " was taken over by another process (pid 202 on host "
                        + "node-202)");
    }

    @Test
    void anOwnerThatIsGoneFromThisHostDoesNotBlockEvenBeforeItsLeaseIsStale() {
        LeaseOwner killed = new LeaseOwner("here", 303, T0, "run-303");
        LeaseTerms first = new LeaseTerms(killed, TTL, Duration.ofSeconds(5), clock, owner -> false);
        long id = store.claimCampaign(spec("{}"), first).campaign().id();
        LeaseTerms second = new LeaseTerms(new LeaseOwner("here", 404, T0, "run-404"), TTL, Duration.ofSeconds(5),
                clock, killed::equals);

        assertThat(store.claimCampaign(spec("{}"), second).campaign().id()).isEqualTo(id);
    }

    @Test
    void aReleasedCampaignIsFreeAtOnceAndAFinishedOneIsNotClaimedAgain() {
        LeaseTerms first = elsewhere(101);
        long id = store.claimCampaign(spec("{}"), first).campaign().id();
        store.releaseLease(id, first.self());
        assertThat(store.lease(id)).isEmpty();

        assertThat(store.claimCampaign(spec("{}"), elsewhere(202)).campaign().id()).isEqualTo(id);

        store.setCampaignStatus(id, CampaignStatus.FINISHED);
        CampaignClaim next = store.claimCampaign(spec("{}"), elsewhere(303));
        assertThat(next.campaign().id()).isNotEqualTo(id);
        assertThat(next.resumed()).isFalse();
    }

    @Test
    void theOwnerOfThisProcessIsHostPidAndStartAndIsNotGone() {
        LeaseOwner self = LeaseOwner.thisProcess();

        assertThat(self.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(self.isGoneFromThisHost()).isFalse();
        assertThat(new LeaseOwner(self.host(), self.pid(), self.processStart().minusSeconds(1), "x")
                .isGoneFromThisHost()).as("same pid, another start: the pid was reused").isTrue();
        assertThat(new LeaseOwner("elsewhere.invalid", self.pid(), self.processStart(), "x").isGoneFromThisHost())
                .as("a process on another host cannot be looked at").isFalse();
    }
}
