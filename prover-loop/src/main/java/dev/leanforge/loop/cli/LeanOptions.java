package dev.leanforge.loop.cli;

import dev.leanforge.bridge.server.Sandbox;
import dev.leanforge.bridge.server.SandboxMode;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.toolchain.ElanInstaller;
import dev.leanforge.bridge.toolchain.PinnedToolchain;
import dev.leanforge.bridge.toolchain.Toolchain;
import dev.leanforge.bridge.toolchain.ToolchainLocator;
import dev.leanforge.loop.campaign.CampaignPlans;
import dev.leanforge.loop.config.Limit;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import dev.leanforge.loop.config.CampaignConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options every command that talks to Lean shares: where the project is, how to start Lean, how long to wait. */
public final class LeanOptions {

    private static final Logger LOG = LoggerFactory.getLogger(LeanOptions.class);

    @Option(names = "--project-dir", paramLabel = "DIR", defaultValue = ".",
            description = "Lean project root the server runs in (a Lake project for Mathlib). "
                    + "Default: the current directory.")
    Path projectDir;

    @Option(names = "--server-cmd", paramLabel = "CMD",
            description = {"Command that starts a Lean language server on stdin/stdout, run with `sh -c` in the project "
                    + "directory; replaces `lake serve` / `lean --server`.",
                "E.g. \"docker exec -i lean lake serve\", \"ssh host 'cd proj && lake serve'\", "
                    + "\"bwrap … lean --server\"."})
    String serverCmd;

    @Within(Limit.TIMEOUT)
    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Wall-clock limit per check; a check that takes longer is TIMEOUT. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--no-install",
            description = "Never install Lean. By default, when no toolchain is found, the pinned one (the set's "
                    + "`toolchain`, else lean-toolchain) is installed into ~/.cache/leanforge/elan with elan's "
                    + "installer (network, a few hundred MB). Also LEANFORGE_NO_INSTALL=1.")
    boolean noInstall;

    @Mixin
    SandboxOptions sandbox = new SandboxOptions();

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    ToolchainLocator locator = ToolchainLocator.system();

    /** The toolchain Lean should be and where that pin comes from; set by {@link #pinTo}, else {@link #pin()}. */
    private PinnedToolchain pinned;
    private String pinnedFrom;

    /** Pins the toolchain to {@code toolchain} (a set's manifest), named {@code from} in messages. */
    void pinTo(String toolchain, String from) {
        try {
            pinned = new PinnedToolchain(toolchain);
            pinnedFrom = from;
        } catch (IllegalArgumentException e) {
            throw new CliError(from + ": " + e.getMessage(), e);
        }
    }

    /**
     * The toolchain Lean should be: what {@link #pinTo} set (a set's {@code toolchain}), else the project
     * directory's {@code lean-toolchain}, else the leanforge checkout's ({@code $LEANFORGE_ROOT/lean-toolchain}, set
     * by the launcher), else {@link PinnedToolchain#DEFAULT}.
     */
    PinnedToolchain pin() {
        if (pinned == null) {
            Path projectPin = projectDir.resolve("lean-toolchain");
            String root = locator.env().get("LEANFORGE_ROOT");
            Path rootPin = root == null || root.isBlank() ? null : Path.of(root, "lean-toolchain");
            Optional<PinnedToolchain> fromProject = PinnedToolchain.read(projectPin);
            Optional<PinnedToolchain> fromRoot = rootPin == null ? Optional.empty() : PinnedToolchain.read(rootPin);
            if (fromProject.isPresent()) {
                pinned = fromProject.get();
                pinnedFrom = projectPin.toString();
            } else if (fromRoot.isPresent()) {
                pinned = fromRoot.get();
                pinnedFrom = rootPin.toString();
            } else {
                pinned = PinnedToolchain.standard();
                pinnedFrom = "leanforge's default";
            }
        }
        return pinned;
    }

    /** Where messages go when these options are not a command's (doctor, theorems prepare use them so). */
    PrintWriter errOverride;

    /** Where the messages of finding and installing Lean go: the command's stderr. */
    PrintWriter err() {
        if (errOverride != null) {
            return errOverride;
        }
        return mixee != null ? mixee.commandLine().getErr()
                : new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    }

    /**
     * The toolchain found, after installing the pinned one when none is and installing is allowed; warns on stderr
     * when the Lean found is not the pinned version.
     *
     * @throws CliError when there is none and it could not or may not be installed
     */
    Toolchain toolchain() {
        PinnedToolchain pin = pin();
        Optional<Toolchain> found = locator.locate(pin);
        if (found.isEmpty()) {
            ElanInstaller installer = locator.installer();
            if (noInstall || installer.disabledByEnvironment()) {
                throw new CliError(ToolchainLocator.INSTALL_HINT + "\nleanforge did not install " + pin + " ("
                        + (noInstall ? "--no-install" : ElanInstaller.NO_INSTALL_ENV + " is set") + ").\n"
                        + installer.manualSteps(pin));
            }
            try {
                found = Optional.of(installer.install(pin, err()));
            } catch (ElanInstaller.InstallException e) {
                throw new CliError(e.getMessage(), e);
            }
        }
        Toolchain toolchain = found.get();
        mismatch(toolchain).ifPresent(warning -> {
            PrintWriter err = err();
            err.println(warning);
            err.flush();
        });
        return toolchain;
    }

    /** A warning when {@code toolchain}'s version is not the pinned one; empty when it is or cannot be told. */
    Optional<String> mismatch(Toolchain toolchain) {
        PinnedToolchain pin = pin();
        return toolchain.version().filter(v -> !pin.matches(v)).map(v -> "leanforge: warning: the Lean found ("
                + PinnedToolchain.versionOf(v) + ", " + toolchain.lean() + " via " + toolchain.source()
                + ") is not the pinned toolchain " + pin + " (" + pinnedFrom + "); checks and recorded proofs are "
                + "those of " + PinnedToolchain.versionOf(v) + ". To use the pinned one, run `leanforge doctor "
                + "--install` and set LEANFORGE_LEAN_HOME as it says.");
    }

    /**
     * How to start Lean: the user's command as given, else the editor's default for the project with the toolchain
     * found, inside the sandbox (see {@link SandboxOptions}). A {@code --server-cmd} is never wrapped: it may reach
     * Lean over the network or Docker, which the sandbox forbids, so it must bring its own (e.g. lean-sandbox).
     */
    public ServerCommand serverCommand() {
        return serverCommand(null);
    }

    /** As {@link #serverCommand()}, with {@code found} as the toolchain (null: find or install it). */
    private ServerCommand serverCommand(Toolchain found) {
        try {
            if (serverCmd != null) {
                if (sandbox.mode() == SandboxMode.REQUIRED) {
                    throw new CliError("a sandbox is required (--sandbox required or " + SandboxMode.ENV
                            + "=required) but leanforge does not wrap --server-cmd; sandbox that command itself "
                            + "(e.g. lean-sandbox, docs/docker.md#sandboxing) and pass --sandbox auto");
                }
                return ServerCommand.shell(serverCmd, projectDir);
            }
            Toolchain toolchain = found != null ? found : toolchain();
            ServerCommand standard = ServerCommand.standard(projectDir, toolchain.lean().getParent());
            Sandbox confinement = sandbox.resolve(standard);
            if (confinement instanceof Sandbox.Unavailable unavailable) {
                throw new CliError(unavailable.describe());
            }
            if (confinement instanceof Sandbox.Unsandboxed unsandboxed && sandbox.mode() != SandboxMode.OFF) {
                LOG.warn("{}", unsandboxed.reason());
            }
            return confinement.wrap(standard);
        } catch (IllegalArgumentException e) {
            throw new CliError(e.getMessage(), e);
        }
    }

    /**
     * How a campaign starts Lean.
     *
     * @param toolchainVersion {@code lean --version} of the toolchain found, when Lean is started from it rather
     *                         than by {@code server-cmd}
     */
    public record Launch(ServerCommand server, Optional<String> toolchainVersion) {}

    /**
     * How the campaigns of {@code config} start Lean: its project directory and server command (the options,
     * already laid over the config file) replace these options' own values. The set's {@code toolchain} is the pin:
     * installed when no Lean is found, warned about when the Lean found is another version.
     */
    Launch launch(CampaignConfig config) {
        projectDir = config.projectDir();
        serverCmd = config.serverCmd().orElse(null);
        pinTo(CampaignPlans.readSet(config).manifest().toolchain(),
                "the toolchain of set " + config.set() + "'s manifest.json");
        if (serverCmd != null) {
            return new Launch(serverCommand(), Optional.empty());
        }
        Toolchain toolchain = toolchain(); // installs it if need be, and warns about another version
        return new Launch(serverCommand(toolchain), toolchain.version());
    }

    /**
     * How to start Lean with these options as given (no set to pin to), and the version of the toolchain found when
     * Lean starts from one rather than by {@code --server-cmd}: a cluster worker's Lean.
     */
    Launch launchAsGiven() {
        if (serverCmd != null) {
            return new Launch(serverCommand(), Optional.empty());
        }
        Toolchain toolchain = toolchain();
        return new Launch(serverCommand(toolchain), toolchain.version());
    }

    /** The projects {@code theorems prepare} made, in leanforge's cache folder. */
    PreparedProjects preparedProjects() {
        return new PreparedProjects(locator.leanforgeCache().resolve("projects.json"));
    }

    /**
     * {@code config}, with the Lake project {@code theorems prepare} made for its set as project directory when the
     * set needs Mathlib and the configured directory is no Lake project. Lean started by a server-cmd is left alone.
     *
     * @throws CliError when the set needs Mathlib and there is no Lake project to use: says what to run
     */
    CampaignConfig withPreparedProject(CampaignConfig config) {
        if (config.serverCmd().isPresent() || PreparedProjects.isLakeProject(config.projectDir())) {
            return config;
        }
        var manifest = CampaignPlans.readSet(config).manifest();
        if (manifest.mathlib().isEmpty()) {
            return config;
        }
        String rev = manifest.mathlib().get();
        PreparedProjects projects = preparedProjects();
        Optional<PreparedProjects.Project> prepared = projects.find(config.set())
                .filter(p -> p.toolchain().equals(manifest.toolchain()) && p.mathlib().equals(rev)
                        && PreparedProjects.isLakeProject(p.dir()));
        if (prepared.isEmpty()) {
            throw new CliError("set " + config.set() + " needs Mathlib " + rev + ", but " + config.projectDir()
                    + " is not a Lake project and none is prepared for it (" + projects.file() + "). Run once "
                    + "(network, several GB):\n  ./leanforge theorems prepare --set " + config.set()
                    + (config.theoremsDir().equals(Path.of("theorems")) ? "" : " --dir " + config.theoremsDir())
                    + "\nor pass --project-dir DIR of a Lake project that requires Mathlib " + rev + ".");
        }
        PrintWriter err = err();
        err.println("leanforge: set " + config.set() + " needs Mathlib; using the Lake project prepared for it: "
                + prepared.get().dir());
        err.flush();
        return config.withProjectDir(prepared.get().dir());
    }

    /**
     * Refuses, saying what to run, when {@code headers} import Mathlib and Lean would start outside a Lake project:
     * {@code lean --server} there cannot find Mathlib, and every check would crash on the import.
     */
    void requireLakeProjectForMathlib(List<String> headers) {
        if (serverCmd != null || PreparedProjects.isLakeProject(projectDir)
                || headers.stream().noneMatch(PreparedProjects::importsMathlib)) {
            return;
        }
        throw new CliError("the file imports Mathlib, but " + projectDir + " is not a Lake project (no lakefile), "
                + "so Lean cannot find Mathlib. Make one and pass it:\n"
                + "  ./leanforge theorems prepare --set SET          (a set needing Mathlib; prints its directory)\n"
                + "  ./leanforge check FILE --project-dir DIR        (DIR: that directory, or any Lake project "
                + "requiring Mathlib)");
    }

    public Duration timeout() {
        return timeout;
    }
}
