/**
 * A pool of warm Lean workers: queueing, header affinity, timeouts, restarts, memory limits and metrics, behind a
 * small check / goals / close surface.
 */
package dev.leanforge.bridge.pool;
