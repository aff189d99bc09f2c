package dev.leanforge.loop.cluster;

import static dev.leanforge.loop.cluster.Ports.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.leanforge.loop.cluster.ClusterOptions.KubernetesDns;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.VertxInternal;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hazelcast's Kubernetes discovery in DNS lookup mode, joining for real outside Kubernetes: two clustered Vert.x
 * instances from {@link ClusterVertx#start} in one JVM, both with {@code --cluster dns:localhost:PORT1} as it were —
 * the name {@code localhost} stands in for a headless Service's name (it resolves to 127.0.0.1, as a Service's name
 * resolves to its pods' IPs), PORT1 being the first node's Hazelcast port.
 *
 * <p>Unlike pods, both nodes share one IP, so the second node needs a port of its own, which no lookup finds: the
 * first node only ever discovers itself. So the first is started alone and the second once it has formed its
 * one-member cluster — as a StatefulSet starts its pods in order. Started at once, the two sometimes each formed a
 * cluster of their own (which node claims the master role depends on their addresses), and Hazelcast's split-brain
 * merge did not join them within 30 s: the second node logged "We should merge to [127.0.0.1]:PORT1, both have the
 * same data member count: 1" every 5 s, and never merged. In Kubernetes every pod finds every other (same port,
 * each its own IP), as with a full TCP-IP member list; that was not tried.
 */
@Tag("cluster")
class ClusterDnsJoinTest {

    private final List<Vertx> nodes = new ArrayList<>();

    @AfterEach
    void leave() throws Exception {
        Ports.closeAll(nodes);
    }

    @Test
    void twoNodesFindEachOtherByDnsAndTalkOnTheEventBus() throws Exception {
        String clusterName = "lf-dns-" + UUID.randomUUID().toString().substring(0, 8);
        int first = Ports.free();
        int second = Ports.free();
        int firstBus = Ports.free(); // the first node's event bus on a fixed port (--cluster-bus-port), the second's free
        for (int port : List.of(first, second)) { // one after the other: see above
            ClusterOptions options = ClusterOptions.builder().join(new KubernetesDns("localhost", first))
                    .clusterName(clusterName).bindHost("127.0.0.1").port(port).busPort(port == first ? firstBus : 0)
                    .build();
            nodes.add(await(ClusterVertx.start(options), 120));
        }
        Vertx a = nodes.get(0);
        Vertx b = nodes.get(1);
        // Both nodes see a cluster of two: neither started one of its own.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((members(a) < 2 || members(b) < 2) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(members(a)).as("members seen by the first node").isEqualTo(2);
        assertThat(members(b)).as("members seen by the second node").isEqualTo(2);

        MessageConsumer<String> consumer = a.eventBus().<String>consumer("dns.echo", m -> m.reply("A got " + m.body()));
        await(consumer.completion(), 30);
        assertThat(requestUntilHandled(b, "dns.echo", "hello from B")).isEqualTo("A got hello from B");
        assertThatCode(() -> new Socket("127.0.0.1", firstBus).close())
                .as("the first node's event bus listens on the port it was given").doesNotThrowAnyException();
    }

    private static int members(Vertx vertx) {
        return ((VertxInternal) vertx).clusterManager().getNodes().size();
    }

    /** Asks {@code address} from {@code from}, again while the registration has not reached it (no handlers). */
    private static String requestUntilHandled(Vertx from, String address, String body) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                return await(from.eventBus().<String>request(address, body,
                        new DeliveryOptions().setSendTimeout(3_000)), 30).body();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS
                        && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                } else {
                    throw e;
                }
            }
        }
    }


}
