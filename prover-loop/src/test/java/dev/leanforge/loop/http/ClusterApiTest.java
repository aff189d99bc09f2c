package dev.leanforge.loop.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.loop.cluster.ClusterSnapshot;
import dev.leanforge.loop.cluster.LeaseKind;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/cluster}: the workers of the cluster this process coordinates, for the dashboard's card. */
class ClusterApiTest {

    @TempDir
    Path tmp;

    private Vertx vertx;
    private WebClient client;
    private final AtomicReference<ClusterSnapshot> snapshot = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        Path store = DashboardData.write(tmp.resolve("leanforge.db"));
        vertx = Vertx.vertx();
        HttpApiVerticle api = new HttpApiVerticle(new HttpApiOptions("127.0.0.1", 0, store, Duration.ofSeconds(1)),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> Optional.ofNullable(snapshot.get()));
        await(vertx.deployVerticle(api));
        client = WebClient.create(vertx);
        port = api.actualPort();
    }

    private int port;

    @AfterEach
    void stop() throws Exception {
        await(vertx.close());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private JsonObject cluster() throws Exception {
        HttpResponse<Buffer> response = await(client.get(port, "127.0.0.1", "/api/cluster").send());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.bodyAsJsonObject();
    }

    private static final ClusterSnapshot.Worker W1 = new ClusterSnapshot.Worker("w1", "4.24.0",
            ClusterSnapshot.State.UP, Map.of(), Set.of(LeaseKind.Family.LEAN), 4, 1, 3, ClusterSnapshot.PolicySlots.NONE,
            120, 2.5, 1, 1, 1, 130, 1, 40);
    private static final ClusterSnapshot.Worker W2 = new ClusterSnapshot.Worker("w2", "4.24.0",
            ClusterSnapshot.State.LOST, Map.of(), Set.of(), 2, 1, 0, ClusterSnapshot.PolicySlots.NONE, 7, 0, 2, 2, 0, 7,
            0, 9);
    /** Lean and a policy; its Lean is not the pinned one, its policy still serves. */
    private static final ClusterSnapshot.Worker GPU = new ClusterSnapshot.Worker("gpu", "4.19.0",
            ClusterSnapshot.State.UP, Map.of(LeaseKind.Family.LEAN, new ClusterSnapshot.Exclusion(
                    ClusterSnapshot.Exclusion.Until.END_OF_RUN, "worker gpu runs Lean 4.19.0; the campaign pins 4.24.0")),
            Set.of(LeaseKind.Family.POLICY), 1, 0, 1,
            new ClusterSnapshot.PolicySlots(2, 1, 17, "model:/models/prover", true), 17, 0.5, 0, 0, 0, 17, 0, 12);

    @Test
    void showsEachWorkerAndTheSizeWhileCoordinatingAndNullOtherwise() throws Exception {
        assertThat(cluster().containsKey("cluster")).isTrue();
        assertThat(cluster().getValue("cluster")).isNull();

        snapshot.set(new ClusterSnapshot("lab", "4.24.0", List.of(W1, W2), 5));
        JsonObject shown = cluster().getJsonObject("cluster");
        assertThat(shown.getString("clusterName")).isEqualTo("lab");
        assertThat(shown.getInteger("size")).isEqualTo(1);
        assertThat(shown.getInteger("queued")).isEqualTo(5);
        JsonObject w1 = shown.getJsonArray("workers").getJsonObject(0);
        assertThat(w1.getString("id")).isEqualTo("w1");
        assertThat(w1.getString("state")).isEqualTo("UP");
        assertThat(w1.getInteger("warmCapacity")).isEqualTo(4);
        assertThat(w1.getInteger("inFlight")).isEqualTo(3);
        assertThat(w1.getLong("checksDone")).isEqualTo(120);
        assertThat(w1.getDouble("checksPerSecond")).isEqualTo(2.5);
        assertThat(w1.getLong("lateAnswers")).isEqualTo(1);
        assertThat(shown.getJsonArray("workers").getJsonObject(1).getLong("lostLeases")).isEqualTo(2);
        assertThat(w1.getJsonObject("policy").getInteger("capacity")).as("offers no policy").isZero();
        assertThat(w1.getJsonObject("excluded")).isEmpty();
        assertThat(w1.getJsonArray("serving")).containsExactly("LEAN");
    }

    @Test
    void showsPolicySlotsAndWhatAWorkerIsExcludedFrom() throws Exception {
        snapshot.set(new ClusterSnapshot("lab", "4.24.0", List.of(W1, W2, GPU), 5));
        JsonObject shown = cluster().getJsonObject("cluster");
        assertThat(shown.getInteger("size")).as("w1 for Lean, gpu for the policy").isEqualTo(2);
        assertThat(shown.getInteger("takingLean")).isEqualTo(1);
        assertThat(shown.getInteger("takingPolicy")).isEqualTo(1);
        JsonObject gpu = shown.getJsonArray("workers").getJsonObject(2);
        assertThat(gpu.getString("state")).as("up: its policy still serves").isEqualTo("UP");
        assertThat(gpu.getJsonArray("serving")).containsExactly("POLICY");
        assertThat(gpu.getJsonObject("excluded").getJsonObject("LEAN").getString("until")).isEqualTo("END_OF_RUN");
        assertThat(gpu.getJsonObject("excluded").getJsonObject("LEAN").getString("why"))
                .isEqualTo("worker gpu runs Lean 4.19.0; the campaign pins 4.24.0");
        JsonObject policy = gpu.getJsonObject("policy");
        assertThat(policy.getInteger("capacity")).isEqualTo(2);
        assertThat(policy.getInteger("inFlight")).isEqualTo(1);
        assertThat(policy.getLong("callsDone")).isEqualTo(17);
        assertThat(policy.getString("description")).isEqualTo("model:/models/prover");
        assertThat(policy.getBoolean("matches")).isTrue();
    }

    @Test
    void theDashboardsClusterCardShowsPolicySlotsAndExclusions() throws Exception {
        String index = await(client.get(port, "127.0.0.1", "/").send()).bodyAsString();
        assertThat(index).contains("<th class=\"num\">policy slots</th>", "<th class=\"num\">policy calls</th>");
        String script = await(client.get(port, "127.0.0.1", "/dashboard.js").send()).bodyAsString();
        assertThat(script).contains("getJson('api/cluster')", "w.policy.capacity", "w.policy.inFlight",
                "w.policy.callsDone", "workerPolicy(w.policy)", "policy.description", "policy.matches", "w.excluded", "takingPolicy",
                "' excluded: '").doesNotContain("innerHTML");
    }
}
