package dev.leanforge.loop.bus;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.bridge.verdict.Verdict;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;

/**
 * {@link LeanService} over the event bus: asks the {@code CheckerVerticle} behind {@code addresses}. Messages use the
 * default codecs of {@link BusCodecs#register}; a failed request fails with a {@link BusServiceException}
 * ({@link LeanUnavailableException}, {@link CheckRefusedException}, or no reply / no handler).
 */
public final class BusLeanService implements LeanService {

    /**
     * The reply timeout of a request: a backstop against a lost reply, never the mechanism that ends a check (the pool
     * answers {@code TIMEOUT} itself).
     */
    public static final Duration REPLY_BACKSTOP = Duration.ofHours(6);

    private final Vertx vertx;
    private final BusAddresses addresses;

    public BusLeanService(Vertx vertx, BusAddresses addresses) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
        BusCodecs.register(vertx);
    }

    @Override
    public Future<Verdict> check(CheckTask task) {
        return request(addresses.check(), task);
    }

    @Override
    public Future<Verdict> recheck(CheckTask task) {
        return request(addresses.recheck(), task);
    }

    @Override
    public Future<GoalAnswer> goals(CheckTask prefix) {
        return request(addresses.goals(), prefix);
    }

    private <T> Future<T> request(String address, CheckTask task) {
        return BusRequests.request(vertx, address, task, REPLY_BACKSTOP);
    }
}
