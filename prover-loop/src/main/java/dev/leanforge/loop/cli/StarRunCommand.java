package dev.leanforge.loop.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.loop.campaign.CampaignPlans;
import dev.leanforge.loop.config.ConfigException;
import dev.leanforge.loop.config.StarConfig;
import dev.leanforge.loop.config.StarSettings;
import dev.leanforge.loop.star.RoundReport;
import dev.leanforge.loop.star.RunSettings;
import dev.leanforge.loop.star.StarListener;
import dev.leanforge.loop.star.StarPlan;
import dev.leanforge.loop.star.StarRun;
import dev.leanforge.loop.star.StarStoppedException;
import dev.leanforge.loop.store.Checkpoint;
import dev.leanforge.loop.store.Round;
import dev.leanforge.loop.store.RoundStatus;
import dev.leanforge.loop.store.Store;
import dev.leanforge.loop.store.StoreException;
import dev.leanforge.loop.cluster.ClusterOptions;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code leanforge star run}: a STaR run. Every setting can come from {@code --config FILE} and be overridden by its
 * option; the settings are {@link StarSettings}, turned into options here as {@code campaign run} does.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        modelTransformer = StarRunCommand.SettingOptions.class,
        description = {
            "Run STaR rounds on a set: round 0 trains a tokenizer and a model on the train split's reference proofs "
                    + "(or starts from --init); each later round searches the train split with the current policy, "
                    + "adds the verified proofs to a dataset kept over all rounds, fine-tunes (SFT, optionally DPO), "
                    + "evaluates on the valid split and promotes the new checkpoint only on a measurable valid "
                    + "pass@k gain (--promotion).",
            "Killed at any moment, the same command continues the run. Settings come from the options, else from "
                    + "--config FILE (YAML or JSON, keys = option names without --), else from the defaults; see "
                    + "docs/star.md.",
            ""
        },
        footer = {"", "Exit codes: 0 all rounds finished, 1 the run stopped part-way (run the same command to "
                + "continue it), 2 usage, config or environment error."})
final class StarRunCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--config", paramLabel = "FILE", description = "Settings file (YAML or JSON); options override it.")
    Path configFile;

    @Option(names = "--json", description = "Print the round reports as one JSON array instead of text.")
    boolean json;

    @Mixin
    LeanOptions lean;

    @Mixin
    ServeOption serve;

    @Mixin
    CoordinatorClusterOptions cluster;

    @Spec
    CommandSpec spec;

    private final Supplier<Vertx> vertxFactory;
    private final StarListener observer;

    StarRunCommand() {
        // picocli sets serve and cluster before call()
        this.vertxFactory = () -> cluster.enabled()
                ? serve.newClusteredVertx(cluster.options()) : serve.newVertx();
        this.observer = StarListener.QUIET;
    }

    /**
     * With the Vert.x instance made by {@code vertxFactory}, and {@code observer} told of every step after the
     * command's own display (tests tighten Vert.x's checks and interrupt runs).
     */
    StarRunCommand(Supplier<Vertx> vertxFactory, StarListener observer) {
        this.vertxFactory = vertxFactory;
        this.observer = observer;
    }

    /** Adds an option for every STaR setting that the Lean options do not already declare. */
    static final class SettingOptions implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            return ConfigOptions.addOptions(command, StarSettings.ALL);
        }
    }

    @Override
    public Integer call() {
        StarConfig config;
        StarPlan plan;
        String pinned = null;
        try {
            config = ConfigOptions.resolve(spec, configFile, StarSettings.ALL, StarConfig::resolve);
            CampaignPlans.readSet(config.template()); // a typo in the set name shows even where Lean is missing
            Optional<String> finished = resumeCheck(config);
            if (finished.isPresent()) {
                spec.commandLine().getOut().print(finished.get());
                spec.commandLine().getOut().flush();
                return 0;
            }
            if (cluster.enabled()) {
                cluster.options(); // a wrong member list or TLS store fails here
                pinned = ClusterCoordinator.pinnedVersion(config.template());
                plan = StarPlan.prepare(config, ClusterCoordinator.noLeanHere(config.template()),
                        Optional.of(pinned));
            } else {
                LeanOptions.Launch launch = lean.launch(config.template());
                plan = StarPlan.prepare(config, launch.server(), launch.toolchainVersion());
            }
        } catch (ConfigException e) {
            throw new CliError(e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean progress = config.template().progress();
        String clusterPin = pinned;
        return StoreJob.run(config.template().store(), vertxFactory, serve, progress, err,
                (vertx, store) -> {
                    Display display = new Display(out, err, progress);
                    if (!cluster.enabled()) {
                        return StarRun.run(vertx, plan, store, display);
                    }
                    ClusterOptions options = cluster.options();
                    return ClusterCoordinator.run(vertx, options,
                            ClusterCoordinator.settings(options, config.template(), clusterPin), serve, err,
                            lean -> StarRun.run(vertx, plan, store, display, lean));
                },
                outcome -> {
                    out.print(json ? JSON.writeValueAsString(outcome.rounds()) + "\n" : summary(config, outcome));
                    out.flush();
                },
                cause -> (cause instanceof StarStoppedException ? "" : "leanforge star run: unexpected failure: "
                        + cause + "\n") + "leanforge star run: the run stopped: " + cause.getMessage()
                        + "\nIts progress is kept in " + config.template().store() + " and " + config.runDir()
                        + "; run the same command to continue it.");
    }

    /**
     * Refuses to continue a run whose results-changing settings differ from those it was started with (the keys,
     * old → new), and recognises a finished run: then the text to print instead of running it. The settings are
     * recorded before the run starts; a run the store has no round of yet may start with any.
     */
    private Optional<String> resumeCheck(StarConfig config) {
        Path storeFile = config.template().store();
        List<Round> rounds = List.of();
        List<Checkpoint> checkpoints = List.of();
        if (Files.isRegularFile(storeFile)) {
            try (Store store = Store.openReadOnly(storeFile)) {
                rounds = store.rounds(config.run());
                checkpoints = store.checkpoints(config.run());
            } catch (StoreException e) {
                // An older schema or an unreadable store: the run itself opens it and says what is wrong.
            }
        }
        Map<String, String> now = RunSettings.of(config);
        try {
            Optional<Map<String, String>> before = RunSettings.read(config.runDir());
            if (before.isPresent() && !rounds.isEmpty()) {
                List<String> changes = RunSettings.changes(before.get(), now);
                if (!changes.isEmpty()) {
                    throw new CliError(runName(config) + " was started with other settings, and "
                            + "continuing it would mix its rounds: " + String.join("; ", changes) + ".\nPut the "
                            + "settings back to continue it, or start a new run with --run NAME (its files go to "
                            + "runs/star/NAME unless --run-dir says otherwise). The settings it was started with are "
                            + "in " + config.runDir().resolve(RunSettings.FILE_NAME) + ".");
                }
            }
            if (before.isEmpty() || rounds.isEmpty()) {
                RunSettings.write(config.runDir(), now);
            }
        } catch (IOException e) {
            throw new CliError("cannot read or write the run's settings in " + config.runDir() + ": " + e, e);
        }
        long finished = rounds.stream()
                .filter(r -> r.status() == RoundStatus.FINISHED && r.number() <= config.rounds())
                .count();
        if (finished < config.rounds() + 1) {
            return Optional.empty();
        }
        if (json) {
            return Optional.of(rounds.stream().filter(r -> r.number() <= config.rounds())
                    .map(r -> r.reportJson().orElse("null")).collect(Collectors.joining(",", "[", "]\n")));
        }
        String policy = checkpoints.stream().filter(c -> c.checkpoint().promoted()).reduce((a, b) -> b)
                .map(c -> c.checkpoint().path()).orElse("(none)");
        return Optional.of(runName(config) + " is finished: rounds 0-" + config.rounds()
                + " are done, nothing to run. Reports: " + config.runDir().resolve("round-N.json")
                + " (round-0.json to round-" + config.rounds() + ".json); policy now: " + policy
                + ".\nRaise --rounds to continue it, or start a new run with --run NAME.\n");
    }

    private static String summary(StarConfig config, StarRun.Outcome outcome) {
        String byRound = outcome.rounds().stream()
                .map(r -> String.format(Locale.ROOT, "round %d %s%s", r.round(),
                        r.evaluation() == null ? "(no evaluation)"
                                : RoundReport.describePassAtK(r.evaluation().passAtK()),
                        r.candidate() == null ? "" : r.promoted() ? " promoted" : " rolled back"))
                .collect(Collectors.joining("; "));
        return runName(config) + ": " + outcome.rounds().size() + " rounds finished (reports: "
                + config.runDir().resolve("round-N.json") + ")\nvalid: " + byRound + "\npolicy now: "
                + outcome.policy() + "\n";
    }

    /** Steps on stderr, each round's report on stdout, training progress bars; then the observer. */
    private final class Display implements StarListener {
        private final PrintWriter out;
        private final PrintWriter err;
        private final boolean progress;

        Display(PrintWriter out, PrintWriter err, boolean progress) {
            this.out = out;
            this.err = err;
            this.progress = progress;
        }

        @Override
        public void stepStarted(int round, String step, String detail) {
            err.println("round " + round + ": " + detail);
            err.flush();
            observer.stepStarted(round, step, detail);
        }

        @Override
        public void stepDone(int round, String step) {
            observer.stepDone(round, step);
        }

        @Override
        public void note(int round, String message) {
            err.println("round " + round + ": " + message);
            err.flush();
            observer.note(round, message);
        }

        @Override
        public void roundFinished(RoundReport report) {
            if (!json) {
                out.print(report.text());
                out.flush();
            }
            observer.roundFinished(report);
        }

        @Override
        public <T> T training(String task, Training<T> body) throws IOException {
            if (!progress) {
                return observer.training(task, body);
            }
            try (ProgressBarListener bar = new ProgressBarListener(task, err)) {
                return body.run(bar);
            }
        }
    }

    /** How messages name the run: by its algorithm, {@code STaR run NAME} or {@code GRPO run NAME}. */
    private static String runName(StarConfig config) {
        return (config.grpoRounds() ? "GRPO run " : "STaR run ") + config.run();
    }
}
