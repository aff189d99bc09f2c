package dev.leanforge.loop.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;

/**
 * A {@code Vertx} that reports its own metrics (HTTP server requests, event bus, worker pools, JVM) to a Prometheus
 * registry, so that {@code /metrics} shows them next to the leanforge meters.
 */
public final class InstrumentedVertx {

    private InstrumentedVertx() {
    }

    /**
     * @param options  the instance's options; their metrics options are replaced
     * @param registry the registry to report to; give the same one to {@link HttpApiVerticle}
     */
    public static Vertx create(VertxOptions options, PrometheusMeterRegistry registry) {
        // Routes, not paths, label HTTP requests: /api/campaigns/:id is one series however many campaigns exist.
        MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
                .setEnabled(true)
                .setJvmMetricsEnabled(true)
                .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.EB_ADDRESS));
        return Vertx.builder()
                .with(new VertxOptions(options).setMetricsOptions(metrics))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
    }
}
