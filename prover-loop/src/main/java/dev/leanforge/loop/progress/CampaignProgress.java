package dev.leanforge.loop.progress;

import dev.leanforge.bridge.verdict.Verdict;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where a running campaign stands: published on the event bus at {@link #ADDRESS} after each finished theorem and
 * once more at the end ({@code finished}). Every count is the campaign's running total, so a reader that missed
 * events still shows the right numbers.
 *
 * @param split           empty for a campaign over the whole set
 * @param attempts        checks done so far (one per attempt)
 * @param checksPerSecond the campaign's current throughput
 * @param verdicts        attempts by verdict status; every status present, in {@link Verdict.Status} order
 */
public record CampaignProgress(long campaignId, String set, Optional<String> split, String strategy,
                               int theoremsDone, int theoremsTotal, int solved, int attempts, double checksPerSecond,
                               Map<Verdict.Status, Integer> verdicts, boolean finished) {

    /** The event-bus address campaign progress is published on, as a JSON object ({@link #toJson()}). */
    public static final String ADDRESS = "leanforge.campaign.progress";

    public CampaignProgress {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(strategy, "strategy");
        requireCount("theoremsDone", theoremsDone);
        requireCount("theoremsTotal", theoremsTotal);
        requireCount("solved", solved);
        requireCount("attempts", attempts);
        if (!(checksPerSecond >= 0) || Double.isInfinite(checksPerSecond)) {
            throw new IllegalArgumentException("checksPerSecond must be a finite number >= 0, got " + checksPerSecond);
        }
        EnumMap<Verdict.Status, Integer> all = new EnumMap<>(Verdict.Status.class);
        for (Verdict.Status status : Verdict.Status.values()) {
            int count = verdicts.getOrDefault(status, 0);
            requireCount("verdicts." + status, count);
            all.put(status, count);
        }
        verdicts = Collections.unmodifiableMap(all);
    }

    /** The event as published: the field names of this record, {@code split} {@code null} when empty. */
    public JsonObject toJson() {
        JsonObject byStatus = new JsonObject();
        verdicts.forEach((status, count) -> byStatus.put(status.name(), count));
        return new JsonObject()
                .put("campaignId", campaignId)
                .put("set", set)
                .put("split", split.orElse(null))
                .put("strategy", strategy)
                .put("theoremsDone", theoremsDone)
                .put("theoremsTotal", theoremsTotal)
                .put("solved", solved)
                .put("attempts", attempts)
                .put("checksPerSecond", checksPerSecond)
                .put("verdicts", byStatus)
                .put("finished", finished);
    }

    /**
     * Reads a published event. A status missing from {@code verdicts} counts 0; a missing field, a value of the
     * wrong type or an unknown status is an {@link IllegalArgumentException} that names the field.
     */
    public static CampaignProgress fromJson(JsonObject json) {
        JsonObject byStatus = field(json, "verdicts", JsonObject.class);
        Map<Verdict.Status, Integer> verdicts = new EnumMap<>(Verdict.Status.class);
        for (String name : byStatus.fieldNames()) {
            verdicts.put(status(name), count(byStatus, name));
        }
        return new CampaignProgress(
                wholeNumber(json, "campaignId"),
                field(json, "set", String.class),
                Optional.ofNullable(json.getValue("split") == null ? null : field(json, "split", String.class)),
                field(json, "strategy", String.class),
                count(json, "theoremsDone"),
                count(json, "theoremsTotal"),
                count(json, "solved"),
                count(json, "attempts"),
                field(json, "checksPerSecond", Number.class).doubleValue(),
                verdicts,
                field(json, "finished", Boolean.class));
    }

    private static <T> T field(JsonObject json, String name, Class<T> type) {
        Object value = json.getValue(name);
        if (value == null) {
            throw new IllegalArgumentException("campaign progress lacks '" + name + "': " + json.encode());
        }
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("campaign progress has '" + name + "' of the wrong type (want "
                    + type.getSimpleName() + "): " + json.encode());
        }
        return type.cast(value);
    }

    private static long wholeNumber(JsonObject json, String name) {
        Number number = field(json, name, Number.class);
        if (!(number instanceof Integer || number instanceof Long)) {
            throw new IllegalArgumentException("campaign progress has '" + name + "' that is not a whole number: "
                    + json.encode());
        }
        return number.longValue();
    }

    private static int count(JsonObject json, String name) {
        long value = wholeNumber(json, name);
        if (value != (int) value) {
            throw new IllegalArgumentException("campaign progress has '" + name + "' out of range: " + json.encode());
        }
        return (int) value;
    }

    private static Verdict.Status status(String name) {
        try {
            return Verdict.Status.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("campaign progress has an unknown verdict status '" + name
                    + "' (known: " + Arrays.stream(Verdict.Status.values()).map(Enum::name)
                    .collect(Collectors.joining(", ")) + ")", e);
        }
    }

    private static void requireCount(String field, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, got " + value);
        }
    }
}
