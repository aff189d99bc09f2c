package dev.leanforge.loop.bus;

import io.vertx.core.Future;

/**
 * A policy as a campaign sees it: asked over the event bus, wherever it runs. The future fails with the policy's error
 * message when the policy threw; a policy that is merely slow is waited for.
 */
public interface PolicyService {

    /** {@code request.params().samples()} completions of {@code request.prompt()}. */
    Future<PolicyReply> complete(PolicyRequest request);
}
