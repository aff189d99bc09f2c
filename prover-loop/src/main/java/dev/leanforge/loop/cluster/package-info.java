/**
 * Lean capacity spread over several JVMs: workers ({@link dev.leanforge.loop.cluster.WorkerVerticle}) offer their
 * own Lean pool on Vert.x's clustered event bus (Hazelcast cluster manager, {@link
 * dev.leanforge.loop.cluster.ClusterVertx}); a campaign's coordinator asks them through
 * {@link dev.leanforge.loop.cluster.WorkerLeases}, which leases each check to one worker with a deadline and
 * re-runs it elsewhere when the worker is lost. The store never leaves the coordinator. See docs/cluster.md.
 */
package dev.leanforge.loop.cluster;
