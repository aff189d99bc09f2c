/**
 * Evaluation arithmetic: the unbiased pass@k estimator ({@link dev.leanforge.loop.metrics.PassAtK}) over one
 * theorem's {@link dev.leanforge.loop.metrics.SampleCounts}.
 *
 * <p>Pure functions of counts: which samples count (crashed and timed-out checks do not) is the caller's decision.
 */
package dev.leanforge.loop.metrics;
