package dev.leanforge.loop.bus;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.bridge.verdict.Verdict;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers {@link JsonCodec}s as the event bus's default codecs, so a message is sent without naming a codec and
 * crosses a clustered bus as JSON. Vert.x picks a default codec by the body's exact class, so every concrete record
 * of a sealed answer has its own.
 */
public final class BusCodecs {

    /** Every concrete message class of the Lean and policy services. */
    public static final List<Class<?>> MESSAGE_TYPES = List.copyOf(messageTypes());

    private BusCodecs() {}

    /** Registers the services' messages on {@code vertx}; calling it again (another campaign) changes nothing. */
    public static void register(Vertx vertx) {
        register(vertx, MESSAGE_TYPES.toArray(Class<?>[]::new));
    }

    /**
     * Registers a {@link JsonCodec} as the default codec of each of {@code types} (immutable records, read and written
     * by {@link BusJson#MAPPER}); types already registered, by an earlier call or another campaign, are skipped.
     */
    public static void register(Vertx vertx, Class<?>... types) {
        EventBus bus = vertx.eventBus();
        // Campaigns on one Vert.x may start at once: one registration at a time, and a second one is a no-op.
        synchronized (BusCodecs.class) {
            for (Class<?> type : types) {
                registerOne(bus, type);
            }
        }
    }

    private static <T> void registerOne(EventBus bus, Class<T> type) {
        try {
            bus.registerDefaultCodec(type, new JsonCodec<>(type));
        } catch (IllegalStateException alreadyRegistered) {
            // Registered by an earlier call on this Vert.x: the codec is the same, one registration serves all.
        }
    }

    private static List<Class<?>> messageTypes() {
        List<Class<?>> types = new ArrayList<>();
        types.add(CheckTask.class);
        types.addAll(List.of(Verdict.class.getPermittedSubclasses()));
        types.addAll(List.of(GoalAnswer.class.getPermittedSubclasses()));
        types.add(PolicyRequest.class);
        types.add(PolicyReply.class);
        return types;
    }
}
