/**
 * What crosses the event bus: the services a campaign asks ({@link dev.leanforge.loop.bus.LeanService},
 * {@link dev.leanforge.loop.bus.PolicyService}), their typed messages, and the clients that ask the verticles behind
 * them. The same interfaces are served by this JVM's verticles and by the workers of a cluster.
 *
 * <p>Every message is an immutable record with a {@link dev.leanforge.loop.bus.JsonCodec} registered as the event
 * bus's default codec ({@link dev.leanforge.loop.bus.BusCodecs#register}): the object itself within one JVM, strict
 * JSON ({@link dev.leanforge.loop.bus.BusJson}) across a cluster, where a message that does not decode exactly is
 * lost rather than read as some verdict. A verticle that cannot answer fails the request with a
 * {@link dev.leanforge.loop.bus.BusFailure} code; the clients raise the matching
 * {@link dev.leanforge.loop.bus.BusServiceException}.
 */
package dev.leanforge.loop.bus;
