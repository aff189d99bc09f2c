package dev.leanforge.loop.http;

import dev.leanforge.loop.progress.CampaignProgress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.OptionalDouble;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the server has heard from campaigns since it started: the latest event of each, and the recent throughput
 * samples (one per event, the oldest dropped beyond {@link #MAX_SAMPLES}). Used from one event-loop context only.
 */
final class LiveProgress {

    static final int MAX_SAMPLES = 2_000;

    /** A progress event and when this server received it. */
    record Received(CampaignProgress progress, Instant at) {
    }

    private final Map<Long, Received> latest = new LinkedHashMap<>();
    private final Deque<Received> samples = new ArrayDeque<>();

    void record(Received received) {
        latest.put(received.progress().campaignId(), received);
        samples.addLast(received);
        if (samples.size() > MAX_SAMPLES) {
            samples.removeFirst();
        }
    }

    /** The latest event of every campaign heard of, in the order they were first heard of. */
    Collection<Received> latest() {
        return List.copyOf(latest.values());
    }

    Optional<Received> latest(long campaignId) {
        return Optional.ofNullable(latest.get(campaignId));
    }

    /** The latest event of every campaign heard of, by campaign id: a copy, safe to read on a worker thread. */
    Map<Long, Received> latestByCampaign() {
        return Map.copyOf(latest);
    }

    /** Campaigns whose latest event is not the final one. */
    List<Received> running() {
        List<Received> running = new ArrayList<>();
        for (Received received : latest.values()) {
            if (!received.progress().finished()) {
                running.add(received);
            }
        }
        return running;
    }

    /** Campaigns whose latest event is the final one: they ended while this server listened. */
    List<Received> finished() {
        List<Received> finished = new ArrayList<>();
        for (Received received : latest.values()) {
            if (received.progress().finished()) {
                finished.add(received);
            }
        }
        return finished;
    }

    /**
     * A throughput sample: an event, and the checks per second since the campaign's previous event (its attempts'
     * growth over the time between the two), or empty for a campaign's first event or one whose count went down (a
     * resumed campaign counting from 0 again).
     */
    record Sample(Received received, OptionalDouble intervalChecksPerSecond) {}

    /** {@link #samples()} with the checks per second of each interval: the current pace, not the run's average. */
    List<Sample> throughput() {
        return throughput(samples());
    }

    static List<Sample> throughput(List<Received> events) {
        Map<Long, Received> previous = new HashMap<>();
        List<Sample> samples = new ArrayList<>();
        for (Received received : events) {
            Received before = previous.put(received.progress().campaignId(), received);
            OptionalDouble rate = OptionalDouble.empty();
            if (before != null) {
                double seconds = Duration.between(before.at(), received.at()).toNanos() / 1e9;
                int checks = received.progress().attempts() - before.progress().attempts();
                if (seconds > 0 && checks >= 0) {
                    rate = OptionalDouble.of(checks / seconds);
                }
            }
            samples.add(new Sample(received, rate));
        }
        return samples;
    }

    /** Recent events, oldest first: the throughput history. */
    List<Received> samples() {
        return List.copyOf(samples);
    }
}
