/**
 * Speed measurements behind {@code leanforge bench}: training throughput of our model
 * ({@link dev.leanforge.trainer.bench.TrainBenchmark}) and of a Qwen3-shaped one
 * ({@link dev.leanforge.trainer.bench.HfBenchmark}), generation with and without the KV cache
 * ({@link dev.leanforge.trainer.bench.SampleBenchmark}), and the upper bound the matrix products alone allow
 * ({@link dev.leanforge.trainer.bench.MatrixProductBound}).
 *
 * <p>Not tests: random weights and tokens, numbers that depend on the machine. Nothing else in the trainer uses them.
 */
package dev.leanforge.trainer.bench;
