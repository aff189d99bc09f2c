package dev.leanforge.loop.cluster;

import dev.leanforge.loop.bus.BusFailure;
import io.vertx.core.AsyncResult;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.eventbus.Message;
import java.util.Objects;

/** How a lease ended, as the coordinator reads the worker's reply. */
public sealed interface LeaseReply {

    String leaseId();

    /** The worker answered: a {@code Verdict} or a {@code GoalAnswer}. */
    record Answered(String leaseId, Object answer) implements LeaseReply {
        public Answered {
            Objects.requireNonNull(answer, "answer");
        }
    }

    /** The worker refused the lease. */
    record Refused(String leaseId, Refusal reason, String message) implements LeaseReply {}

    /** The worker ran the request and it failed for good ({@link BusFailure#POLICY_FAILED}): no other worker is asked. */
    record Failed(String leaseId, String message) implements LeaseReply {}

    /** No answer: no handler at the address, the connection was lost, the reply timed out. */
    record Unanswered(String leaseId, String message) implements LeaseReply {}

    static LeaseReply of(String leaseId, AsyncResult<? extends Message<?>> reply) {
        if (reply.succeeded()) {
            return new Answered(leaseId, reply.result().body());
        }
        Throwable cause = reply.cause();
        String message = String.valueOf(cause.getMessage());
        if (cause instanceof ReplyException e && e.failureType() == ReplyFailure.RECIPIENT_FAILURE
                && e.failureCode() == BusFailure.POLICY_FAILED.code()) {
            return new Failed(leaseId, message);
        }
        return Refusal.of(cause).<LeaseReply>map(r -> new Refused(leaseId, r, message))
                .orElseGet(() -> new Unanswered(leaseId, message));
    }
}
