package dev.leanforge.loop.config;

import static dev.leanforge.loop.config.CampaignSettings.*;

import dev.leanforge.loop.policy.PolicySettings;
import dev.leanforge.loop.theorems.Split;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The settings of one {@code campaign run}, checked and with defaults filled in (see {@link CampaignSettings} for
 * what each one means).
 *
 * @param split         empty for the whole set
 * @param serverCmd     empty: start the toolchain found on this machine
 * @param leanVersion   empty: take it from the toolchain found
 * @param mathlibRevision empty: take it from the project's {@code lake-manifest.json}
 * @param policySettings the settings of policy kinds that have their own ({@code openai-*})
 */
public record CampaignConfig(String set, Optional<Split> split, String strategy, String policy, Path theoremsDir,
                             Path store, int samples, int attempts, int retries, boolean stopOnProof, int width,
                             int depth, int nodes, double temperature, double topP, int topK, int maxTokens, List<String> stop, long seed,
                             int workers, int inFlight, int recheckWorkers, int policyWorkers, Path projectDir,
                             Optional<String> serverCmd, Duration timeout, Duration recheckTimeout,
                             Optional<String> leanVersion, Optional<String> mathlibRevision, boolean progress,
                             PolicySettings policySettings) {

    public CampaignConfig {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(theoremsDir, "theoremsDir");
        Objects.requireNonNull(store, "store");
        stop = List.copyOf(stop);
        Objects.requireNonNull(projectDir, "projectDir");
        Objects.requireNonNull(serverCmd, "serverCmd");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(recheckTimeout, "recheckTimeout");
        Objects.requireNonNull(leanVersion, "leanVersion");
        Objects.requireNonNull(mathlibRevision, "mathlibRevision");
        Objects.requireNonNull(policySettings, "policySettings");
    }

    /**
     * Checks the given values (the command line's already laid over the file's) and fills in the defaults.
     *
     * @param given key → value; keys must be those of {@link CampaignSettings#ALL}
     * @throws ConfigException listing every bad or missing value
     */
    public static CampaignConfig resolve(Map<String, RawValue> given) {
        SettingValues values = new SettingValues(given);
        for (String key : given.keySet()) {
            if (CampaignSettings.byKey(key).isEmpty()) {
                throw new IllegalArgumentException("not a campaign setting: " + key);
            }
        }
        String set = values.get(SET);
        String split = values.get(SPLIT);
        String strategy = values.get(STRATEGY);
        String policy = values.get(POLICY);
        Path theoremsDir = values.get(THEOREMS_DIR);
        Path store = values.get(STORE);
        Integer samples = values.get(SAMPLES);
        Integer attempts = values.get(ATTEMPTS);
        Integer retries = values.get(RETRIES);
        Boolean stopOnProof = values.get(STOP_ON_PROOF);
        Integer width = values.get(WIDTH);
        Integer depth = values.get(DEPTH);
        Integer nodes = values.get(NODES);
        Double temperature = values.get(TEMPERATURE);
        Double topP = values.get(TOP_P);
        Integer topK = values.get(TOP_K);
        Integer maxTokens = values.get(MAX_TOKENS);
        List<String> stop = values.get(STOP);
        Long seed = values.get(SEED);
        Integer workers = values.get(WORKERS);
        Optional<Integer> inFlight = values.optional(IN_FLIGHT);
        Integer recheckWorkers = values.get(RECHECK_WORKERS);
        Integer policyWorkers = values.get(POLICY_WORKERS);
        Path projectDir = values.get(PROJECT_DIR);
        Optional<String> serverCmd = values.optional(SERVER_CMD);
        Duration timeout = values.get(TIMEOUT);
        Optional<Duration> recheckTimeout = values.optional(RECHECK_TIMEOUT);
        Optional<String> leanVersion = values.optional(LEAN_VERSION);
        Optional<String> mathlibRevision = values.optional(MATHLIB_REVISION);
        Boolean progress = values.get(PROGRESS);
        Supplier<PolicySettings> policySettings = PolicySettingsConfig.read(values);
        values.throwIfProblems();
        return new CampaignConfig(set, Split.parse(split), strategy, policy, theoremsDir, store, samples, attempts,
                retries, stopOnProof, width, depth, nodes, temperature, topP, topK, maxTokens, stop, seed, workers,
                inFlight.orElse(2 * workers), recheckWorkers, policyWorkers, projectDir, serverCmd, timeout,
                recheckTimeout.orElse(timeout), leanVersion, mathlibRevision, progress, policySettings.get());
    }

    /** These settings with {@code dir} as the Lean project directory (a Lake project {@code theorems prepare} made). */
    public CampaignConfig withProjectDir(Path dir) {
        return new CampaignConfig(set, split, strategy, policy, theoremsDir, store, samples, attempts, retries,
                stopOnProof, width, depth, nodes, temperature, topP, topK, maxTokens, stop, seed, workers, inFlight,
                recheckWorkers, policyWorkers, dir, serverCmd, timeout, recheckTimeout, leanVersion, mathlibRevision,
                progress, policySettings);
    }
}
