package dev.leanforge.loop.campaign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.bridge.pool.PoolConfig;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.loop.app.CheckerVerticle;
import dev.leanforge.loop.config.CampaignConfig;
import dev.leanforge.loop.config.ConfigException;
import dev.leanforge.loop.policy.PolicyKind;
import dev.leanforge.loop.policy.PolicyKinds;
import dev.leanforge.loop.search.BestFirstSearch;
import dev.leanforge.loop.search.ErrorFeedbackRetry;
import dev.leanforge.loop.search.SearchStrategy;
import dev.leanforge.loop.search.WholeProofSampling;
import dev.leanforge.loop.proof.CampaignSpec;
import dev.leanforge.loop.theorems.InputError;
import dev.leanforge.loop.theorems.InvalidInputException;
import dev.leanforge.loop.theorems.SetNames;
import dev.leanforge.loop.theorems.SetReader;
import dev.leanforge.loop.theorems.Split;
import dev.leanforge.loop.theorems.Theorem;
import dev.leanforge.loop.theorems.TheoremSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns checked settings into a {@link CampaignPlan}: reads the set, picks the strategy and policy, and so on. */
public final class CampaignPlans {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LEAN_VERSION = Pattern.compile("\\bversion ([0-9][^,\\s)]*)");

    private CampaignPlans() {}

    /**
     * The plan for {@code config}. Reads files (the set, the project's {@code lake-manifest.json}): call it off the
     * event loop.
     *
     * @param server           how to start Lean, as {@code --server-cmd} or the toolchain found decided
     * @param toolchainVersion the first line of {@code lean --version} of the toolchain found, when Lean is started
     *                         from it rather than by {@code server-cmd}
     * @throws ConfigException for a missing or invalid set, an unknown policy, or a Lean or Mathlib version that
     *                         cannot be determined
     */
    public static CampaignPlan prepare(CampaignConfig config, ServerCommand server, Optional<String> toolchainVersion) {
        Selection selection = select(config);
        List<Theorem> theorems = selection.theorems();
        SearchStrategy strategy = strategy(config);
        PolicyKind.Opening policy = policy(config);
        SamplingSettings sampling = new SamplingSettings(config.temperature(), config.topP(), config.topK(),
                config.maxTokens(), config.stop(), config.seed());
        Provenance provenance = new Provenance(leanVersion(config, toolchainVersion),
                mathlibRevision(config, selection.set()));
        PoolConfig pool = PoolConfig.builder()
                .workers(config.workers())
                .queueCapacity(config.inFlight()) // never more in flight than this, so the pool is never saturated
                .checkTimeout(config.timeout())
                .build();
        CheckerVerticle.Settings lean = new CheckerVerticle.Settings(server, pool, config.recheckTimeout(),
                config.recheckWorkers());

        Map<String, Object> recorded = new LinkedHashMap<>();
        recorded.put("budget", strategy.budget());
        recorded.put("sampling", sampling.recorded());
        Map<String, Object> leanRecord = new LinkedHashMap<>();
        leanRecord.put("timeout-seconds", seconds(config.timeout()));
        leanRecord.put("recheck-timeout-seconds", seconds(config.recheckTimeout()));
        leanRecord.put("lean-version", provenance.leanVersion());
        // What the set pins beside what was found (lean-version): a campaign checked with another Lean says so.
        leanRecord.put("pinned-toolchain", selection.set().manifest().toolchain());
        leanRecord.put("mathlib-revision", provenance.mathlibRevision().orElse(null));
        recorded.put("lean", leanRecord);
        String configJson;
        try {
            configJson = JSON.writeValueAsString(recorded);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain maps always serialise", e);
        }
        CampaignSpec spec = new CampaignSpec(config.set(), config.split().map(Split::word), strategy.name(),
                policy.description(), configJson, Optional.empty());
        return new CampaignPlan(spec, recorded, theorems, strategy, sampling, policy, lean, provenance,
                config.inFlight(), config.policyWorkers());
    }

    /**
     * Checks what {@link #prepare} checks that needs no Lean — the set and split, the strategy, the policy and its
     * settings — so that a typo is reported before Lean is looked for or started. Reads the set: call it off the
     * event loop.
     *
     * @throws ConfigException as {@link #prepare} does
     */
    public static void checkWithoutLean(CampaignConfig config) {
        select(config);
        strategy(config);
        policy(config);
    }

    /**
     * Checks everything {@link #prepare} checks except the policy (which may not exist yet, e.g. the checkpoint a
     * STaR round will train): the set and split, the strategy, the sampling settings, and the Lean and Mathlib
     * versions recorded with verified proofs. So a run that trains before its first campaign fails before training.
     * Reads files: call it off the event loop.
     *
     * @throws ConfigException as {@link #prepare} does
     */
    public static void checkAllButPolicy(CampaignConfig config, Optional<String> toolchainVersion) {
        Selection selection = select(config);
        strategy(config);
        new SamplingSettings(config.temperature(), config.topP(), config.topK(), config.maxTokens(), config.stop(),
                config.seed());
        leanVersion(config, toolchainVersion);
        mathlibRevision(config, selection.set());
    }

    private static SearchStrategy strategy(CampaignConfig config) {
        return switch (config.strategy()) {
            case WholeProofSampling.NAME -> new WholeProofSampling(config.samples(), config.retries(),
                    config.stopOnProof());
            case ErrorFeedbackRetry.NAME -> new ErrorFeedbackRetry(config.attempts(), config.retries());
            case BestFirstSearch.NAME -> new BestFirstSearch(config.width(), config.depth(), config.nodes(),
                    config.retries());
            default -> throw new ConfigException("strategy must be one of " + WholeProofSampling.NAME + ", "
                    + ErrorFeedbackRetry.NAME + ", " + BestFirstSearch.NAME + "; got \"" + config.strategy() + "\"");
        };
    }

    /**
     * The strategy a stored campaign ran, rebuilt from its name and the {@code budget} object of its recorded
     * settings ({@link SearchStrategy#budget}), to count its samples again (pass@k); empty for a name or budget
     * this build does not know.
     */
    public static Optional<SearchStrategy> storedStrategy(String name, Map<String, Object> budget) {
        try {
            int retries = ((Number) budget.get("retries")).intValue();
            return Optional.of(switch (name) {
                case WholeProofSampling.NAME -> new WholeProofSampling(((Number) budget.get("samples")).intValue(),
                        retries, (Boolean) budget.get("stop-on-proof"));
                case ErrorFeedbackRetry.NAME -> new ErrorFeedbackRetry(((Number) budget.get("attempts")).intValue(),
                        retries);
                case BestFirstSearch.NAME -> new BestFirstSearch(((Number) budget.get("width")).intValue(),
                        ((Number) budget.get("depth")).intValue(), ((Number) budget.get("nodes")).intValue(), retries);
                default -> throw new IllegalArgumentException(name);
            });
        } catch (RuntimeException e) { // unknown name, a missing or mistyped budget entry
            return Optional.empty();
        }
    }

    private static PolicyKind.Opening policy(CampaignConfig config) {
        try {
            return PolicyKinds.prepare(config.policy(), config.policySettings());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    /** The set and the theorems of it that the campaign searches. */
    private record Selection(TheoremSet set, List<Theorem> theorems) {}

    private static Selection select(CampaignConfig config) {
        TheoremSet set = readSet(config);
        List<Theorem> theorems = set.theorems().stream()
                .filter(t -> config.split().map(s -> t.split() == s).orElse(true))
                .toList();
        if (theorems.isEmpty()) {
            throw new ConfigException("set " + set.name() + " has no theorems in split "
                    + config.split().map(Split::word).orElse("all"));
        }
        return new Selection(set, theorems);
    }

    /**
     * The whole set {@code config} names, read from {@code theorems-dir} (blocking: call it off the event loop).
     *
     * @throws ConfigException when there is no such set (the message lists the sets there are) or it is invalid
     */
    public static TheoremSet readSet(CampaignConfig config) {
        SetNames.problem(config.set()).ifPresent(problem -> {
            throw new ConfigException("set " + problem);
        });
        Path setDir = SetNames.dir(config.theoremsDir(), config.set());
        if (!Files.isDirectory(setDir)) {
            List<String> names = new ArrayList<>();
            try {
                if (Files.isDirectory(config.theoremsDir())) {
                    SetReader.setDirs(config.theoremsDir()).forEach(p -> names.add(p.getFileName().toString()));
                }
            } catch (IOException e) {
                names.add("(cannot list " + config.theoremsDir() + ": " + e.getMessage() + ")");
            }
            throw new ConfigException("no set \"" + config.set() + "\" in " + config.theoremsDir() + " (sets there: "
                    + (names.isEmpty() ? "none" : String.join(", ", names)) + "); set theorems-dir to the folder "
                    + "holding the sets");
        }
        TheoremSet set;
        try {
            set = SetReader.read(setDir);
        } catch (InvalidInputException e) {
            List<String> problems = new ArrayList<>();
            problems.add("invalid set " + setDir + " (`leanforge theorems validate` explains more):");
            e.errors().stream().map(InputError::toString).forEach(problems::add);
            throw new ConfigException(problems);
        }
        return set;
    }

    private static String leanVersion(CampaignConfig config, Optional<String> toolchainVersion) {
        if (config.leanVersion().isPresent()) {
            return config.leanVersion().get();
        }
        if (config.serverCmd().isPresent()) {
            throw new ConfigException("lean-version is required with server-cmd: leanforge cannot ask the Lean it "
                    + "starts through a command for its version; give --lean-version VERSION (what `lean --version` "
                    + "prints there, e.g. 4.24.0), which is recorded with every verified proof");
        }
        String line = toolchainVersion.orElseThrow(() -> new ConfigException("the Lean toolchain found did not say "
                + "its version (`lean --version` failed); give --lean-version VERSION"));
        Matcher m = LEAN_VERSION.matcher(line);
        return m.find() ? m.group(1) : line.strip();
    }

    /** For a set that needs Mathlib: the configured revision, else the one the project's lake manifest pins. */
    private static Optional<String> mathlibRevision(CampaignConfig config, TheoremSet set) {
        if (set.manifest().mathlib().isEmpty()) {
            return Optional.empty(); // core-Lean set: its proofs do not depend on any Mathlib
        }
        if (config.mathlibRevision().isPresent()) {
            return config.mathlibRevision();
        }
        Path manifest = config.projectDir().resolve("lake-manifest.json");
        try {
            if (Files.isRegularFile(manifest)) {
                for (JsonNode pkg : JSON.readTree(manifest.toFile()).path("packages")) {
                    if (pkg.path("name").asText().equals("mathlib") && pkg.hasNonNull("rev")) {
                        return Optional.of(pkg.get("rev").asText());
                    }
                }
            }
        } catch (IOException e) {
            throw new ConfigException(manifest + ": cannot read the lake manifest: " + e.getMessage());
        }
        throw new ConfigException("set " + set.name() + " needs Mathlib, but " + manifest + " names no mathlib package; "
                + "give --mathlib-revision REV (the Mathlib commit of project-dir), which is recorded with every "
                + "verified proof");
    }
}
