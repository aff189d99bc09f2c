package dev.leanforge.loop.app;

import dev.leanforge.loop.policy.Policy;
import dev.leanforge.loop.policy.Policy.Completion;
import dev.leanforge.loop.policy.Policy.SamplingParams;
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
 * <p>Requests are {@link Request}s sent with {@link LocalCodec}; the reply is a {@link Reply}, or a failure with
 * the policy's error message.
 */
public final class PolicyVerticle extends VerticleBase {

    /** Ask for {@code params.samples()} completions of {@code prompt}. */
    public record Request(String prompt, SamplingParams params) {
        public Request {
            Objects.requireNonNull(prompt, "prompt");
            Objects.requireNonNull(params, "params");
        }
    }

    /** The completions, and how long the policy worked on them. */
    public record Reply(List<Completion> completions, Duration elapsed) {
        public Reply {
            completions = List.copyOf(completions);
            Objects.requireNonNull(elapsed, "elapsed");
        }
    }

    /** Failure code of a reply when the policy threw. */
    public static final int POLICY_FAILED = 1;

    private final Policy policy;
    private final String address;
    private MessageConsumer<Request> consumer;

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
        consumer = vertx.eventBus().consumer(address, this::handle);
        return consumer.completion();
    }

    @Override
    public Future<?> stop() {
        return consumer.unregister();
    }

    private void handle(Message<Request> message) {
        Request request = message.body();
        long start = System.nanoTime();
        List<Completion> completions;
        try {
            completions = policy.complete(request.prompt(), request.params());
        } catch (RuntimeException e) {
            message.fail(POLICY_FAILED, policy.describe() + " failed: " + e.getMessage());
            return;
        }
        message.reply(new Reply(completions, Duration.ofNanos(System.nanoTime() - start)), LocalCodec.reply());
    }
}
