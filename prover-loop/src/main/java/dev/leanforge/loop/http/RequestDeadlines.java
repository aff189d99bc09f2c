package dev.leanforge.loop.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections that do not send a whole request head in time: after they open, and after each response
 * (a keep-alive connection waiting for its next request). The idle timeout alone cannot do this, since a client
 * that trickles a byte now and then is never idle; without it, a few hundred half-open connections hold the server's
 * sockets for as long as their clients like. No deadline runs while a response is written, so an event stream lives
 * as long as its heartbeats keep it from being idle.
 *
 * <p>Per connection, which holds for HTTP/1.x only: the server does not offer HTTP/2, whose streams share one.
 * Used from the server's event-loop context only, hence no locks.
 */
final class RequestDeadlines {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadlines.class);
    private static final long NO_TIMER = -1;

    private final Vertx vertx;
    private final long limitMillis;
    /** The open connections, each with the timer of its deadline or {@link #NO_TIMER} while it is answered. */
    private final Map<HttpConnection, Long> open = new HashMap<>();

    RequestDeadlines(Vertx vertx, Duration limit) {
        this.vertx = vertx;
        this.limitMillis = limit.toMillis();
    }

    /** For {@code HttpServer.connectionHandler}: a new connection must send its first request in time. */
    void opened(HttpConnection connection) {
        open.put(connection, NO_TIMER);
        connection.closeHandler(closed -> cancel(open.remove(connection)));
        arm(connection);
    }

    /** For the router's first route: this request's head is in; the next one's deadline starts when it is answered. */
    void requestArrived(RoutingContext context) {
        HttpConnection connection = context.request().connection();
        if (open.containsKey(connection)) {
            cancel(open.put(connection, NO_TIMER));
            context.addEndHandler(ended -> arm(connection));
        }
        context.next();
    }

    /** Stops every deadline (the server is closing its connections anyway). */
    void close() {
        List.copyOf(open.values()).forEach(this::cancel);
        open.clear();
    }

    private void arm(HttpConnection connection) {
        if (!open.containsKey(connection)) {
            return; // closed while its response was written
        }
        cancel(open.put(connection, vertx.setTimer(limitMillis, id -> {
            open.put(connection, NO_TIMER);
            LOG.debug("closing a connection from {}: no whole request within {} ms", connection.remoteAddress(),
                    limitMillis);
            connection.close();
        })));
    }

    private void cancel(Long timer) {
        if (timer != null && timer != NO_TIMER) {
            vertx.cancelTimer(timer);
        }
    }
}
