package dev.leanforge.loop.cluster;

import static dev.leanforge.loop.cluster.Ports.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.pool.PoolConfig;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.app.CheckerVerticle;
import dev.leanforge.loop.bus.BusCodecs;
import dev.leanforge.loop.campaign.Ticker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.ClientAuth;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS on the clustered event bus, in one JVM: clustered Vert.x instances from {@link ClusterVertx#start}, joined
 * by Hazelcast on 127.0.0.1 with a cluster name of their own, with stores made by keytool at test time
 * ({@link TestCertificates}). Nodes of one CA talk; a node without TLS, or with a certificate of another CA, joins
 * Hazelcast's membership (that is not protected) but can neither deliver a message to a TLS node nor answer one —
 * so it can neither forge a verdict nor make a coordinator lease to it.
 */
@Tag("cluster")
class ClusterTlsBusTest {

    private static final String VERSION = "stand-in (test double)";
    /** Long enough for a message to cross nodes many times over; a rogue's messages must be lost within it. */
    private static final long SHORT_MS = 3_000;

    @TempDir
    static Path certs;

    private static TestCertificates ca;
    private static Path node;
    private static Path otherCaNode;
    private static TestCertificates otherCa;

    @TempDir
    Path tmp;

    private String clusterName;
    private final List<Integer> ports = new ArrayList<>();
    private final List<Vertx> nodes = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() {
        ca = TestCertificates.ca(certs, "leanforge");
        node = ca.node("node");
        otherCa = TestCertificates.ca(certs, "other");
        otherCaNode = otherCa.node("node");
    }

    @BeforeEach
    void name() {
        clusterName = "lf-tls-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void leave() throws Exception {
        Ports.closeAll(nodes);
    }

    private static ClusterTls ours() {
        return new ClusterTls(node, ca.trustStore(), TestCertificates.PASSWORD);
    }

    private static ClusterTls otherCas() {
        return new ClusterTls(otherCaNode, otherCa.trustStore(), TestCertificates.PASSWORD);
    }

    /**
     * Starts nodes at once (Hazelcast joins faster together), node i with {@code tls[i]}; a node of
     * {@link #otherCas()} is a lenient rogue: TLS with its own certificate, but trusting every server and asking
     * clients for none, so only the honest node's own checks can stop a connection.
     */
    @SafeVarargs
    private List<Vertx> start(Optional<ClusterTls>... tls) throws Exception {
        for (int i = 0; i < tls.length; i++) {
            ports.add(Ports.free());
        }
        List<String> members = ports.stream().map(p -> "127.0.0.1:" + p).toList();
        List<Future<Vertx>> starting = new ArrayList<>();
        for (int i = 0; i < tls.length; i++) {
            ClusterOptions options = ClusterOptions.builder().members(members).clusterName(clusterName)
                    .port(ports.get(i)).tls(tls[i]).build();
            if (tls[i].filter(t -> t.keyStore().equals(otherCaNode)).isPresent()) {
                EventBusOptions lenient = ClusterVertx.eventBusOptions(options).setClientAuth(ClientAuth.NONE)
                        .setTrustAll(true);
                starting.add(Vertx.builder().with(new VertxOptions().setEventBusOptions(lenient))
                        .withClusterManager(new HazelcastClusterManager(ClusterVertx.hazelcastConfig(options)))
                        .buildClustered());
            } else {
                starting.add(ClusterVertx.start(options));
            }
        }
        List<Vertx> started = new ArrayList<>();
        for (Future<Vertx> f : starting) {
            Vertx vertx = await(f, 120);
            BusCodecs.register(vertx);
            nodes.add(vertx);
            started.add(vertx);
        }
        return started;
    }



    /** An echo consumer on {@code vertx} at {@code address}, counting what it receives, registered cluster-wide. */
    private static List<String> echo(Vertx vertx, String address, String answer) throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        MessageConsumer<String> consumer = vertx.eventBus().consumer(address, m -> {
            received.add(m.body());
            m.reply(answer + m.body());
        });
        await(consumer.completion(), 30);
        return received;
    }

    /**
     * Requests {@code address} from {@code from}; while the registration has not reached {@code from} yet (no
     * handlers), asks again.
     */
    private static Future<String> request(Vertx from, String address, String body) {
        CompletableFuture<String> out = new CompletableFuture<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        attempt(from, address, body, deadline, out);
        return Future.fromCompletionStage(out);
    }

    private static void attempt(Vertx from, String address, String body, long deadline,
            CompletableFuture<String> out) {
        from.eventBus().<String>request(address, body, new DeliveryOptions().setSendTimeout(SHORT_MS))
                .onSuccess(m -> out.complete(m.body()))
                .onFailure(e -> {
                    if (e instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS
                            && System.nanoTime() < deadline) {
                        from.setTimer(100, t -> attempt(from, address, body, deadline, out));
                    } else {
                        out.completeExceptionally(e);
                    }
                });
    }

    /** Asserts {@code request} fails, and not for want of a handler: the address was known, the message was lost. */
    private static void assertLost(Future<String> request, String what) throws Exception {
        try {
            String answer = await(request, 30);
            throw new AssertionError(what + ": answered \"" + answer + "\"");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).as(what).isInstanceOf(ReplyException.class);
            assertThat(((ReplyException) e.getCause()).failureType()).as(what + ": " + e.getCause())
                    .isNotEqualTo(ReplyFailure.NO_HANDLERS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + ": neither answered nor failed", e);
        }
    }

    @Test
    void nodesWithCertificatesOfOneCaTalk() throws Exception {
        List<Vertx> two = start(Optional.of(ours()), Optional.of(ours()));
        // The consumer exists on node A only: the request from node B crosses the event bus, over TLS.
        List<String> onA = echo(two.get(0), "tls.echo", "A got ");
        assertThat(await(request(two.get(1), "tls.echo", "hello from B"), 30)).isEqualTo("A got hello from B");
        assertThat(onA).containsExactly("hello from B");
    }

    @Test
    void aNodeWithoutTlsOrWithAnotherCaNeitherDeliversNorAnswers() throws Exception {
        // The node of another CA accepts any connection: only the TLS node's own checks keep the lease from it.
        List<Vertx> three = start(Optional.of(ours()), Optional.empty(), Optional.of(otherCas()));
        Vertx trusted = three.get(0);
        Vertx plain = three.get(1);
        Vertx foreign = three.get(2);
        List<String> onTrusted = echo(trusted, "tls.lease", "verdict for ");
        List<String> onPlain = echo(plain, "forged.plain", "PROVED ");
        List<String> onForeign = echo(foreign, "forged.foreign", "PROVED ");

        assertLost(request(plain, "tls.lease", "from a node without TLS"), "a node without TLS sending");
        assertLost(request(foreign, "tls.lease", "from a node of another CA"), "a node of another CA sending");
        assertLost(request(trusted, "forged.plain", "lease"), "a node without TLS answering");
        assertLost(request(trusted, "forged.foreign", "lease"), "a node of another CA answering");
        assertThat(onTrusted).isEmpty();
        assertThat(onPlain).isEmpty();
        assertThat(onForeign).isEmpty();
    }

    @Test
    void aCoordinatorWithTlsLeasesOnlyToWorkersWithTls() throws Exception {
        List<Vertx> three = start(Optional.of(ours()), Optional.of(ours()), Optional.empty());
        deployWorker(three.get(0), "honest", StandInRules.create().rule(r -> r.match("by decide").axioms())
                .otherwise(r -> r.error("simp made no progress", "simp")).writeTo(tmp));
        // A rogue worker, without TLS, that "proves" everything.
        deployWorker(three.get(2), "rogue", StandInRules.create().otherwise(r -> r.axioms())
                .writeTo(tmp));
        WorkerLeases service = await(WorkerLeases.start(three.get(1), new WorkerLeases.Settings(
                clusterName, Optional.of(VERSION), Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMillis(100)),
                Ticker.system()), 30);
        try {
            List<Future<Verdict>> checks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                checks.add(service.check(new CheckTask("-- test", "t" + i, "theorem t" + i + " : True :=",
                        i == 0 ? "by decide" : "by simp")));
            }
            assertThat(await(Future.all(checks), 60).<Verdict>list()).extracting(Verdict::status)
                    .containsExactly(Verdict.Status.PROVED, Verdict.Status.FAILED, Verdict.Status.FAILED,
                            Verdict.Status.FAILED);
            Thread.sleep(1_000); // the rogue says hello every 200 ms: none of its hellos may arrive
            assertThat(service.snapshot().workers()).extracting(ClusterSnapshot.Worker::id)
                    .containsExactly("honest");
        } finally {
            await(service.close(), 30);
        }
    }

    private void deployWorker(Vertx vertx, String id, Path rules) throws Exception {
        CheckerVerticle.Settings lean = new CheckerVerticle.Settings(
                ServerCommand.shell(StandInCommand.forRules(rules), tmp),
                PoolConfig.builder().workers(1).queueCapacity(4).checkTimeout(Duration.ofSeconds(30)).build(),
                Duration.ofSeconds(30), 1);
        await(vertx.deployVerticle(new WorkerVerticle(new WorkerVerticle.Settings(id, lean, VERSION,
                Duration.ofMillis(200)))), 60);
    }
}
