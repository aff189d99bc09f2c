package dev.leanforge.loop.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.leanforge.loop.check.VerdictJson;
import dev.leanforge.loop.ledger.LedgerEntry;
import dev.leanforge.loop.progress.CampaignProgress;
import dev.leanforge.loop.campaign.StoredCampaign;
import dev.leanforge.loop.store.Campaign;
import dev.leanforge.loop.store.CampaignCounts;
import dev.leanforge.loop.store.Checkpoint;
import dev.leanforge.loop.store.RecordedProof;
import dev.leanforge.loop.store.Round;
import dev.leanforge.loop.store.StoredAttempt;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The JSON the API answers with, built from the store's values; field names are documented in docs/dashboard.md. */
public final class ApiJson {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private ApiJson() {
    }

    static ObjectNode campaign(Campaign campaign, CampaignCounts counts, Optional<LiveProgress.Received> live,
                               StoredCampaign.Origin origin) {
        ObjectNode node = MAPPER.createObjectNode()
                .put("id", campaign.id())
                .put("set", campaign.spec().set())
                .put("split", campaign.spec().split().orElse(null))
                .put("strategy", campaign.spec().strategy())
                .put("policy", campaign.spec().policy());
        node.put("roundId", campaign.spec().roundId().orElse(null));
        ObjectNode from = node.putObject("origin");
        from.put("run", origin.run().orElse(null));
        from.put("round", origin.round().isPresent() ? origin.round().getAsInt() : null);
        from.put("phase", origin.phase().orElse(null));
        from.put("checkpoint", origin.checkpoint());
        node.put("createdAt", campaign.createdAt().toString())
                .put("status", campaign.status().name())
                .put("theoremsAttempted", counts.theoremsAttempted())
                .put("theoremsSolved", counts.theoremsSolved())
                .put("attempts", counts.attempts());
        ObjectNode verdicts = node.putObject("verdicts");
        counts.verdicts().forEach((status, count) -> verdicts.put(status.name(), count));
        node.set("live", live.map(ApiJson::progress).orElse(null));
        return node;
    }

    /**
     * A campaign with its configuration, the names of its solved theorems, and pass@k and timings recomputed from
     * its attempts (over the theorems with attempts: the server does not read theorem sets).
     */
    static ObjectNode campaignDetail(StoredCampaign shown, Optional<LiveProgress.Received> live,
                                     List<String> solvedTheorems) {
        ObjectNode node = campaign(shown.campaign(), shown.counts(), live, shown.origin());
        node.set("config", parse(shown.campaign().spec().configJson()));
        ArrayNode solved = node.putArray("solvedTheorems");
        solvedTheorems.forEach(solved::add);
        ArrayNode passAtK = node.putArray("passAtK");
        shown.passAtK().forEach(p -> passAtK.add(MAPPER.valueToTree(p)));
        node.put("passAtKOver", shown.passAtKOver());
        ObjectNode time = node.putObject("time");
        time.put("lastAttemptAt", shown.timings().lastAttempt().map(Instant::toString).orElse(null))
                .put("spanSeconds", shown.timings().spanSeconds())
                .put("checkSeconds", shown.timings().checkSeconds());
        return node;
    }

    /** An attempt: its verdict as {@code leanforge check --json} shows one, plus where it sits in the campaign. */
    public static ObjectNode attempt(StoredAttempt stored) {
        var attempt = stored.attempt();
        ObjectNode node = MAPPER.createObjectNode()
                .put("id", stored.id())
                .put("attemptIndex", attempt.attemptIndex());
        node.setAll(VerdictJson.of(attempt.theorem(), attempt.verdict(), attempt.verdict().messages()));
        node.put("proof", attempt.proof());
        if (attempt.policyLogProb().isPresent()) {
            node.put("policyLogProb", attempt.policyLogProb().getAsDouble());
        } else {
            node.putNull("policyLogProb");
        }
        node.put("createdAt", stored.createdAt().toString());
        return node;
    }

    /** A recorded proof: the ledger's fields, plus its row id and the attempt that found it. */
    static ObjectNode proof(RecordedProof recorded) {
        ObjectNode node = MAPPER.createObjectNode().put("id", recorded.id());
        node.put("attemptId", recorded.attemptId().orElse(null));
        node.setAll((ObjectNode) MAPPER.valueToTree(LedgerEntry.of(recorded)));
        return node;
    }

    /** A STaR round, its checkpoint when it has one, and the pass@k values of that checkpoint's metrics. */
    static ObjectNode round(Round round, Optional<Checkpoint> checkpoint) {
        ObjectNode node = MAPPER.createObjectNode()
                .put("id", round.id())
                .put("number", round.number())
                .put("status", round.status().name())
                .put("startedAt", round.startedAt().toString())
                .put("finishedAt", round.finishedAt().map(Instant::toString).orElse(null));
        node.set("report", round.reportJson().map(ApiJson::parse).orElse(null));
        node.set("checkpoint", checkpoint.map(ApiJson::checkpoint).orElse(null));
        ArrayNode passAtK = node.putArray("passAtK");
        checkpoint.ifPresent(c -> CheckpointPassAtK.of(parse(c.checkpoint().metricsJson())).forEach(point ->
                passAtK.addObject().put("split", point.split()).put("k", point.k()).put("value", point.value())));
        return node;
    }

    private static ObjectNode checkpoint(Checkpoint checkpoint) {
        ObjectNode node = MAPPER.createObjectNode()
                .put("path", checkpoint.checkpoint().path())
                .put("promoted", checkpoint.checkpoint().promoted())
                .put("createdAt", checkpoint.createdAt().toString());
        node.set("metrics", parse(checkpoint.checkpoint().metricsJson()));
        return node;
    }

    /** A progress event as the server relays it: the published fields plus {@code receivedAt}. */
    static ObjectNode progress(LiveProgress.Received received) {
        ObjectNode node = parse(received.progress().toJson().encode());
        node.put("receivedAt", received.at().toString());
        return node;
    }

    static ObjectNode error(String message) {
        return MAPPER.createObjectNode().put("error", message);
    }

    /** {@code {"field": [items]}} */
    static ObjectNode list(String field, List<? extends JsonNode> items) {
        ObjectNode node = MAPPER.createObjectNode();
        node.putArray(field).addAll(items);
        return node;
    }

    static ObjectNode page(String field, List<? extends JsonNode> items, int total, int limit, int offset) {
        ObjectNode node = MAPPER.createObjectNode().put("total", total).put("limit", limit).put("offset", offset);
        node.putArray(field).addAll(items);
        return node;
    }

    static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static ObjectNode parse(String jsonObject) {
        try {
            return (ObjectNode) MAPPER.readTree(jsonObject);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("not a JSON object: " + jsonObject, e);
        }
    }
}
