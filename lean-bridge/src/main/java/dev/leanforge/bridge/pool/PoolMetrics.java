package dev.leanforge.bridge.pool;

import dev.leanforge.bridge.verdict.Verdict;
import java.util.Map;

/**
 * A snapshot of a {@link CheckerPool}'s counters since it started or since {@link CheckerPool#resetMetrics()}.
 *
 * @param verdicts            verdicts delivered to callers, by status (all statuses present)
 * @param checksPerSecond     verdicts delivered per second between the first accepted submission and the latest
 *                            verdict; 0 until two such moments exist
 * @param latency             submission to verdict, queueing included: what a caller waits
 * @param serviceTime         time a worker spent on one check run (a crash retry is two runs)
 * @param queueDepth          checks waiting for a worker now
 * @param busyWorkers         workers running a check now
 * @param liveWorkers         workers started and not being replaced now
 * @param restarts            worker replacements by cause (all causes present)
 * @param crashRetries        checks run a second time on a fresh worker after a crash
 * @param saturatedRejections submissions refused with {@link PoolSaturatedException}
 * @param startFailures       failed worker starts
 */
public record PoolMetrics(Map<Verdict.Status, Long> verdicts, double checksPerSecond, LatencySummary latency,
                          LatencySummary serviceTime, int queueDepth, int busyWorkers, int liveWorkers,
                          Map<RestartCause, Long> restarts, long crashRetries, long saturatedRejections,
                          long startFailures) {

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
