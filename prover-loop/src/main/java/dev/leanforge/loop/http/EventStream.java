package dev.leanforge.loop.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The server-sent-events clients of {@code /api/events}. Each event goes to every open client; a comment line
 * every heartbeat keeps idle connections open and lets the server notice clients that went away. A client is
 * dropped when its connection closes or fails. Used from one event-loop context only.
 *
 * <p>Progress events carry running totals, so a client too slow to take one (its write queue is full) simply
 * misses it and catches up with the next, instead of the server buffering without bound.
 */
final class EventStream {

    /** How long a browser waits before reconnecting after the stream broke, in milliseconds. */
    static final int RETRY_MS = 3_000;

    private final Set<HttpServerResponse> clients = new LinkedHashSet<>();
    private final Vertx vertx;
    private final long heartbeatTimer;

    EventStream(Vertx vertx, Duration heartbeat) {
        this.vertx = vertx;
        this.heartbeatTimer = vertx.setPeriodic(heartbeat.toMillis(), id -> send(": heartbeat\n\n"));
    }

    /** Opens the stream for this request and sends it {@code initialEvents} first (e.g. the state so far). */
    void open(RoutingContext context, List<String> initialEvents) {
        HttpServerResponse response = context.response()
                .setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no"); // a reverse proxy must not hold events back
        response.closeHandler(closed -> clients.remove(response));
        response.exceptionHandler(failure -> clients.remove(response));
        StringBuilder start = new StringBuilder("retry: ").append(RETRY_MS).append("\n\n");
        initialEvents.forEach(start::append);
        response.write(start.toString());
        clients.add(response);
    }

    /** One SSE event: {@code data} must be a single line (compact JSON is). */
    static String event(String name, String data) {
        if (data.indexOf('\n') >= 0 || data.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("SSE data must be one line, got: " + data);
        }
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    int clientCount() {
        return clients.size();
    }

    /** Ends every stream and stops the heartbeat. */
    void close() {
        vertx.cancelTimer(heartbeatTimer);
        for (HttpServerResponse response : List.copyOf(clients)) {
            if (!response.closed() && !response.ended()) {
                response.end();
            }
        }
        clients.clear();
    }

    /** Sends {@code text} (events or comments) to every open client. */
    void send(String text) {
        for (HttpServerResponse response : List.copyOf(clients)) {
            if (response.closed() || response.ended()) {
                clients.remove(response);
            } else if (!response.writeQueueFull()) {
                response.write(text);
            }
        }
    }
}
