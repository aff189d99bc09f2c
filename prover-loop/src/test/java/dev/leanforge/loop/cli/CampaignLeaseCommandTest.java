package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.loop.app.StrictVertx;
import dev.leanforge.loop.campaign.TinySets;
import dev.leanforge.loop.store.Campaign;
import dev.leanforge.loop.store.CampaignStatus;
import dev.leanforge.loop.store.LeaseOwner;
import dev.leanforge.loop.store.LeaseTerms;
import dev.leanforge.loop.store.Store;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code campaign run} while another process holds the campaign's lease: refused while that process is alive,
 * resumed once its lease is stale (it was killed on another host). The other process is a lease row written with
 * the store's own API and its heartbeat placed in time, so nothing waits.
 */
class CampaignLeaseCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<StrictVertx> instances = new ArrayList<>();

    @AfterEach
    void noBlockedThreads() throws Exception {
        CampaignRunCommandTest.assertNoBlockedThreads(instances);
    }

    private int run(List<String> args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return CampaignRunCommandTest.run(instances, out, err, args);
    }

    /** A campaign left RUNNING (its policy has no answer for t_other), then leased to a process on another host. */
    private List<String> campaignHeldElsewhere(Instant lastSeen) throws IOException {
        TinySets.write(tmp.resolve("theorems"), "tiny", new LinkedHashMap<>(Map.of()) {{
                put("t_two", ": 2 + 2 = 4");
                put("t_other", ": 3 = 3");
            }});
        Path standIn = StandInRules.create().rule(r -> r.match("by decide").axioms()).writeTo(tmp);
        Path rules = Files.writeString(tmp.resolve("policy.yaml"),
                "rules:\n  - match: 'theorem t_two\\b'\n    completions: [by decide]\n");
        List<String> args = List.of("--set", "tiny", "--theorems-dir", tmp.resolve("theorems").toString(),
                "--policy", "scripted:" + rules, "--store", tmp.resolve("s.db").toString(), "--server-cmd",
                StandInCommand.forRules(standIn), "--project-dir", tmp.toString(), "--lean-version", "stand-in",
                "--workers", "1", "--in-flight", "1", "--progress", "false", "--json");
        assertThat(run(args)).as(err.toString()).isEqualTo(1);
        Files.writeString(rules, Files.readString(rules) + "default: [by decide]\n");

        LeaseOwner other = new LeaseOwner("node-7.example", 4242, Instant.parse("2025-06-01T00:00:00Z"), "other");
        try (Store store = Store.open(tmp.resolve("s.db"))) {
            Campaign campaign = store.campaigns().get(0);
            store.claimCampaign(campaign.spec(), new LeaseTerms(other, LeaseTerms.DEFAULT_TTL,
                    LeaseTerms.DEFAULT_HEARTBEAT, InstantSource.fixed(lastSeen), owner -> false));
        }
        return args;
    }

    @Test
    void aCampaignAnotherLiveProcessRunsIsRefusedNamingItAndNothingIsSearched() throws IOException {
        List<String> args = campaignHeldElsewhere(Instant.now());

        int code = run(args);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("campaign 1 is being run by another process (pid 4242 on host "
                + "node-7.example, last seen ", "s ago); wait for it or stop it");
        try (Store store = Store.open(tmp.resolve("s.db"))) {
            assertThat(store.attempts(1)).as("nothing searched").hasSize(1);
            assertThat(store.lease(1)).as("still the other process's")
                    .hasValueSatisfying(lease -> assertThat(lease.owner().pid()).isEqualTo(4242));
        }
    }

    @Test
    void aStaleLeaseOfAKilledRunDoesNotBlockResuming() throws IOException {
        List<String> args = campaignHeldElsewhere(Instant.now().minus(LeaseTerms.DEFAULT_TTL)
                .minus(Duration.ofSeconds(1)));

        int code = run(args);

        assertThat(code).as(err.toString()).isZero();
        JsonNode summary = JSON.readTree(out.toString());
        assertThat(summary.get("resumed").asBoolean()).isTrue();
        assertThat(summary.get("attemptsThisRun").asInt()).as("t_two is not redone").isEqualTo(1);
        try (Store store = Store.open(tmp.resolve("s.db"))) {
            assertThat(store.campaigns()).singleElement()
                    .satisfies(c -> assertThat(c.status()).isEqualTo(CampaignStatus.FINISHED));
            assertThat(store.lease(1)).as("released at the end").isEmpty();
        }
    }
}
