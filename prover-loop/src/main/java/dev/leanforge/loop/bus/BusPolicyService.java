package dev.leanforge.loop.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Objects;

/**
 * {@link PolicyService} over the event bus: asks the {@code PolicyVerticle} behind {@code address}. A policy that threw
 * fails the future with a {@link PolicyFailedException} carrying the verticle's message.
 */
public final class BusPolicyService implements PolicyService {

    private final Vertx vertx;
    private final String address;

    public BusPolicyService(Vertx vertx, String address) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.address = Objects.requireNonNull(address, "address");
        BusCodecs.register(vertx);
    }

    @Override
    public Future<PolicyReply> complete(PolicyRequest request) {
        // Policies bound their own work; the bus's timeout is only a backstop against a lost reply.
        return BusRequests.request(vertx, address, request, BusLeanService.REPLY_BACKSTOP);
    }
}
