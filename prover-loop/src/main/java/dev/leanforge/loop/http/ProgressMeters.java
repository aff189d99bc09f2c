package dev.leanforge.loop.http;

import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.progress.CampaignProgress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * The leanforge meters, fed from campaign progress events. Events carry running totals, so the counters grow by
 * the difference to the campaign's previous event; a total that went down means the campaign restarted counting
 * (a resumed process), and then the whole new total is added, as Prometheus treats a counter reset.
 *
 * <p>Names as Prometheus shows them: counters {@code leanforge_checks_total}, {@code leanforge_verdicts_total}
 * (label {@code status}), {@code leanforge_progress_events_total}, {@code leanforge_progress_events_invalid_total};
 * gauges {@code leanforge_campaign_theorems}, {@code leanforge_campaign_theorems_done},
 * {@code leanforge_campaign_theorems_solved}, {@code leanforge_campaign_checks_per_second},
 * {@code leanforge_campaigns_live}. Per-campaign meters carry {@code campaign} (the id) and {@code set}. (No gauge
 * name ends in {@code _total}: Prometheus reserves that suffix for counters and strips it from gauges.)
 *
 * <p>Fed from one event-loop context; gauges read the latest event through an {@link AtomicReference}, so a scrape
 * from any thread sees a whole event.
 */
final class ProgressMeters {

    private final MeterRegistry registry;
    private final Map<Long, CampaignMeters> campaigns = new HashMap<>();
    private final AtomicInteger live = new AtomicInteger();
    private final Counter events;
    private final Counter invalidEvents;

    ProgressMeters(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("leanforge.campaigns.live", live, AtomicInteger::get)
                .description("Campaigns whose latest progress event is not the final one")
                .register(registry);
        events = Counter.builder("leanforge.progress.events")
                .description("Campaign progress events received").register(registry);
        invalidEvents = Counter.builder("leanforge.progress.events.invalid")
                .description("Campaign progress events that could not be read (logged)").register(registry);
    }

    void record(CampaignProgress progress) {
        events.increment();
        CampaignMeters meters = campaigns.computeIfAbsent(progress.campaignId(), id -> new CampaignMeters(progress));
        CampaignProgress previous = meters.latest.getAndSet(progress);
        if (previous != progress) {
            meters.checks.increment(growth(previous.attempts(), progress.attempts()));
            for (Verdict.Status status : Verdict.Status.values()) {
                meters.verdicts.get(status).increment(
                        growth(previous.verdicts().get(status), progress.verdicts().get(status)));
            }
        }
        live.set((int) campaigns.values().stream().filter(m -> !m.latest.get().finished()).count());
    }

    void recordInvalid() {
        invalidEvents.increment();
    }

    private static int growth(int before, int now) {
        return now >= before ? now - before : now;
    }

    /** The meters of one campaign; created at its first event, with the counters at that event's totals. */
    private final class CampaignMeters {
        final AtomicReference<CampaignProgress> latest;
        final Counter checks;
        final Map<Verdict.Status, Counter> verdicts = new HashMap<>();

        CampaignMeters(CampaignProgress first) {
            latest = new AtomicReference<>(first);
            Tags tags = Tags.of("campaign", Long.toString(first.campaignId()), "set", first.set());
            checks = Counter.builder("leanforge.checks").description("Candidate proofs checked")
                    .tags(tags).register(registry);
            checks.increment(first.attempts());
            for (Verdict.Status status : Verdict.Status.values()) {
                Counter counter = Counter.builder("leanforge.verdicts").description("Checks by verdict status")
                        .tags(tags).tag("status", status.name()).register(registry);
                counter.increment(first.verdicts().get(status));
                verdicts.put(status, counter);
            }
            gauge("leanforge.campaign.theorems", "Theorems the campaign searches", tags,
                    CampaignProgress::theoremsTotal);
            gauge("leanforge.campaign.theorems.done", "Theorems whose search finished", tags,
                    CampaignProgress::theoremsDone);
            gauge("leanforge.campaign.theorems.solved", "Theorems with a verified proof", tags,
                    CampaignProgress::solved);
            gauge("leanforge.campaign.checks.per.second", "The campaign's current throughput", tags,
                    CampaignProgress::checksPerSecond);
        }

        private void gauge(String name, String description, Tags tags, ToDoubleFunction<CampaignProgress> value) {
            Gauge.builder(name, latest, ref -> value.applyAsDouble(ref.get()))
                    .description(description).tags(tags).register(registry);
        }
    }
}
