package dev.leanforge.loop.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.loop.bus.JsonCodec;
import dev.leanforge.loop.policy.PolicyIdentity;
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
                new PolicyIdentity("openai:http://gpu1:8000/v1/completions model=prover",
                        "openai:http://gpu1:8000/v1/completions model=prover logprobs=true max-n=0"));
        Buffer wire = Buffer.buffer();
        codec.encodeToWire(wire, hello);
        assertThat(codec.decodeFromWire(0, wire)).isEqualTo(hello);
        assertThat(hello.policyIdentity()).endsWith("logprobs=true max-n=0");

        byte[] json = ("{\"workerId\":\"w\",\"address\":\"a\",\"warmCapacity\":1,\"freshCapacity\":1,"
                + "\"leanVersion\":\"4.24.0\",\"checksDone\":0,\"failures\":0}").getBytes(StandardCharsets.UTF_8);
        // An older build's hello: the nodes of a cluster run one leanforge build.
        assertThatThrownBy(() -> codec.decodeFromWire(0, Buffer.buffer().appendInt(json.length).appendBytes(json)))
                .isInstanceOf(RuntimeException.class).hasMessageContaining("policyCapacity");

        byte[] noIdentity = ("{\"workerId\":\"w\",\"address\":\"a\",\"warmCapacity\":0,\"freshCapacity\":0,"
                + "\"leanVersion\":\"none\",\"checksDone\":0,\"failures\":0,\"policyCapacity\":1,"
                + "\"policyDescription\":\"model:/m\"}").getBytes(StandardCharsets.UTF_8);
        // A build that matched descriptions only: its policy could be configured otherwise, unseen.
        assertThatThrownBy(() -> codec.decodeFromWire(0, Buffer.buffer().appendInt(noIdentity.length)
                .appendBytes(noIdentity))).isInstanceOf(RuntimeException.class).hasMessageContaining("policyIdentity");
    }

    @Test
    void aHelloWithoutItsLeanVersionIsRefused() {
        byte[] json = ("{\"workerId\":\"w\",\"address\":\"a\",\"warmCapacity\":1,\"freshCapacity\":1,"
                + "\"checksDone\":0,\"failures\":0}").getBytes(StandardCharsets.UTF_8);
        Buffer wire = Buffer.buffer().appendInt(json.length).appendBytes(json);

        assertThatThrownBy(() -> codec.decodeFromWire(0, wire)).isInstanceOf(RuntimeException.class);
    }
}
