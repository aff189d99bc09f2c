package dev.leanforge.loop.bus;

import dev.leanforge.loop.app.LocalCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import java.util.Objects;

/** {@link PolicyService} over the event bus: asks the {@code PolicyVerticle} behind {@code address}. */
public final class BusPolicyService implements PolicyService {

    private final Vertx vertx;
    private final String address;

    public BusPolicyService(Vertx vertx, String address) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.address = Objects.requireNonNull(address, "address");
    }

    @Override
    public Future<PolicyReply> complete(PolicyRequest request) {
        // Policies bound their own work; the bus's timeout is only a backstop against a lost reply.
        return vertx.eventBus().<PolicyReply>request(address, request,
                LocalCodec.options(BusLeanService.REPLY_BACKSTOP)).map(Message::body);
    }
}
