package dev.leanforge.loop.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the HTTP API listens.
 *
 * @param host      the interface to bind; the default, {@value #DEFAULT_HOST}, keeps the dashboard off the network
 * @param port      0 picks a free port ({@link HttpApiVerticle#actualPort()} says which)
 * @param store     the store to read; it must exist, the API never creates one
 * @param heartbeat how often an idle event stream gets a comment line, so proxies and browsers keep it open
 */
public record HttpApiOptions(String host, int port, Path store, Duration heartbeat) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);

    public HttpApiOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(heartbeat, "heartbeat");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("heartbeat must be positive, got " + heartbeat);
        }
    }

    /** The defaults: {@value #DEFAULT_HOST}:{@value #DEFAULT_PORT}, a heartbeat every 15 s. */
    public static HttpApiOptions of(Path store) {
        return new HttpApiOptions(DEFAULT_HOST, DEFAULT_PORT, store, DEFAULT_HEARTBEAT);
    }
}
