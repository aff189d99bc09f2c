package dev.leanforge.loop.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.verdict.Verdict;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BusCodecsTest {

    /** A record of another package (the cluster's own messages), registered through the generic entry point. */
    record Heartbeat(String worker, long sequence) {}

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void withoutRegistrationTheBusRefusesARecord() {
        assertThatThrownBy(() -> vertx.eventBus().send("nowhere", new Verdict.Rejected("no", Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void registeringTwiceIsFineAndMessagesTravelWithoutACodecName() throws Exception {
        BusCodecs.register(vertx);
        BusCodecs.register(vertx);
        BusCodecs.register(vertx, Heartbeat.class, CheckTask.class);
        BusCodecs.register(vertx, Heartbeat.class);
        Verdict proved = new Verdict.Proved(List.of("propext"), List.of(), Duration.ofNanos(12));
        vertx.eventBus().<CheckTask>consumer("check", m -> m.reply(proved));
        vertx.eventBus().<Heartbeat>consumer("beat", m -> m.reply(new Heartbeat(m.body().worker(), 2)));

        Object reply = vertx.eventBus().request("check", new CheckTask("", "t", "theorem t : True :=", "trivial"))
                .map(Message::body).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        Object beat = vertx.eventBus().request("beat", new Heartbeat("w1", 1))
                .map(Message::body).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(reply).isEqualTo(proved);
        assertThat(beat).isEqualTo(new Heartbeat("w1", 2));
    }

    @Test
    void theGenericCodecRoundTripsAnotherPackagesRecord() {
        JsonCodec<Heartbeat> codec = new JsonCodec<>(Heartbeat.class);
        io.vertx.core.buffer.Buffer wire = io.vertx.core.buffer.Buffer.buffer();
        codec.encodeToWire(wire, new Heartbeat("wörker ✓", Long.MIN_VALUE));
        assertThat(codec.decodeFromWire(0, wire)).isEqualTo(new Heartbeat("wörker ✓", Long.MIN_VALUE));
    }

    @Test
    void everyConcreteServiceMessageIsRegistered() {
        assertThat(BusCodecs.MESSAGE_TYPES).contains(CheckTask.class, PolicyRequest.class, PolicyReply.class)
                .containsAll(List.of(Verdict.class.getPermittedSubclasses()))
                .containsAll(List.of(dev.leanforge.bridge.session.GoalAnswer.class.getPermittedSubclasses()))
                .hasSize(13)
                .allMatch(type -> !type.isInterface());
    }
}
