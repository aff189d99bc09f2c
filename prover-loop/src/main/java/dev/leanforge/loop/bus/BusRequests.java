package dev.leanforge.loop.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import java.time.Duration;

/** A request to a service verticle whose failure, if any, reads as what went wrong rather than a bare ReplyException. */
final class BusRequests {

    private BusRequests() {}

    /**
     * Sends {@code body} to {@code address} with the registered default codecs. {@code backstop} is the reply
     * timeout, only a guard against a lost reply: every service answers by itself.
     */
    static <T> Future<T> request(Vertx vertx, String address, Object body, Duration backstop) {
        return vertx.eventBus().<T>request(address, body, new DeliveryOptions().setSendTimeout(backstop.toMillis()))
                .recover(e -> Future.failedFuture(explain(e, address, backstop)))
                .map(Message::body);
    }

    /** The exception a client raises for a failed request. */
    static Throwable explain(Throwable e, String address, Duration backstop) {
        if (!(e instanceof ReplyException reply)) {
            return e;
        }
        return switch (reply.failureType()) {
            case RECIPIENT_FAILURE -> BusFailure.of(reply.failureCode())
                    .map(failure -> (Throwable) failure.exception(reply.getMessage(), reply))
                    .orElseGet(() -> new BusServiceException("the service at " + address + " failed with unknown code "
                            + reply.failureCode() + ": " + reply.getMessage(), reply));
            case NO_HANDLERS -> new BusServiceException("nothing serves " + address
                    + " on the event bus: its verticle is not deployed, has stopped, or no worker is left", reply);
            case TIMEOUT -> new BusServiceException("no reply from " + address + " within " + backstop
                    + " (the reply backstop): the reply was lost or the service is stuck", reply);
            case ERROR -> new BusServiceException("the request to " + address + " could not be delivered: "
                    + reply.getMessage(), reply);
        };
    }
}
