package dev.leanforge.loop.cluster;

import dev.leanforge.bridge.check.CheckTask;
import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One lease: a task for one worker. Crosses the bus as the {@link CheckTask} (or, for {@link LeaseKind#COMPLETE}, the
 * {@link dev.leanforge.loop.bus.PolicyRequest}; the bus codecs' JSON) with the lease's
 * id, kind and the campaign's pinned Lean version as headers; the reply is the verdict or goal answer, with the
 * lease id as header, or a failure whose code is a {@link Refusal}.
 *
 * @param leaseId           unique per dispatch: a task leased again gets a new id, so a late answer is told apart
 * @param kind              which verb
 * @param task              what to check (a {@link CheckTask}), or the policy request
 * @param pinnedLeanVersion the Lean version the campaign pins; empty: any
 * @param timeout           the campaign's limit for a check or recheck (a goals request keeps the worker's); for a
 *                          policy call, the lease's own limit (the worker does not cut a policy call short)
 */
public record LeaseRequest<T>(String leaseId, LeaseKind kind, T task, Optional<String> pinnedLeanVersion,
                           Duration timeout) {

    public static final String LEASE_ID = "leanforge-lease-id";
    public static final String KIND = "leanforge-lease-kind";
    public static final String PINNED = "leanforge-pinned-lean";
    public static final String TIMEOUT_MS = "leanforge-lease-timeout-ms";

    public LeaseRequest {
        Objects.requireNonNull(leaseId, "leaseId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(pinnedLeanVersion, "pinnedLeanVersion");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** The headers of the request (the body is {@link #task()}). */
    public DeliveryOptions options(long sendTimeoutMillis) {
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(sendTimeoutMillis)
                .addHeader(LEASE_ID, leaseId).addHeader(KIND, kind.name())
                .addHeader(TIMEOUT_MS, Long.toString(timeout.toMillis()));
        pinnedLeanVersion.ifPresent(v -> options.addHeader(PINNED, v));
        return options;
    }

    /** @throws IllegalArgumentException when the headers are missing or wrong */
    public static <T> LeaseRequest<T> from(Message<T> message) {
        MultiMap headers = message.headers();
        String id = headers.get(LEASE_ID);
        String kind = headers.get(KIND);
        String timeout = headers.get(TIMEOUT_MS);
        if (id == null || kind == null || timeout == null || message.body() == null) {
            throw new IllegalArgumentException("not a lease request: headers " + headers.names());
        }
        try {
            return new LeaseRequest<>(id, LeaseKind.valueOf(kind), message.body(),
                    Optional.ofNullable(headers.get(PINNED)), Duration.ofMillis(Long.parseLong(timeout)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a lease request: " + e.getMessage(), e);
        }
    }
}
