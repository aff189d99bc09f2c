package dev.leanforge.loop.cli;

import dev.leanforge.bridge.pool.PoolConfig;
import dev.leanforge.bridge.toolchain.PinnedToolchain;
import dev.leanforge.loop.app.CheckerVerticle;
import dev.leanforge.loop.bus.BusCodecs;
import dev.leanforge.loop.cluster.ClusterOptions;
import dev.leanforge.loop.cluster.LeanVersions;
import dev.leanforge.loop.cluster.WorkerVerticle;
import dev.leanforge.loop.config.CampaignSettings;
import dev.leanforge.loop.config.ConfigException;
import dev.leanforge.loop.config.Limit;
import dev.leanforge.loop.config.PolicySettingsConfig;
import dev.leanforge.loop.policy.Policy;
import dev.leanforge.loop.policy.PolicyKind;
import dev.leanforge.loop.policy.PolicyKinds;
import dev.leanforge.loop.policy.PolicySettings;
import java.util.Optional;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code leanforge worker}: joins a cluster and offers this machine's Lean to the campaigns of its coordinators
 * until stopped (SIGTERM, Ctrl-C), then leaves the cluster cleanly.
 */
@Command(
        name = "worker",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        modelTransformer = WorkerCommand.PolicySettingOptions.class,
        description = {
            "Join a cluster and check proofs for its coordinators (`campaign run --cluster`) with this machine's Lean, "
                    + "until stopped with SIGTERM or Ctrl-C.",
            "The worker starts its Lean servers first, then says hello to the cluster every second with its "
                    + "capacity. It refuses checks of a campaign that pins another Lean version, and never takes "
                    + "more checks than it has slots. See docs/cluster.md.",
            "With --policy it also serves that policy to campaigns run with --policy-on-workers and the same "
                    + "policy; with --no-lean it offers the policy only and needs no Lean. The policy's settings "
                    + "(openai-*) are campaign run's options, or keys of --config FILE; a campaign gets calls served "
                    + "only by a worker whose policy and settings that shape completions equal its own.",
            ""
        },
        footer = {"", "Exit codes: 0 stopped, 2 usage or environment error (Lean cannot start, cannot join)."})
final class WorkerCommand implements Callable<Integer> {

    @Mixin
    ClusterCliOptions cluster;

    @Within(Limit.WORKERS)
    @Option(names = "--workers", paramLabel = "N",
            description = "Warm Lean servers: checks at once. Default: the number of cores.")
    Integer workers;

    @Within(Limit.WORKERS)
    @Option(names = "--recheck-workers", paramLabel = "N", defaultValue = "1",
            description = "Fresh Lean processes: rechecks at once. Default: ${DEFAULT-VALUE}.")
    int recheckWorkers;

    @Option(names = "--lean-version", paramLabel = "VERSION",
            description = "The version of the Lean this worker runs, compared with each campaign's pin; required with "
                    + "--server-cmd. Default: what `lean --version` of the toolchain found says.")
    String leanVersion;

    @Option(names = "--worker-id", paramLabel = "ID",
            description = "This worker's name in the cluster (letters, digits, . _ -). Default: HOST-PID.")
    String workerId;

    @Option(names = "--policy", paramLabel = "KIND:ARG",
            description = "Also serve this policy (as `campaign run --policy` names it, e.g. model:DIR) to campaigns "
                    + "run with --policy-on-workers and the same policy. Kinds with settings of their own take them "
                    + "as campaign run does: the openai-* options below, or --config FILE.")
    String policy;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Settings file (YAML or JSON) of the policy: openai-* keys, as in campaign run's; the "
                    + "options override it.")
    Path configFile;

    @Within(Limit.POLICY_WORKERS)
    @Option(names = "--policy-workers", paramLabel = "N", defaultValue = "1",
            description = "With --policy: policy calls at once, sharing the one opened policy. Default: "
                    + "${DEFAULT-VALUE}.")
    int policyWorkers;

    @Option(names = "--no-lean",
            description = "Offer the policy only (needs --policy): no Lean is looked for or started here.")
    boolean noLean;

    @Mixin
    LeanOptions lean;

    @Spec
    CommandSpec spec;

    /** Runs the worker once it is ready; null: join the cluster and serve until stopped. */
    private final Function<WorkerVerticle.Settings, Integer> host;

    WorkerCommand() {
        this(null);
    }

    /** Handing the worker ready to run to {@code host} instead of joining the cluster (tests run it in-process). */
    WorkerCommand(Function<WorkerVerticle.Settings, Integer> host) {
        this.host = host;
    }

    /** Adds an option for every policy-kind setting ({@code openai-*}), as campaign run has them. */
    static final class PolicySettingOptions implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            return ConfigOptions.addOptions(command, CampaignSettings.POLICY_KINDS);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (!cluster.enabled()) {
            throw new CliError("Missing --cluster HOST:PORT,… (or dns:SERVICE_DNS_NAME[:PORT]): the members to join "
                    + "through (docs/cluster.md)");
        }
        // Before Lean starts: a wrong member list, DNS name or TLS store fails at once.
        ClusterOptions options = cluster.options(Duration.ofSeconds(10), Duration.ofMinutes(5));
        String id = workerId != null ? workerId : defaultId();
        if (!id.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new CliError("--worker-id: letters, digits, '.', '_' and '-' only (at most 100); got \"" + id + "\"");
        }
        if (noLean && policy == null) {
            throw new CliError("--no-lean needs --policy KIND:ARG: a worker offers Lean, a policy, or both");
        }
        PolicyKind.Opening opening = preparePolicy();
        if (noLean) {
            return serve(options, id, null, "none", opening);
        }
        LeanOptions.Launch launch = lean.launchAsGiven();
        String version = leanVersion != null ? leanVersion : launch.toolchainVersion()
                .map(PinnedToolchain::versionOf)
                .orElseThrow(() -> new CliError(launch.toolchainVersion().isEmpty() && lean.serverCmd != null
                        ? "--lean-version is required with --server-cmd: the worker cannot ask the Lean it starts "
                        + "through a command for its version, and campaigns refuse a worker whose Lean they cannot "
                        + "compare with their pin"
                        : "the Lean toolchain found did not say its version (`lean --version` failed); give "
                        + "--lean-version VERSION"));
        int warm = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        PoolConfig pool;
        try {
            pool = PoolConfig.builder().workers(warm).queueCapacity(warm).checkTimeout(lean.timeout()).build();
        } catch (IllegalArgumentException e) {
            throw new CliError(e.getMessage(), e);
        }
        CheckerVerticle.Settings settings = new CheckerVerticle.Settings(launch.server(), pool, lean.timeout(),
                recheckWorkers);
        return serve(options, id, settings, version, opening);
    }

    /**
     * The policy of {@code --policy} with its settings (the config file's, overridden by the options), checked as
     * campaign run checks them (an {@code openai:} policy needs {@code openai-model}); null without {@code --policy}.
     * The settings are checked even then: a bad value is an error, not silently unused.
     */
    private PolicyKind.Opening preparePolicy() {
        PolicySettings settings;
        try {
            settings = ConfigOptions.resolve(spec, configFile, CampaignSettings.POLICY_KINDS,
                    PolicySettingsConfig::resolve);
        } catch (ConfigException e) {
            throw new CliError(e.getMessage(), e);
        }
        if (policy == null) {
            return null;
        }
        try {
            return PolicyKinds.prepare(policy, settings);
        } catch (IllegalArgumentException e) {
            throw new CliError("--policy: " + e.getMessage(), e);
        }
    }

    /** Opens the policy if any, joins, deploys the worker and serves until stopped. */
    private int serve(ClusterOptions options, String id, CheckerVerticle.Settings settings, String version,
            PolicyKind.Opening opening) throws Exception {
        Optional<WorkerVerticle.PolicyOffer> offer = Optional.empty();
        if (opening != null) {
            Policy opened;
            try {
                opened = opening.open().get();
            } catch (RuntimeException e) {
                throw new CliError("cannot open the policy " + opening.description() + ": " + e.getMessage(), e);
            }
            offer = Optional.of(new WorkerVerticle.PolicyOffer(opening.id(), opened, policyWorkers));
        }
        WorkerVerticle.Settings worker = new WorkerVerticle.Settings(id, settings, version, Duration.ofSeconds(1),
                offer);
        if (host != null) {
            return host.apply(worker);
        }
        PrintWriter err = spec.commandLine().getErr();
        Vertx vertx = ClusterCliOptions.join(options, new VertxOptions(), null);
        CountDownLatch left = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Leaving on the way out: the others notice the missed heartbeats anyway.
            } finally {
                left.countDown();
            }
        }, "leanforge-worker-leave");
        Runtime.getRuntime().addShutdownHook(hook);
        BusCodecs.register(vertx);
        try {
            vertx.deployVerticle(new WorkerVerticle(worker)).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            offer.ifPresent(o -> o.policy().close());
            vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new CliError("worker " + id + ": " + cause.getMessage(), cause);
        }
        err.println("leanforge worker " + id + " joined cluster \"" + options.clusterName() + "\" from "
                + options.bindHost() + " (" + ClusterCliOptions.busSecurity(options) + "): "
                + (settings == null ? "no Lean" : worker.warmCapacity() + " warm Lean servers, " + recheckWorkers
                        + " fresh-process rechecks at once, Lean " + LeanVersions.normalize(version))
                + (opening == null ? "" : "; the policy " + opening.id().identity() + ", " + policyWorkers
                        + " calls at once") + ". Stop it with Ctrl-C or SIGTERM.");
        err.flush();
        left.await();
        return 0;
    }

    private static String defaultId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "worker";
        }
        String pid = ManagementFactory.getRuntimeMXBean().getPid() + "";
        return (host.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + pid);
    }
}
