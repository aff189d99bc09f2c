/**
 * Benchmarks of the checker pool (commands, never timed tests): timed workers and the pool benchmark main.
 */
package dev.leanforge.bridge.bench;
