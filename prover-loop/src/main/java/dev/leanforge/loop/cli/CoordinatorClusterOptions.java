package dev.leanforge.loop.cli;

import dev.leanforge.loop.cluster.ClusterOptions;
import dev.leanforge.loop.config.Limit;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --cluster …} for a command that coordinates campaigns on a cluster ({@code campaign run}, {@code star run}):
 * the members and TLS every node takes ({@link ClusterCliOptions}), and how long the coordinator waits for workers.
 */
final class CoordinatorClusterOptions {

    @Mixin
    ClusterCliOptions cluster;

    @Within(Limit.TIMEOUT)
    @Option(names = "--worker-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "With --cluster: a worker not heard from for this long is lost, and its checks go to other "
                    + "workers. Default: ${DEFAULT-VALUE}.")
    Duration workerTimeout;

    @Within(Limit.TIMEOUT)
    @Option(names = "--no-worker-wait", paramLabel = "SECONDS", defaultValue = "300",
            description = "With --cluster: how long checks wait while no worker takes them before the run stops (it "
                    + "stays resumable: the same command continues it). Default: ${DEFAULT-VALUE}.")
    Duration noWorkerWait;

    /** Whether {@code --cluster} was given. */
    boolean enabled() {
        return cluster.enabled();
    }

    /** The cluster settings; a wrong member list or TLS store fails here, with exit 2. */
    ClusterOptions options() {
        return cluster.options(workerTimeout, noWorkerWait);
    }
}
