package dev.leanforge.loop.bus;

import dev.leanforge.bridge.soundness.AxiomsReport;
import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.bridge.verdict.Verdict;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.EncodeException;
import java.io.IOException;
import java.util.Objects;

/**
 * An event-bus codec for one message type, as {@link BusJson} JSON on the wire: an int length, then the UTF-8
 * bytes. Within one JVM the object itself is delivered ({@link #transform}): every message is an immutable record.
 *
 * <p>Decoding fails with a {@link DecodeException} on anything but a complete, exact message of this type: the
 * message is lost, never turned into a default value.
 */
public final class JsonCodec<T> implements MessageCodec<T, T> {

    public static final String NAME_PREFIX = "leanforge.json.";

    private final Class<T> type;
    private final ObjectWriter writer;
    private final ObjectReader reader;

    public JsonCodec(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type");
        this.writer = BusJson.MAPPER.writerFor(type);
        this.reader = BusJson.MAPPER.readerFor(type);
    }

    /** The codec's name for {@code type}: the full class name, since the bridge has two records named Rejected. */
    public static String nameOf(Class<?> type) {
        return NAME_PREFIX + type.getName();
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public void encodeToWire(Buffer buffer, T value) {
        byte[] json;
        try {
            json = writer.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new EncodeException("cannot encode " + type.getName() + ": " + e.getOriginalMessage());
        }
        buffer.appendInt(json.length).appendBytes(json);
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
        try {
            int length = buffer.getInt(pos);
            if (length < 0 || length > buffer.length() - pos - 4) {
                throw new DecodeException("truncated " + type.getName() + ": " + length + " bytes announced, "
                        + Math.max(0, buffer.length() - pos - 4) + " there");
            }
            T value = reader.readValue(buffer.getBytes(pos + 4, pos + 4 + length));
            if (value == null) {
                throw new DecodeException("null " + type.getName());
            }
            admitVerdict(value);
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof DecodeException decode) {
                throw decode;
            }
            throw new DecodeException("cannot decode " + type.getName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A PROVED verdict from the wire is one no honest checker could send unless Lean accepted the proof: every axiom
     * standard and no error among its messages (Acceptance's rules). Anything else is refused here, so a forged or
     * corrupted verdict fails the message instead of being stored as a verified proof.
     */
    private static void admitVerdict(Object value) {
        if (value instanceof Verdict.Proved proved) {
            if (!AxiomsReport.STANDARD_AXIOMS.containsAll(proved.axioms())) {
                throw new DecodeException("a PROVED verdict with axioms outside " + AxiomsReport.STANDARD_AXIOMS
                        + ": " + proved.axioms());
            }
            if (proved.messages().stream().anyMatch(LeanMessage::isError)) {
                throw new DecodeException("a PROVED verdict with an error among its messages");
            }
        }
    }

    @Override
    public T transform(T value) {
        return value;
    }

    @Override
    public String name() {
        return nameOf(type);
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
