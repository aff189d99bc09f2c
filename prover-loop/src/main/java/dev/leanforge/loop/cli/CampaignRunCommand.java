package dev.leanforge.loop.cli;

import dev.leanforge.loop.campaign.CampaignPlan;
import dev.leanforge.loop.campaign.CampaignPlans;
import dev.leanforge.loop.campaign.CampaignRunner;
import dev.leanforge.loop.config.CampaignConfig;
import dev.leanforge.loop.config.CampaignSettings;
import dev.leanforge.loop.config.ConfigException;
import dev.leanforge.loop.config.Limit;
import dev.leanforge.loop.cluster.ClusterOptions;
import dev.leanforge.loop.cluster.WorkerLeases;
import dev.leanforge.loop.store.LeaseTerms;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code leanforge campaign run}: one search pass over a set. Every setting can come from {@code --config FILE} and
 * be overridden by its option; the settings are {@link CampaignSettings}, turned into options here.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        modelTransformer = CampaignRunCommand.SettingOptions.class,
        description = {
            "Search every theorem of a set (or of one split) with a policy, check the proofs with Lean, recheck "
                    + "each PROVED one in a fresh Lean process, and record attempts and proofs in the store.",
            "Killed at any moment, the same command resumes the campaign: no verified proof is lost, no finished "
                    + "attempt redone.",
            "Settings come from the options, else from --config FILE (YAML or JSON, keys = option names without "
                    + "--), else from the defaults; see docs/campaigns.md.",
            ""
        },
        footer = {"", "Exit codes: 0 the campaign finished, 1 it stopped part-way (it is kept; run the same command "
                + "to resume), 2 usage, config or environment error (nothing was searched)."})
final class CampaignRunCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Settings file (YAML or JSON); options override it.")
    Path configFile;

    @Option(names = "--json", description = "Print the summary as one JSON object instead of text.")
    boolean json;

    @Mixin
    LeanOptions lean;

    @Mixin
    ServeOption serve;

    @Mixin
    CoordinatorClusterOptions cluster;

    @Option(names = "--policy-on-workers",
            description = "With --cluster: do not open the policy here; lease each policy call to a worker started "
                    + "with `leanforge worker --policy` and the same policy (docs/cluster.md).")
    boolean policyOnWorkers;

    @Within(Limit.TIMEOUT)
    @Option(names = "--policy-timeout", paramLabel = "SECONDS", defaultValue = "1800",
            description = "With --policy-on-workers: how long one policy call may take on a worker before it is "
                    + "given to another. Default: ${DEFAULT-VALUE}.")
    java.time.Duration policyTimeout;

    @Spec
    CommandSpec spec;

    private final Supplier<Vertx> vertxFactory;

    CampaignRunCommand() {
        // picocli sets serve and cluster before call()
        this.vertxFactory = () -> cluster.enabled() ? serve.newClusteredVertx(cluster.options()) : serve.newVertx();
    }

    /** With the Vert.x instance the campaign runs in made by {@code vertxFactory} (tests tighten its checks). */
    CampaignRunCommand(Supplier<Vertx> vertxFactory) {
        this.vertxFactory = vertxFactory;
    }

    /** Adds an option for every campaign setting that the Lean options do not already declare. */
    static final class SettingOptions implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            return ConfigOptions.addOptions(command, CampaignSettings.ALL);
        }
    }

    @Override
    public Integer call() {
        if (cluster.enabled()) {
            return callClustered();
        }
        if (policyOnWorkers) {
            throw new CliError("--policy-on-workers needs --cluster HOST:PORT,…: the policy runs on the cluster's "
                    + "workers (docs/cluster.md)");
        }
        CampaignConfig given = config();
        CampaignConfig config;
        CampaignPlan plan;
        try {
            CampaignPlans.checkWithoutLean(given); // a typo in the set or policy shows even where Lean is missing
            config = lean.withPreparedProject(given); // a Mathlib set: the Lake project `theorems prepare` made
            LeanOptions.Launch launch = lean.launch(config);
            plan = CampaignPlans.prepare(config, launch.server(), launch.toolchainVersion());
        } catch (ConfigException e) {
            throw new CliError(e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        return StoreJob.run(config.store(), vertxFactory, serve, config.progress(), spec.commandLine().getErr(),
                (vertx, store) -> CampaignRunner.run(vertx, plan, store),
                summary -> {
                    out.print(json ? summary.toJson() + "\n" : summary.text());
                    out.flush();
                },
                cause -> "leanforge campaign run: the campaign stopped: " + cause.getMessage() + "\nIt is kept in "
                        + config.store() + "; run the same command to resume it.");
    }

    /**
     * With {@code --cluster}: Lean runs on the workers, none here. The campaign pins {@code lean-version} when given,
     * else the set's toolchain (its manifest's {@code toolchain}); workers running another Lean refuse its checks.
     */
    private Integer callClustered() {
        CampaignConfig config = config();
        CampaignPlan plan;
        String pinned;
        try {
            CampaignPlans.checkWithoutLean(config);
            pinned = ClusterCoordinator.pinnedVersion(config);
            plan = CampaignPlans.prepare(config, ClusterCoordinator.noLeanHere(config), Optional.of(pinned));
        } catch (ConfigException e) {
            throw new CliError(e.getMessage(), e);
        }
        ClusterOptions options = cluster.options();
        WorkerLeases.Settings lean = WorkerLeases.Settings.forLean(options, plan.lean(),
                Optional.of(plan.provenance().leanVersion()));
        WorkerLeases.Settings settings = policyOnWorkers
                ? lean.withPolicy(plan.policy().id(), policyTimeout) : lean;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return StoreJob.run(config.store(), vertxFactory, serve, config.progress(), err,
                (vertx, store) -> ClusterCoordinator.run(vertx, options, settings, serve, err,
                        leased -> CampaignRunner.run(vertx, plan, store, LeaseTerms.forThisProcess(), leased,
                                policyOnWorkers ? leased : null)),
                summary -> {
                    out.print(json ? summary.toJson() + "\n" : summary.text());
                    out.flush();
                },
                cause -> "leanforge campaign run: the campaign stopped: " + cause.getMessage() + "\nIt is kept in "
                        + config.store() + "; run the same command to resume it.");
    }

    /** The settings: defaults, overridden by the config file, overridden by the options given. */
    private CampaignConfig config() {
        try {
            return ConfigOptions.resolve(spec, configFile, CampaignSettings.ALL, CampaignConfig::resolve);
        } catch (ConfigException e) {
            throw new CliError(e.getMessage(), e);
        }
    }
}
