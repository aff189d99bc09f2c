package dev.leanforge.loop.campaign;

import dev.leanforge.bridge.verdict.Verdict;
import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A campaign's progress, published as JSON on {@link #ADDRESS} after each finished theorem and once at the end
 * ({@code finished: true}). Counts cover the whole campaign, a resumed run included; {@code checksPerSecond} is
 * this run's warm checks per second of its wall time.
 */
public record CampaignProgress(long campaignId, String set, String split, String strategy, int theoremsDone,
                               int theoremsTotal, int solved, long attempts, double checksPerSecond,
                               Map<Verdict.Status, Long> verdicts, boolean finished) {

    /** The event-bus address progress is published on. */
    public static final String ADDRESS = "leanforge.campaign.progress";

    public CampaignProgress {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(strategy, "strategy");
        EnumMap<Verdict.Status, Long> all = new EnumMap<>(Verdict.Status.class);
        for (Verdict.Status status : Verdict.Status.values()) {
            all.put(status, verdicts.getOrDefault(status, 0L));
        }
        verdicts = all;
    }

    /**
     * {@code {"campaignId", "set", "split", "strategy", "theoremsDone", "theoremsTotal", "solved", "attempts",
     * "checksPerSecond", "verdicts": {"PROVED": n, "FAILED": n, "REJECTED": n, "TIMEOUT": n, "CRASHED": n},
     * "finished"}}; {@code split} is {@code all} for a whole set.
     */
    public JsonObject toJson() {
        JsonObject counts = new JsonObject();
        verdicts.forEach((status, n) -> counts.put(status.name(), n));
        return new JsonObject()
                .put("campaignId", campaignId)
                .put("set", set)
                .put("split", split)
                .put("strategy", strategy)
                .put("theoremsDone", theoremsDone)
                .put("theoremsTotal", theoremsTotal)
                .put("solved", solved)
                .put("attempts", attempts)
                .put("checksPerSecond", checksPerSecond)
                .put("verdicts", counts)
                .put("finished", finished);
    }

    /** The event read back, e.g. by a dashboard or the command line's progress bar. */
    public static CampaignProgress fromJson(JsonObject json) {
        EnumMap<Verdict.Status, Long> counts = new EnumMap<>(Verdict.Status.class);
        JsonObject verdicts = json.getJsonObject("verdicts");
        for (Verdict.Status status : Verdict.Status.values()) {
            counts.put(status, verdicts.getLong(status.name(), 0L));
        }
        return new CampaignProgress(json.getLong("campaignId"), json.getString("set"), json.getString("split"),
                json.getString("strategy"), json.getInteger("theoremsDone"), json.getInteger("theoremsTotal"),
                json.getInteger("solved"), json.getLong("attempts"), json.getDouble("checksPerSecond"), counts,
                json.getBoolean("finished"));
    }
}
