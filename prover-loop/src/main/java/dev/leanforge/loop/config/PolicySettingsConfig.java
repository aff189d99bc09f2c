package dev.leanforge.loop.config;

import static dev.leanforge.loop.config.CampaignSettings.OPENAI_API_KEY_ENV;
import static dev.leanforge.loop.config.CampaignSettings.OPENAI_LOGPROBS;
import static dev.leanforge.loop.config.CampaignSettings.OPENAI_MAX_N;
import static dev.leanforge.loop.config.CampaignSettings.OPENAI_MODEL;
import static dev.leanforge.loop.config.CampaignSettings.OPENAI_PROMPT_TEMPLATE;
import static dev.leanforge.loop.config.CampaignSettings.OPENAI_RETRIES;
import static dev.leanforge.loop.config.CampaignSettings.OPENAI_STOP;
import static dev.leanforge.loop.config.CampaignSettings.OPENAI_TIMEOUT;

import dev.leanforge.loop.policy.PolicySettings;
import dev.leanforge.loop.policy.openai.OpenAiOptions;
import dev.leanforge.loop.policy.openai.PromptTemplate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The settings of policy kinds ({@link CampaignSettings#POLICY_KINDS}) as {@link PolicySettings}: one reading for
 * {@code campaign run} (within its other settings) and {@code leanforge worker --policy} (alone), so both accept,
 * refuse and default a value the same way.
 */
public final class PolicySettingsConfig {

    private PolicySettingsConfig() {}

    /**
     * Checks the given values (the command line's already laid over the file's) and fills in the defaults.
     *
     * @param given key → value; keys must be those of {@link CampaignSettings#POLICY_KINDS}
     * @throws ConfigException listing every bad value
     */
    public static PolicySettings resolve(Map<String, RawValue> given) {
        for (String key : given.keySet()) {
            if (CampaignSettings.POLICY_KINDS.stream().noneMatch(s -> s.key().equals(key))) {
                throw new IllegalArgumentException("not a policy setting: " + key);
            }
        }
        SettingValues values = new SettingValues(given);
        Supplier<PolicySettings> settings = read(values);
        values.throwIfProblems();
        return settings.get();
    }

    /**
     * Reads the policy settings from {@code values}, noting their problems there; the supplier may only be called
     * once {@code values} has none (a bad value reads as null).
     */
    static Supplier<PolicySettings> read(SettingValues values) {
        Optional<String> model = values.optional(OPENAI_MODEL);
        PromptTemplate template = values.get(OPENAI_PROMPT_TEMPLATE);
        List<String> stop = values.get(OPENAI_STOP);
        Optional<String> keyEnv = values.optional(OPENAI_API_KEY_ENV);
        Duration timeout = values.get(OPENAI_TIMEOUT);
        Integer retries = values.get(OPENAI_RETRIES);
        Boolean logprobs = values.get(OPENAI_LOGPROBS);
        Integer maxN = values.get(OPENAI_MAX_N);
        return () -> new PolicySettings(new OpenAiOptions(model, template, stop, keyEnv, timeout, retries, logprobs,
                maxN));
    }
}
