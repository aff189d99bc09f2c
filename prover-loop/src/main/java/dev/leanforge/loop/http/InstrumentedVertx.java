package dev.leanforge.loop.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.Match;
import io.vertx.micrometer.MatchType;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;
import java.util.Set;

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
        return Vertx.builder()
                .with(options(options))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
    }

    /**
     * {@code options} with the metrics options {@link #create} uses; build with
     * {@code withMetrics(new MicrometerMetricsFactory(registry))} (a clustered instance is built so).
     */
    public static VertxOptions options(VertxOptions options) {
        // The default labels plus the route and the event-bus address. The route: /api/campaigns/:id is one series
        // however many campaigns exist (a path label would make one per id). The address: without it every consumer
        // would claim the same event-bus gauges; reply addresses, one per request, are folded into one series.
        Set<Label> labels = EnumSet.of(Label.HTTP_ROUTE, Label.EB_ADDRESS);
        labels.addAll(MicrometerMetricsOptions.DEFAULT_LABELS);
        MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
                .setEnabled(true)
                .setJvmMetricsEnabled(true)
                .setLabels(labels)
                .addLabelMatch(new Match().setDomain(MetricsDomain.EVENT_BUS).setLabel(Label.EB_ADDRESS.toString())
                        .setType(MatchType.REGEX).setValue("__vertx\\.reply\\..*").setAlias("__vertx.reply"));
        return new VertxOptions(options).setMetricsOptions(metrics);
    }
}
