package dev.leanforge.loop.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.loop.bus.JsonCodec;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A worker's hello crosses the cluster with its JSON codec, exactly, and a garbled one is refused. */
class WorkerHelloTest {

    private final JsonCodec<WorkerHello> codec = new JsonCodec<>(WorkerHello.class);

    @Test
    void roundTripsOverTheWire() {
        WorkerHello hello = new WorkerHello("w-1", WorkerHello.addressOf("w-1"), 4, 2, "4.24.0", 1_234_567_890_123L, 7);
        Buffer wire = Buffer.buffer();
        codec.encodeToWire(wire, hello);

        assertThat(codec.decodeFromWire(0, wire)).isEqualTo(hello);
    }

    @Test
    void aPolicyWorkersHelloRoundTripsAndOneWithoutThePolicyFieldsIsRefusedLikeAnyIncompleteHello() {
        WorkerHello hello = new WorkerHello("gpu", WorkerHello.addressOf("gpu"), 0, 0, "none", 3, 0, 2,
                "model:/models/prover");
        Buffer wire = Buffer.buffer();
        codec.encodeToWire(wire, hello);
        assertThat(codec.decodeFromWire(0, wire)).isEqualTo(hello);

        byte[] json = ("{\"workerId\":\"w\",\"address\":\"a\",\"warmCapacity\":1,\"freshCapacity\":1,"
                + "\"leanVersion\":\"4.24.0\",\"checksDone\":0,\"failures\":0}").getBytes(StandardCharsets.UTF_8);
        // An older build's hello: the nodes of a cluster run one leanforge build.
        assertThatThrownBy(() -> codec.decodeFromWire(0, Buffer.buffer().appendInt(json.length).appendBytes(json)))
                .isInstanceOf(RuntimeException.class).hasMessageContaining("policyCapacity");
    }

    @Test
    void aHelloWithoutItsLeanVersionIsRefused() {
        byte[] json = ("{\"workerId\":\"w\",\"address\":\"a\",\"warmCapacity\":1,\"freshCapacity\":1,"
                + "\"checksDone\":0,\"failures\":0}").getBytes(StandardCharsets.UTF_8);
        Buffer wire = Buffer.buffer().appendInt(json.length).appendBytes(json);

        assertThatThrownBy(() -> codec.decodeFromWire(0, wire)).isInstanceOf(RuntimeException.class);
    }
}
