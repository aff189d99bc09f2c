package dev.leanforge.loop.cluster;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The cluster on {@code /metrics}: {@code leanforge_cluster_workers} (workers taking leases now, label
 * {@code cluster}), {@code leanforge_cluster_queued}, and per worker (labels {@code cluster}, {@code worker}):
 * gauges {@code leanforge_cluster_worker_capacity} (warm slots), {@code leanforge_cluster_worker_fresh_capacity},
 * {@code leanforge_cluster_worker_in_flight} (leases of any kind), {@code leanforge_cluster_worker_checks_per_second},
 * {@code leanforge_cluster_worker_up} (1 taking leases of some family, else 0),
 * {@code leanforge_cluster_worker_lean_excluded}, {@code leanforge_cluster_worker_policy_excluded} (1 while that
 * family of its slots is excluded), {@code leanforge_cluster_worker_policy_capacity},
 * {@code leanforge_cluster_worker_policy_in_flight}, {@code leanforge_cluster_worker_policy_matches} (1 when it serves
 * the campaign's policy; label {@code policy}: the one it serves), counters
 * {@code leanforge_cluster_worker_checks_total} (answers of any kind), {@code leanforge_cluster_worker_policy_calls_total},
 * {@code leanforge_cluster_worker_failures_total}, {@code leanforge_cluster_worker_lost_leases_total},
 * {@code leanforge_cluster_worker_late_answers_total}. Each meter reads the latest {@link ClusterSnapshot}.
 */
public final class ClusterMeters {

    private final MeterRegistry registry;
    private final Supplier<ClusterSnapshot> snapshots;
    private final Set<String> known = new HashSet<>();
    private final Tags clusterTag;

    private ClusterMeters(MeterRegistry registry, Supplier<ClusterSnapshot> snapshots, String clusterName) {
        this.registry = registry;
        this.snapshots = snapshots;
        this.clusterTag = Tags.of("cluster", clusterName);
    }

    /** Registers the meters of {@code service} on {@code registry}; a worker's own appear when it is first seen. */
    public static void bind(MeterRegistry registry, WorkerLeases service) {
        ClusterMeters meters = new ClusterMeters(registry, service::snapshot, service.snapshot().clusterName());
        Gauge.builder("leanforge.cluster.workers", meters, m -> m.snapshots.get().size())
                .description("Workers of the cluster taking leases (Lean or policy) now").tags(meters.clusterTag)
                .register(registry);
        Gauge.builder("leanforge.cluster.queued", meters, m -> m.snapshots.get().queued())
                .description("Lean requests waiting for a worker").tags(meters.clusterTag).register(registry);
        service.onSnapshot(meters::seen);
    }

    private synchronized void seen(ClusterSnapshot snapshot) {
        for (ClusterSnapshot.Worker w : snapshot.workers()) {
            if (known.add(w.id())) {
                Tags tags = clusterTag.and("worker", w.id());
                gauge("leanforge.cluster.worker.capacity", "Warm Lean servers of the worker", tags, w.id(),
                        ClusterSnapshot.Worker::warmCapacity);
                gauge("leanforge.cluster.worker.fresh.capacity", "Fresh-process rechecks the worker runs at once",
                        tags, w.id(), ClusterSnapshot.Worker::freshCapacity);
                gauge("leanforge.cluster.worker.in.flight", "Leases the worker holds now, policy calls included", tags,
                        w.id(), ClusterSnapshot.Worker::inFlight);
                gauge("leanforge.cluster.worker.checks.per.second", "Answers per second over the last 10 s", tags,
                        w.id(), ClusterSnapshot.Worker::checksPerSecond);
                gauge("leanforge.cluster.worker.up", "1 while the worker takes leases of some family, else 0", tags,
                        w.id(), x -> x.takesLeases() ? 1 : 0);
                for (LeaseKind.Family family : LeaseKind.Family.values()) {
                    String name = family.name().toLowerCase(Locale.ROOT);
                    gauge("leanforge.cluster.worker." + name + ".excluded", "1 while the worker is up but takes no "
                            + family.label() + " leases (docs/cluster.md), else 0", tags, w.id(),
                            x -> x.excluded().containsKey(family) ? 1 : 0);
                }
                gauge("leanforge.cluster.worker.policy.capacity", "Policy calls the worker runs at once", tags, w.id(),
                        x -> x.policy().capacity());
                gauge("leanforge.cluster.worker.policy.in.flight", "Policy calls the worker holds now", tags, w.id(),
                        x -> x.policy().inFlight());
                // A worker process serves one policy for life: its description is a fixed label.
                gauge("leanforge.cluster.worker.policy.matches", "1 when the worker serves the campaign's policy, "
                        + "else 0", tags.and("policy", w.policy().description()), w.id(),
                        x -> x.policy().matches() ? 1 : 0);
                counter("leanforge.cluster.worker.policy.calls", "Policy calls the worker answered", tags, w.id(),
                        x -> x.policy().callsDone());
                counter("leanforge.cluster.worker.checks", "Answers from the worker, policy calls included", tags, w.id(),
                        ClusterSnapshot.Worker::checksDone);
                counter("leanforge.cluster.worker.failures", "Leases of the worker that ended without an answer",
                        tags, w.id(), ClusterSnapshot.Worker::failures);
                counter("leanforge.cluster.worker.late.answers", "Answers of the worker for leases no longer "
                        + "current, ignored", tags, w.id(), ClusterSnapshot.Worker::lateAnswers);
                counter("leanforge.cluster.worker.lost.leases", "Leases re-run elsewhere: expired, or the worker lost",
                        tags, w.id(), ClusterSnapshot.Worker::lostLeases);
            }
        }
    }

    private Optional<ClusterSnapshot.Worker> worker(String id) {
        return snapshots.get().workers().stream().filter(w -> w.id().equals(id)).findFirst();
    }

    private void gauge(String name, String description, Tags tags, String id,
            ToDoubleFunction<ClusterSnapshot.Worker> value) {
        Gauge.builder(name, this, m -> m.worker(id).map(value::applyAsDouble).orElse(0.0))
                .description(description).tags(tags).register(registry);
    }

    private void counter(String name, String description, Tags tags, String id,
            ToDoubleFunction<ClusterSnapshot.Worker> value) {
        FunctionCounter.builder(name, this, m -> m.worker(id).map(value::applyAsDouble).orElse(0.0))
                .description(description).tags(tags).register(registry);
    }
}
