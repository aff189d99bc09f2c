package dev.leanforge.loop.app;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import java.time.Duration;

/**
 * Passes message objects by reference between verticles of one process. The app's messages are immutable records
 * (check tasks, verdicts, policy requests), so handing over the same object is safe and costs nothing; they never
 * leave the process, so there is no wire format.
 */
public final class LocalCodec implements MessageCodec<Object, Object> {

    public static final String NAME = "leanforge-local";

    private LocalCodec() {}

    /** Registers the codec on {@code vertx}'s event bus, once however many campaigns the instance hosts. */
    public static void register(Vertx vertx) {
        synchronized (LocalCodec.class) {
            try {
                vertx.eventBus().registerCodec(new LocalCodec());
            } catch (IllegalStateException alreadyRegistered) {
                // Another campaign on the same Vert.x instance registered it: one registration serves all.
            }
        }
    }

    /**
     * Options for sending with this codec. {@code replyTimeout} is a backstop only: every handler answers by itself
     * (checks end in a verdict, policies in completions or an error), and the bus needs some timeout.
     */
    public static DeliveryOptions options(Duration replyTimeout) {
        return new DeliveryOptions().setCodecName(NAME).setSendTimeout(replyTimeout.toMillis());
    }

    /** Options for replies. */
    public static DeliveryOptions reply() {
        return new DeliveryOptions().setCodecName(NAME);
    }

    @Override
    public void encodeToWire(Buffer buffer, Object o) {
        throw new UnsupportedOperationException("leanforge messages stay in the process; no clustered event bus");
    }

    @Override
    public Object decodeFromWire(int pos, Buffer buffer) {
        throw new UnsupportedOperationException("leanforge messages stay in the process; no clustered event bus");
    }

    @Override
    public Object transform(Object o) {
        return o;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
