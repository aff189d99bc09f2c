/**
 * The two HTTP servers, as Vert.x verticles: {@link dev.leanforge.loop.http.HttpApiVerticle} ({@code leanforge serve}
 * and {@code --serve}: dashboard, JSON API over the store, Prometheus {@code /metrics}, live campaign progress), and
 * {@link dev.leanforge.loop.http.VerifyApiVerticle} ({@code leanforge verify-server}: the kimina-lean-server
 * compatible checking API). Their settings are {@link dev.leanforge.loop.http.HttpApiOptions} and
 * {@link dev.leanforge.loop.http.VerifyApiOptions}; {@link dev.leanforge.loop.http.InstrumentedVertx} makes the
 * {@code Vertx} that reports its own metrics.
 *
 * <p>The dashboard opens the store read-only and never writes it; the verification API checks through the
 * {@code verify} package and never opens a store. Host checks, deadlines and event streams are package-private.
 */
package dev.leanforge.loop.http;
