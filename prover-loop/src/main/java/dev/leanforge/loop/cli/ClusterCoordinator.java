package dev.leanforge.loop.cli;

import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.toolchain.PinnedToolchain;
import dev.leanforge.loop.bus.BusCodecs;
import dev.leanforge.loop.campaign.CampaignPlans;
import dev.leanforge.loop.cluster.ClusterOptions;
import dev.leanforge.loop.cluster.ClusterSnapshot;
import dev.leanforge.loop.cluster.WorkerLeases;
import dev.leanforge.loop.campaign.Ticker;
import dev.leanforge.loop.config.CampaignConfig;
import dev.leanforge.loop.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What {@code campaign run --cluster} and {@code star run --cluster} share: the Lean version the campaigns pin
 * without a Lean here, and the run with Lean served by the cluster's workers ({@link WorkerLeases}).
 */
final class ClusterCoordinator {

    private ClusterCoordinator() {}

    /**
     * The version the campaigns of {@code config} pin: {@code lean-version} when given, else the set's toolchain's.
     *
     * @throws ConfigException when {@code server-cmd} is given: Lean runs on the workers
     */
    static String pinnedVersion(CampaignConfig config) {
        if (config.serverCmd().isPresent()) {
            throw new ConfigException("server-cmd starts Lean in this process, but with --cluster Lean runs on the "
                    + "workers: give --server-cmd (and --lean-version) to `leanforge worker` instead");
        }
        try {
            return config.leanVersion().orElseGet(() -> new PinnedToolchain(CampaignPlans.readSet(config).manifest()
                    .toolchain()).version());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** The server command a coordinator's plan carries: never started (CampaignRunner is given the workers). */
    static ServerCommand noLeanHere(CampaignConfig config) {
        return ServerCommand.shell("echo 'leanforge: Lean runs on the cluster workers' >&2; exit 1",
                config.projectDir());
    }

    /** The lease settings for campaigns with {@code config}'s limits. */
    static WorkerLeases.Settings settings(ClusterOptions cluster, CampaignConfig config, String pinned) {
        return new WorkerLeases.Settings(cluster.clusterName(), Optional.of(pinned), config.timeout(),
                config.recheckTimeout(), POOL_GRACE.plus(WorkerLeases.LEASE_GRACE), cluster.workerTimeout(),
                cluster.noWorkerWait(), Duration.ofMillis(250));
    }

    /** The default grace of a worker's pool past a check's limit (PoolConfig's). */
    private static final Duration POOL_GRACE = Duration.ofSeconds(10);

    /**
     * Runs {@code job} with Lean served by the cluster {@code vertx} belongs to; prints the pin first and what each
     * worker did at the end on {@code err}; meters on the dashboard's registry with {@code --serve}.
     */
    static <T> Future<T> run(Vertx vertx, ClusterOptions cluster, WorkerLeases.Settings settings,
            ServeOption serve, PrintWriter err, Function<WorkerLeases, Future<T>> job) {
        BusCodecs.register(vertx);
        err.println("leanforge: coordinating cluster \"" + cluster.clusterName() + "\" from " + cluster.bindHost()
                + " (" + ClusterCliOptions.busSecurity(cluster) + "); the campaign pins Lean "
                + settings.pinnedLeanVersion().orElse("(any)")
                + "; checks go to its workers" + settings.policy().map(p -> ", and calls of the "
                        + "policy " + p.identity() + " to its workers offering it").orElse(""));
        err.flush();
        return WorkerLeases.start(vertx, settings, Ticker.system()).compose(lean -> {
            serve.showCluster(lean);
            return job.apply(lean).eventually(() -> {
                err.println(workersLine(lean.snapshot()));
                err.flush();
                return lean.close();
            });
        });
    }

    /** What each worker did for this run, for stderr. */
    static String workersLine(ClusterSnapshot cluster) {
        if (cluster.workers().isEmpty()) {
            return "leanforge: no worker of cluster \"" + cluster.clusterName() + "\" was seen";
        }
        return "leanforge: workers of cluster \"" + cluster.clusterName() + "\": " + cluster.workers().stream()
                .map(ClusterCoordinator::workerLine).collect(Collectors.joining("; "));
    }

    private static String workerLine(ClusterSnapshot.Worker w) {
        String policyCalls = w.policy().capacity() > 0 ? " (" + w.policy().callsDone() + " policy calls)" : "";
        String excluded = w.excluded().entrySet().stream()
                .map(e -> "; " + e.getKey().label() + " " + e.getValue().describe()).collect(Collectors.joining());
        return w.id() + " " + w.checksDone() + " answers" + policyCalls + ", " + w.failures() + " failures, "
                + w.lostLeases() + " lost leases, " + w.lateAnswers() + " late answers ignored ("
                + w.state().name().toLowerCase(Locale.ROOT) + excluded + ")";
    }
}
