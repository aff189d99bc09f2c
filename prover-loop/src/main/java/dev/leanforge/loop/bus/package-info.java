/**
 * What crosses the event bus: the services a campaign asks ({@link dev.leanforge.loop.bus.LeanService},
 * {@link dev.leanforge.loop.bus.PolicyService}), their typed messages, and the clients that ask the verticles behind
 * them. The same interfaces are served by this JVM's verticles and by the workers of a cluster.
 */
package dev.leanforge.loop.bus;
