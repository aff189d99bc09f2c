package dev.leanforge.loop.cli;

import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.toolchain.Toolchain;
import dev.leanforge.loop.campaign.CampaignPlan;
import dev.leanforge.loop.campaign.CampaignPlans;
import dev.leanforge.loop.campaign.CampaignRunner;
import dev.leanforge.loop.campaign.CampaignSetupException;
import dev.leanforge.loop.campaign.CampaignSummary;
import dev.leanforge.loop.config.CampaignConfig;
import dev.leanforge.loop.config.CampaignSettings;
import dev.leanforge.loop.config.ConfigException;
import dev.leanforge.loop.config.ConfigFile;
import dev.leanforge.loop.config.RawValue;
import dev.leanforge.loop.progress.CampaignProgress;
import dev.leanforge.loop.config.Setting;
import dev.leanforge.loop.store.Store;
import dev.leanforge.loop.store.StoreException;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
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

    /** Settings the shared {@link LeanOptions} mixin already declares as options. */
    private static final Set<String> LEAN_OPTION_KEYS = Set.of(CampaignSettings.PROJECT_DIR.key(),
            CampaignSettings.SERVER_CMD.key(), CampaignSettings.TIMEOUT.key());

    @Option(names = "--config", paramLabel = "FILE", description = "Settings file (YAML or JSON); options override it.")
    Path configFile;

    @Option(names = "--json", description = "Print the summary as one JSON object instead of text.")
    boolean json;

    @Mixin
    LeanOptions lean;

    @Mixin
    ServeOption serve;

    @Spec
    CommandSpec spec;

    private final Supplier<Vertx> vertxFactory;

    CampaignRunCommand() {
        this.vertxFactory = () -> serve.newVertx(); // picocli sets serve before call()
    }

    /** With the Vert.x instance the campaign runs in made by {@code vertxFactory} (tests tighten its checks). */
    CampaignRunCommand(Supplier<Vertx> vertxFactory) {
        this.vertxFactory = vertxFactory;
    }

    /** Adds an option for every campaign setting that the Lean options do not already declare. */
    static final class SettingOptions implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            for (Setting<?> setting : CampaignSettings.ALL) {
                if (LEAN_OPTION_KEYS.contains(setting.key())) {
                    continue;
                }
                command.addOption(OptionSpec.builder(setting.option())
                        .paramLabel(setting.label())
                        .type(setting.isList() ? String[].class : String.class)
                        .arity("1")
                        .description(setting.description() + (setting.defaultText().equals("required")
                                ? " Required." : " Default: " + setting.defaultText() + "."))
                        .build());
            }
            return command;
        }
    }

    @Override
    public Integer call() {
        CampaignConfig config = config();
        lean.projectDir = config.projectDir();
        lean.serverCmd = config.serverCmd().orElse(null);
        ServerCommand server = lean.serverCommand();
        Optional<String> toolchainVersion = config.serverCmd().isPresent()
                ? Optional.empty()
                : lean.locator.locate().flatMap(Toolchain::version);
        CampaignPlan plan;
        try {
            plan = CampaignPlans.prepare(config, server, toolchainVersion);
        } catch (ConfigException e) {
            throw new CliError(e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Store store = openStore(config.store())) {
            Vertx vertx = vertxFactory.get();
            ProgressDisplay display = config.progress() ? new ProgressDisplay(err) : null;
            MessageConsumer<JsonObject> progress = vertx.eventBus().consumer(CampaignProgress.ADDRESS,
                    message -> {
                        if (display != null) {
                            display.show(CampaignProgress.fromJson(message.body()));
                        }
                    });
            try {
                serve.start(vertx, config.store(), err);
                CampaignSummary summary = CampaignRunner.run(vertx, plan, store).toCompletionStage()
                        .toCompletableFuture().get();
                closeDisplay(display);
                out.print(json ? summary.toJson() + "\n" : summary.text());
                out.flush();
                return 0;
            } catch (ExecutionException e) {
                closeDisplay(display);
                Throwable cause = e.getCause();
                if (cause instanceof CampaignSetupException) {
                    throw new CliError(cause.getMessage(), cause);
                }
                err.println("leanforge campaign run: the campaign stopped: " + cause.getMessage());
                err.println("It is kept in " + config.store() + "; run the same command to resume it.");
                err.flush();
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliError("interrupted", e);
            } finally {
                progress.unregister();
                vertx.close().toCompletionStage().toCompletableFuture().join();
            }
        }
    }

    /** The settings: defaults, overridden by the config file, overridden by the options given. */
    private CampaignConfig config() {
        Map<String, RawValue> given = new LinkedHashMap<>();
        try {
            if (configFile != null) {
                given.putAll(ConfigFile.read(configFile));
            }
            ParseResult parsed = spec.commandLine().getParseResult();
            for (Setting<?> setting : CampaignSettings.ALL) {
                if (parsed.hasMatchedOption(setting.option())) {
                    List<String> texts = parsed.matchedOption(setting.option()).stringValues();
                    String where = "option " + setting.option();
                    given.put(setting.key(), setting.isList() ? RawValue.list(where, texts)
                            : RawValue.scalar(where, texts.get(texts.size() - 1)));
                }
            }
            return CampaignConfig.resolve(given);
        } catch (ConfigException e) {
            throw new CliError(e.getMessage(), e);
        }
    }

    private static Store openStore(Path file) {
        try {
            return Store.open(file);
        } catch (StoreException e) {
            throw new CliError(e.getMessage(), e);
        }
    }

    private static void closeDisplay(ProgressDisplay display) {
        if (display != null) {
            display.close();
        }
    }

    /** The progress bar on stderr: theorems done of all, solved, checks per second, ETA. */
    private static final class ProgressDisplay {
        private final PrintWriter err;
        private ProgressBar bar;

        ProgressDisplay(PrintWriter err) {
            this.err = err;
        }

        synchronized void show(CampaignProgress progress) {
            if (bar == null) {
                bar = new ProgressBarBuilder()
                        .setTaskName("campaign " + progress.campaignId())
                        .setStyle(ProgressBarStyle.UNICODE_BLOCK) // no colour codes: the output is often a log file
                        .setUnit(" theorems", 1)
                        .setInitialMax(progress.theoremsTotal())
                        .showSpeed()
                        .setConsumer(new DelegatingProgressBarConsumer(line -> {
                            err.print('\r' + line);
                            err.flush();
                        }, 120))
                        .build();
            }
            bar.stepTo(progress.theoremsDone());
            bar.setExtraMessage(String.format(Locale.ROOT, " solved %d, %.1f checks/s", progress.solved(),
                    progress.checksPerSecond()));
        }

        synchronized void close() {
            if (bar != null) {
                bar.close();
                err.println();
                err.flush();
            }
        }
    }
}
