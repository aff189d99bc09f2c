package dev.leanforge.loop.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.loop.progress.CampaignProgress;
import dev.leanforge.loop.proof.CampaignSpec;
import dev.leanforge.loop.store.NewCheckpoint;
import dev.leanforge.loop.store.Round;
import dev.leanforge.loop.store.Store;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the dashboard shows about results: each campaign's STaR origin, per-interval throughput, finished campaigns
 * kept in the live view, training logs of a run's rounds, and the campaign detail page.
 */
class DashboardResultsTest {

    private static final String HOST = "127.0.0.1";

    @TempDir
    Path tmp;

    private Vertx vertx;
    private WebClient client;
    private long starCampaign;

    @BeforeEach
    void start() throws Exception {
        Path storeFile = DashboardData.write(tmp.resolve("runs/leanforge.db"));
        Path runDir = tmp.resolve("runs/star/star-x");
        Files.createDirectories(runDir.resolve("round-0/model"));
        Files.writeString(runDir.resolve("round-0/model/trainer_state.json"), """
                {"objective": "sft", "step": 2, "totalSteps": 2, "global_step": 2, "max_steps": 2,
                 "log_history": [
                   {"epoch": 0.5, "grad_norm": 1.5, "learning_rate": 0.001, "loss": 5.5, "tokens_per_second": 900.0,
                    "step": 1},
                   {"epoch": 1.0, "grad_norm": 1.2, "learning_rate": 0.0005, "loss": 4.25, "tokens_per_second": 950.0,
                    "step": 2},
                   {"epoch": 1.0, "eval_loss": 4.5, "step": 2}]}
                """);
        try (Store store = Store.open(storeFile)) {
            Round round0 = store.openRound("star-x", 0);
            starCampaign = store.createCampaign(new CampaignSpec("core-logic", Optional.of("valid"), "sample",
                    "model:" + runDir.resolve("round-0/model"), "{}", Optional.of(round0.id()))).id();
            store.finishRound(round0.id(), new NewCheckpoint(runDir.resolve("round-0/model").toString(),
                    "{\"valid\": {\"pass@1\": 0.5}}", true), "{\"round\": 0}");
        }
        vertx = Vertx.vertx();
        HttpApiVerticle api = new HttpApiVerticle(new HttpApiOptions(HOST, 0, storeFile, Duration.ofSeconds(15)),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        HttpApiVerticleTest.await(vertx.deployVerticle(api));
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost(HOST).setDefaultPort(api.actualPort()));
    }

    @AfterEach
    void stop() throws Exception {
        HttpApiVerticleTest.await(vertx.close());
    }

    private JsonObject getJson(String uri) throws Exception {
        HttpResponse<Buffer> response = HttpApiVerticleTest.await(client.get(uri).send());
        assertThat(response.statusCode()).as(uri + ": " + response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject();
    }

    @Test
    void everyCampaignSaysWhichRunRoundPhaseAndCheckpointItUsed() throws Exception {
        JsonArray campaigns = getJson("/api/campaigns").getJsonArray("campaigns");

        JsonObject star = campaigns.getJsonObject(campaigns.size() - 1);
        assertThat(star.getLong("id")).isEqualTo(starCampaign);
        assertThat(star.getJsonObject("origin")).isEqualTo(new JsonObject().put("run", "star-x").put("round", 0)
                .put("phase", "evaluation").put("checkpoint", "round-0/model"));
        assertThat(campaigns.getJsonObject(0).getJsonObject("origin").getString("checkpoint")).isEqualTo("scripted");
        assertThat(campaigns.getJsonObject(0).getJsonObject("origin").getValue("run")).isNull();

        JsonObject detail = getJson("/api/campaigns/" + DashboardData.FINISHED);
        assertThat(detail.getJsonArray("passAtK")).isEmpty(); // its config has no budget this build knows
        assertThat(detail.getJsonObject("time").getDouble("checkSeconds")).isPositive();
    }

    @Test
    void trainingLogsOfARunsRoundsAreServedFromTheirTrainerState() throws Exception {
        JsonArray runs = getJson("/api/training").getJsonArray("runs");

        JsonObject run = runs.stream().map(JsonObject.class::cast).filter(r -> r.getString("run").equals("star-x"))
                .findFirst().orElseThrow();
        JsonObject training = run.getJsonArray("trainings").getJsonObject(0);
        assertThat(training.getInteger("round")).isZero();
        assertThat(training.getString("phase")).isEqualTo("sft");
        assertThat(training.getLong("globalStep")).isEqualTo(2);
        assertThat(training.getLong("maxSteps")).isEqualTo(2);
        JsonArray log = training.getJsonArray("logHistory");
        assertThat(log).hasSize(3);
        assertThat(log.getJsonObject(1).getDouble("loss")).isEqualTo(4.25);
        assertThat(log.getJsonObject(2).getDouble("eval_loss")).isEqualTo(4.5);
    }

    @Test
    void throughputIsPerIntervalNotTheRunsAverage() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<LiveProgress.Received> events = List.of(
                new LiveProgress.Received(DashboardData.progress(1, 10, false), t0),
                new LiveProgress.Received(DashboardData.progress(2, 40, false), t0.plusSeconds(10)),
                new LiveProgress.Received(DashboardData.progress(3, 45, false), t0.plusSeconds(20)),
                new LiveProgress.Received(DashboardData.progress(1, 3, false), t0.plusSeconds(25)));

        List<LiveProgress.Sample> samples = LiveProgress.throughput(events);

        assertThat(samples.get(0).intervalChecksPerSecond()).isEmpty();
        assertThat(samples.get(1).intervalChecksPerSecond().getAsDouble()).isEqualTo(3.0);
        assertThat(samples.get(2).intervalChecksPerSecond().getAsDouble()).isEqualTo(0.5);
        assertThat(samples.get(3).intervalChecksPerSecond()).as("a count that went down: a restart").isEmpty();
    }

    @Test
    void aFinishedCampaignStaysInTheLiveView() throws Exception {
        publish(DashboardData.progress(10, 20, true));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JsonObject status = getJson("/api/status");
        while (status.getJsonArray("finished").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            status = getJson("/api/status");
        }
        assertThat(status.getJsonArray("running")).isEmpty();
        assertThat(status.getJsonArray("finished")).hasSize(1);
        assertThat(status.getJsonArray("finished").getJsonObject(0).getBoolean("finished")).isTrue();

        JsonObject sample = getJson("/api/throughput").getJsonArray("samples").getJsonObject(0);
        assertThat(sample.getInteger("attempts")).isEqualTo(20);
        assertThat(sample.containsKey("intervalChecksPerSecond")).isTrue();
    }

    @Test
    void theCampaignPageAndTheChartsArePartOfThePage() throws Exception {
        HttpResponse<Buffer> page = HttpApiVerticleTest.await(client.get("/campaign.html").send());
        assertThat(page.statusCode()).isEqualTo(200);
        String html = page.bodyAsString();
        List<String> references = new ArrayList<>();
        Matcher reference = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
        while (reference.find()) {
            references.add(reference.group(1));
        }
        assertThat(references).containsExactlyInAnyOrder("favicon.svg", "dashboard.css", "campaign.js", "./");
        String script = HttpApiVerticleTest.await(client.get("/campaign.js").send()).bodyAsString();
        assertThat(script).contains("'api/campaigns/' + id", "/attempts?limit=", "verdict")
                .doesNotContain("http://", "https://", "innerHTML");

        String index = HttpApiVerticleTest.await(client.get("/").send()).bodyAsString();
        assertThat(index).contains("<svg id=\"training-chart\"");
        String dashboard = HttpApiVerticleTest.await(client.get("/dashboard.js").send()).bodyAsString();
        assertThat(dashboard).contains("getJson('api/training')", "intervalChecksPerSecond", "stroke-dasharray",
                "campaign.html?id=", "origin").doesNotContain("innerHTML");
    }

    private void publish(CampaignProgress progress) {
        vertx.eventBus().publish(CampaignProgress.ADDRESS, progress.toJson());
    }
}
