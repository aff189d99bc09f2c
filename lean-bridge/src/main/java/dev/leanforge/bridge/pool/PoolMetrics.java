package dev.leanforge.bridge.pool;

import dev.leanforge.bridge.verdict.Verdict;
import java.util.Map;

/**
 * A snapshot of a {@link CheckerPool}'s counters since it started or since {@link CheckerPool#resetMetrics()}.
 *
 * @param verdicts            verdicts delivered to callers, by status (all statuses present)
 * @param checksPerSecond     verdicts delivered per second between the first accepted submission and the latest
 *                            verdict; 0 until two such moments exist
 * @param latency             submission to answer (verdict or goal state), queueing included: what a caller waits
 * @param serviceTime         time a worker spent on one run of a check or goal-state request (a crash retry is two
 *                            runs)
 * @param queueDepth          checks and goal-state requests waiting for a worker now
 * @param busyWorkers         workers running a request now
 * @param liveWorkers         workers started and not being replaced now
 * @param restarts            worker replacements by cause (all causes present)
 * @param goalStates          goal-state requests answered ({@link CheckerPool#goals}), whatever the answer
 * @param crashRetries        checks and goal-state requests run a second time on a fresh worker after a crash
 * @param saturatedRejections submissions refused with {@link PoolSaturatedException}
 * @param startFailures       failed worker starts
 */
public record PoolMetrics(Map<Verdict.Status, Long> verdicts, double checksPerSecond, LatencySummary latency,
                          LatencySummary serviceTime, int queueDepth, int busyWorkers, int liveWorkers,
                          Map<RestartCause, Long> restarts, long goalStates, long crashRetries,
                          long saturatedRejections, long startFailures) {

    public PoolMetrics {
        verdicts = Map.copyOf(verdicts);
        restarts = Map.copyOf(restarts);
    }

    /** All verdicts delivered. */
    public long checksCompleted() {
        return verdicts.values().stream().mapToLong(Long::longValue).sum();
    }

    public long verdicts(Verdict.Status status) {
        return verdicts.get(status);
    }

    public long restarts(RestartCause cause) {
        return restarts.get(cause);
    }

    /** All worker replacements, whatever the cause. */
    public long totalRestarts() {
        return restarts.values().stream().mapToLong(Long::longValue).sum();
    }
}
