package dev.leanforge.loop.http;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the verification API ({@link VerifyApiVerticle}) listens and what it accepts.
 *
 * @param host           the interface to bind; {@value HttpApiOptions#DEFAULT_HOST} by default (this machine only)
 * @param port           0 picks a free port
 * @param allowedHosts   Host header names answered besides localhost, the loopback addresses and {@code host}
 *                       ({@link AllowedHosts}); {@code *} answers any
 * @param token          when present, every route but {@code /health} needs {@code Authorization: Bearer TOKEN}
 * @param maxBatch       the most snippets one request may hold (more: 413)
 * @param maxBodyBytes   the largest request body read (more: 413)
 * @param idleTimeout    a connection on which nothing is read or written this long is closed; while a batch is being
 *                       checked the server writes a space every {@code heartbeat}, so long batches stay open
 * @param requestTimeout a connection must send a whole request head this soon after it opens or after its last
 *                       response ended ({@link RequestDeadlines})
 * @param heartbeat      how often a response still waiting for its checks gets a space (JSON allows leading
 *                       whitespace); shorter than {@code idleTimeout}
 */
public record VerifyApiOptions(String host, int port, List<String> allowedHosts, Optional<String> token, int maxBatch,
                               int maxBodyBytes, Duration idleTimeout, Duration requestTimeout, Duration heartbeat) {

    public static final int DEFAULT_PORT = 8000;
    public static final int DEFAULT_MAX_BATCH = 256;
    public static final int DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

    public VerifyApiOptions {
        Objects.requireNonNull(host, "host");
        allowedHosts = List.copyOf(allowedHosts);
        Objects.requireNonNull(token, "token");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        if (token.isPresent() && token.get().isBlank()) {
            throw new IllegalArgumentException("the token is empty");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1, got " + maxBodyBytes);
        }
        for (Duration d : List.of(idleTimeout, requestTimeout, heartbeat)) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("timeouts and the heartbeat must be positive, got " + d);
            }
        }
        if (heartbeat.compareTo(idleTimeout) >= 0) {
            throw new IllegalArgumentException("heartbeat (" + heartbeat + ") must be shorter than idleTimeout ("
                    + idleTimeout + ")");
        }
    }

    /** {@value HttpApiOptions#DEFAULT_HOST}, no token, the default limits and the dashboard's timeouts. */
    public static VerifyApiOptions of(String host, int port) {
        return new VerifyApiOptions(host, port, List.of(), Optional.empty(), DEFAULT_MAX_BATCH, DEFAULT_MAX_BODY_BYTES,
                HttpApiOptions.DEFAULT_IDLE_TIMEOUT, HttpApiOptions.DEFAULT_REQUEST_TIMEOUT,
                HttpApiOptions.DEFAULT_HEARTBEAT);
    }

    public VerifyApiOptions withAllowedHosts(List<String> names) {
        return new VerifyApiOptions(host, port, names, token, maxBatch, maxBodyBytes, idleTimeout, requestTimeout,
                heartbeat);
    }

    public VerifyApiOptions withToken(Optional<String> value) {
        return new VerifyApiOptions(host, port, allowedHosts, value, maxBatch, maxBodyBytes, idleTimeout,
                requestTimeout, heartbeat);
    }

    public VerifyApiOptions withMaxBatch(int value) {
        return new VerifyApiOptions(host, port, allowedHosts, token, value, maxBodyBytes, idleTimeout, requestTimeout,
                heartbeat);
    }

    public VerifyApiOptions withHeartbeat(Duration value) {
        return new VerifyApiOptions(host, port, allowedHosts, token, maxBatch, maxBodyBytes, idleTimeout,
                requestTimeout, value);
    }
}
