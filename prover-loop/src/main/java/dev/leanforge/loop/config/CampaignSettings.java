package dev.leanforge.loop.config;

import dev.leanforge.loop.policy.openai.OpenAiOptions;
import dev.leanforge.loop.policy.openai.PromptTemplate;
import dev.leanforge.loop.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every setting of {@code leanforge campaign run}: the keys of its config file and, with {@code --} in front, its
 * options. The table is the one source of names, defaults and descriptions for the parser, the command's help and
 * the reference in docs/campaigns.md.
 */
public final class CampaignSettings {

    private CampaignSettings() {}

    public static final Setting<String> SET = Setting.text("set", "NAME",
            "Theorem set to search, a folder under theorems-dir.");
    public static final Setting<String> SPLIT = Setting.choice("split",
            "Which theorems of the set: one split, or all of them.", List.of("train", "valid", "test", "all"))
            .withDefault("all", "all");
    public static final Setting<String> STRATEGY = Setting.choice("strategy",
            "Search strategy: sample (k whole proofs per theorem), feedback (retry with Lean's messages) or "
                    + "best-first (tactic by tactic over goal states).",
            List.of("sample", "feedback", "best-first"))
            .withDefault("sample", "sample");
    public static final Setting<String> POLICY = Setting.text("policy", "KIND:ARG",
            "Where proofs come from, e.g. scripted:rules.yaml (see docs/campaigns.md for the kinds).");
    public static final Setting<Path> THEOREMS_DIR = Setting.path("theorems-dir", "DIR",
            "Folder holding the theorem sets.")
            .withDefault(Path.of("theorems"), "theorems");
    public static final Setting<Path> STORE = Setting.path("store", "FILE",
            "The store, an SQLite file; campaigns and STaR rounds are recorded and resumed there.")
            .withDefault(Path.of(Store.DEFAULT_LOCATION), Store.DEFAULT_LOCATION);

    public static final Setting<Integer> SAMPLES = Setting.integer("samples",
            "sample: decided proofs sampled per theorem (the k of pass@k).", Limit.SAMPLES)
            .withDefault(8, "8");
    public static final Setting<Integer> ATTEMPTS = Setting.integer("attempts",
            "feedback: decided attempts per theorem, each after the previous one's Lean feedback.", Limit.SAMPLES)
            .withDefault(4, "4");
    public static final Setting<Integer> RETRIES = Setting.integer("retries",
            "Crashed or timed-out attempts per theorem that are replaced by a new one (they are not failures).",
            Limit.RETRIES)
            .withDefault(2, "2");
    public static final Setting<Boolean> STOP_ON_PROOF = Setting.bool("stop-on-proof",
            "Stop searching a theorem at its first verified proof.")
            .withDefault(true, "true");
    public static final Setting<Integer> WIDTH = Setting.integer("width",
            "best-first: tactics sampled per expanded node.", Limit.SEARCH_WIDTH)
            .withDefault(8, "8");
    public static final Setting<Integer> DEPTH = Setting.integer("depth",
            "best-first: most tactics in a proof.", Limit.SEARCH_DEPTH)
            .withDefault(16, "16");
    public static final Setting<Integer> NODES = Setting.integer("nodes",
            "best-first: most nodes expanded per theorem.", Limit.SEARCH_NODES)
            .withDefault(64, "64");

    public static final Setting<Double> TEMPERATURE = Setting.decimal("temperature",
            "Sampling temperature; 0 is greedy.", Limit.TEMPERATURE)
            .withDefault(1.0, "1.0");
    public static final Setting<Double> TOP_P = Setting.decimal("top-p",
            "Nucleus sampling mass; 1 samples from the whole distribution.", Limit.TOP_P)
            .withDefault(1.0, "1.0");
    public static final Setting<Integer> TOP_K = Setting.integer("top-k",
            "Sample among the k most likely tokens; 0 for no limit.", Limit.TOP_K)
            .withDefault(0, "0");
    public static final Setting<Integer> MAX_TOKENS = Setting.integer("max-tokens",
            "Most new tokens per completion.", Limit.MAX_TOKENS)
            .withDefault(512, "512");
    public static final Setting<List<String>> STOP = Setting.texts("stop", "TEXT",
            "A string that ends a completion; repeat the option (or give a YAML list) for several.")
            .withDefault(List.of(), "none");
    public static final Setting<Long> SEED = Setting.anyLong("seed",
            "Base seed of the policy's sampling; each policy call derives its own from it.")
            .withDefault(0L, "0");

    public static final Setting<Integer> WORKERS = Setting.integer("workers",
            "Warm Lean servers checking attempts.", Limit.WORKERS)
            .withDefault(Runtime.getRuntime().availableProcessors(), "number of cores");
    public static final Setting<Integer> IN_FLIGHT = Setting.integer("in-flight",
            "Most attempts being checked, rechecked or stored at once, and goal-state requests, over all theorems.",
            Limit.IN_FLIGHT)
            .derivedDefault("2 × workers");
    public static final Setting<Integer> RECHECK_WORKERS = Setting.integer("recheck-workers",
            "Fresh Lean processes rechecking PROVED attempts at once.", Limit.WORKERS)
            .withDefault(1, "1");
    public static final Setting<Integer> POLICY_WORKERS = Setting.integer("policy-workers",
            "Policy requests served at once (worker verticle instances sharing one policy).", Limit.POLICY_WORKERS)
            .withDefault(1, "1");

    public static final Setting<Path> PROJECT_DIR = Setting.path("project-dir", "DIR",
            "Lean project root the servers run in (a Lake project for Mathlib sets).")
            .withDefault(Path.of("."), ".");
    public static final Setting<String> SERVER_CMD = Setting.text("server-cmd", "CMD",
            "Command that starts a Lean language server on stdin/stdout (sh -c, in project-dir).")
            .derivedDefault("none: lake serve / lean --server of the toolchain found");
    public static final Setting<Duration> TIMEOUT = Setting.seconds("timeout",
            "Wall-clock limit per check on a warm server; a longer check is TIMEOUT.", Limit.TIMEOUT)
            .withDefault(Duration.ofSeconds(60), "60");
    public static final Setting<Duration> RECHECK_TIMEOUT = Setting.seconds("recheck-timeout",
            "Wall-clock limit of the fresh-process recheck, import loading included.", Limit.TIMEOUT)
            .derivedDefault("timeout");
    public static final Setting<String> LEAN_VERSION = Setting.text("lean-version", "VERSION",
            "Lean version recorded with verified proofs.")
            .derivedDefault("what `lean --version` of the toolchain found says; required with server-cmd");
    public static final Setting<String> MATHLIB_REVISION = Setting.text("mathlib-revision", "REV",
            "Mathlib revision recorded with proofs of sets that need Mathlib.")
            .derivedDefault("the mathlib entry of project-dir/lake-manifest.json");
    public static final Setting<Boolean> PROGRESS = Setting.bool("progress",
            "Show a progress bar on stderr.")
            .withDefault(true, "true");

    // openai:URL (docs/policies.md); the defaults are OpenAiOptions.DEFAULTS.
    public static final Setting<String> OPENAI_MODEL = Setting.text("openai-model", "NAME",
            "openai: the model named in each request (vLLM: its served model name).")
            .derivedDefault("none; required with an openai policy");
    public static final Setting<PromptTemplate> OPENAI_PROMPT_TEMPLATE = Setting.scalar("openai-prompt-template",
            "TEXT", "openai: what is sent, with " + PromptTemplate.PLACEHOLDER + " where leanforge's prompt goes.",
            PromptTemplate::new)
            .withDefault(OpenAiOptions.DEFAULTS.template(), PromptTemplate.PLACEHOLDER);
    public static final Setting<List<String>> OPENAI_STOP = Setting.texts("openai-stop", "TEXT",
            "openai: stop strings sent besides stop, e.g. the closing fence of a template that opens one.")
            .withDefault(OpenAiOptions.DEFAULTS.stop(), "none");
    public static final Setting<String> OPENAI_API_KEY_ENV = Setting.scalar("openai-api-key-env", "VAR",
            "openai: environment variable holding the API key, sent as a bearer token (the key is never stored).",
            OpenAiOptions::checkEnvName)
            .derivedDefault("none: no key is sent");
    public static final Setting<Duration> OPENAI_TIMEOUT = Setting.seconds("openai-timeout",
            "openai: longest wait for the answer to one request.", Limit.TIMEOUT)
            .withDefault(OpenAiOptions.DEFAULTS.timeout(), "300");
    public static final Setting<Integer> OPENAI_RETRIES = Setting.integer("openai-retries",
            "openai: tries again after 429, 5xx or a connection failure, pausing longer each time.", Limit.RETRIES)
            .withDefault(OpenAiOptions.DEFAULTS.retries(), "4");
    public static final Setting<Boolean> OPENAI_LOGPROBS = Setting.bool("openai-logprobs",
            "openai: ask for token log-probs (their sum is the completion's log-prob).")
            .withDefault(OpenAiOptions.DEFAULTS.logprobs(), "true");
    public static final Setting<Integer> OPENAI_MAX_N = Setting.integer("openai-max-n",
            "openai: most completions per request; 0 for no limit (llama.cpp's server needs 1).", Limit.OPENAI_MAX_N)
            .withDefault(OpenAiOptions.DEFAULTS.maxN(), "0");

    /**
     * The settings of policy kinds ({@code openai-*}, resolved by {@link PolicySettingsConfig}): also those of
     * {@code leanforge worker --policy}, whose options and config file are made from this same list.
     */
    public static final List<Setting<?>> POLICY_KINDS = List.of(OPENAI_MODEL, OPENAI_PROMPT_TEMPLATE, OPENAI_STOP,
            OPENAI_API_KEY_ENV, OPENAI_TIMEOUT, OPENAI_RETRIES, OPENAI_LOGPROBS, OPENAI_MAX_N);

    /** All settings, in the order of the reference. */
    public static final List<Setting<?>> ALL = Stream.concat(Stream.of(SET, SPLIT, STRATEGY, POLICY, THEOREMS_DIR,
                    STORE, SAMPLES, ATTEMPTS, RETRIES, STOP_ON_PROOF, WIDTH, DEPTH, NODES,
                    TEMPERATURE, TOP_P, TOP_K, MAX_TOKENS, STOP, SEED,
                    WORKERS, IN_FLIGHT, RECHECK_WORKERS, POLICY_WORKERS,
                    PROJECT_DIR, SERVER_CMD, TIMEOUT, RECHECK_TIMEOUT, LEAN_VERSION, MATHLIB_REVISION, PROGRESS),
            POLICY_KINDS.stream()).toList();

    public static Optional<Setting<?>> byKey(String key) {
        return ALL.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    /** The keys, comma-separated, for messages. */
    public static String keys() {
        return String.join(", ", ALL.stream().map(Setting::key).toList());
    }
}
