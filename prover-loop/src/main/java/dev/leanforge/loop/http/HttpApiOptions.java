package dev.leanforge.loop.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where and how the HTTP API listens.
 *
 * @param host           the interface to bind; the default, {@value #DEFAULT_HOST}, keeps the dashboard off the network
 * @param port           0 picks a free port ({@link HttpApiVerticle#actualPort()} says which)
 * @param store          the store to read; it must exist, the API never creates one
 * @param heartbeat      how often an idle event stream gets a comment line, so proxies and browsers keep it open; it
 *                       must be shorter than {@code idleTimeout}, which would otherwise cut live streams
 * @param idleTimeout    a connection on which nothing is read or written this long is closed
 * @param requestTimeout a connection must send a whole request head this soon after it opens or after its last
 *                       response ended, or it is closed: a client trickling bytes is never idle
 * @param allowedHosts   Host header names answered besides localhost, the loopback addresses and {@code host}
 *                       ({@link AllowedHosts}); {@code *} answers any
 */
public record HttpApiOptions(String host, int port, Path store, Duration heartbeat, Duration idleTimeout,
                             Duration requestTimeout, List<String> allowedHosts) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    public HttpApiOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(store, "store");
        allowedHosts = List.copyOf(allowedHosts);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        positive("heartbeat", heartbeat);
        positive("idleTimeout", idleTimeout);
        positive("requestTimeout", requestTimeout);
        if (heartbeat.compareTo(idleTimeout) >= 0) {
            throw new IllegalArgumentException("heartbeat (" + heartbeat + ") must be shorter than idleTimeout ("
                    + idleTimeout + "), or live event streams are closed as idle");
        }
    }

    /** The default timeouts, every Host name but the local ones refused. */
    public HttpApiOptions(String host, int port, Path store, Duration heartbeat) {
        this(host, port, store, heartbeat, DEFAULT_IDLE_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, List.of());
    }

    /** The defaults: {@value #DEFAULT_HOST}:{@value #DEFAULT_PORT}, a heartbeat every 15 s. */
    public static HttpApiOptions of(Path store) {
        return new HttpApiOptions(DEFAULT_HOST, DEFAULT_PORT, store, DEFAULT_HEARTBEAT);
    }

    public HttpApiOptions withTimeouts(Duration idle, Duration request) {
        return new HttpApiOptions(host, port, store, heartbeat, idle, request, allowedHosts);
    }

    public HttpApiOptions withAllowedHosts(List<String> names) {
        return new HttpApiOptions(host, port, store, heartbeat, idleTimeout, requestTimeout, names);
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
