package dev.leanforge.loop.app;

import dev.leanforge.loop.bus.BusCodecs;
import dev.leanforge.loop.bus.BusFailure;
import dev.leanforge.loop.bus.PolicyReply;
import dev.leanforge.loop.bus.PolicyRequest;
import dev.leanforge.loop.policy.Policy;
import dev.leanforge.loop.policy.Policy.Completion;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A policy behind an event-bus address. Deployed as a worker verticle ({@link #deploymentOptions}): a policy call
 * blocks (model compute, HTTP), so it runs on a worker thread, never on an event loop. Each instance handles one
 * request at a time; several instances share one policy, which must then be thread-safe.
 *
 * <p>Requests are {@link PolicyRequest}s; the reply is a {@link PolicyReply}, or a failure with
 * the policy's error message ({@link BusFailure#POLICY_FAILED}).
 */
public final class PolicyVerticle extends VerticleBase {

    private final Policy policy;
    private final String address;
    private MessageConsumer<PolicyRequest> consumer;

    public PolicyVerticle(Policy policy, String address) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.address = Objects.requireNonNull(address, "address");
    }

    /**
     * Worker threading, {@code instances} instances, and a blocked-thread limit of {@code longestCall}, because one
     * call may legitimately take long (a model sampling many long completions on a CPU).
     */
    public static DeploymentOptions deploymentOptions(int instances, Duration longestCall) {
        return new DeploymentOptions()
                .setThreadingModel(ThreadingModel.WORKER)
                .setInstances(instances)
                .setMaxWorkerExecuteTime(longestCall.toMillis())
                .setMaxWorkerExecuteTimeUnit(TimeUnit.MILLISECONDS);
    }

    @Override
    public Future<?> start() {
        BusCodecs.register(vertx);
        consumer = vertx.eventBus().consumer(address, this::handle);
        return consumer.completion();
    }

    @Override
    public Future<?> stop() {
        return consumer.unregister();
    }

    private void handle(Message<PolicyRequest> message) {
        PolicyRequest request = message.body();
        long start = System.nanoTime();
        List<Completion> completions;
        try {
            completions = policy.complete(request.prompt(), request.params());
        } catch (RuntimeException e) {
            BusFailure.POLICY_FAILED.fail(message, policy.describe() + " failed: " + e.getMessage());
            return;
        }
        message.reply(new PolicyReply(completions, Duration.ofNanos(System.nanoTime() - start)));
    }
}
