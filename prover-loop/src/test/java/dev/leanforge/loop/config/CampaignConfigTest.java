package dev.leanforge.loop.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.loop.policy.PolicySettings;
import dev.leanforge.loop.policy.openai.OpenAiOptions;
import dev.leanforge.loop.policy.openai.PromptTemplate;
import dev.leanforge.loop.theorems.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignConfigTest {

    @TempDir
    Path tmp;

    private Path file(String text) throws IOException {
        return Files.writeString(tmp.resolve("campaign.yaml"), text);
    }

    private static Map<String, RawValue> cli(String... keyValues) {
        Map<String, RawValue> given = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            given.put(keyValues[i], RawValue.scalar("option --" + keyValues[i], keyValues[i + 1]));
        }
        return given;
    }

    @Test
    void onlyTheRequiredSettingsGivenLeaveEverythingElseAtItsDocumentedDefault() {
        CampaignConfig config = CampaignConfig.resolve(cli("set", "core-nat", "policy", "scripted:r.yaml"));

        assertThat(config.set()).isEqualTo("core-nat");
        assertThat(config.split()).isEmpty();
        assertThat(config.strategy()).isEqualTo("sample");
        assertThat(config.samples()).isEqualTo(8);
        assertThat(config.attempts()).isEqualTo(4);
        assertThat(config.retries()).isEqualTo(2);
        assertThat(config.stopOnProof()).isTrue();
        assertThat(config.temperature()).isEqualTo(1.0);
        assertThat(config.topP()).isEqualTo(1.0);
        assertThat(config.maxTokens()).isEqualTo(512);
        assertThat(config.stop()).isEmpty();
        assertThat(config.workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(config.inFlight()).isEqualTo(2 * config.workers());
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.recheckTimeout()).isEqualTo(config.timeout());
        assertThat(config.store()).isEqualTo(Path.of("runs/leanforge.db"));
        assertThat(config.theoremsDir()).isEqualTo(Path.of("theorems"));
        assertThat(config.serverCmd()).isEmpty();
        assertThat(config.progress()).isTrue();
    }

    @Test
    void theCommandLineOverridesTheFileWhichOverridesTheDefaults() throws IOException {
        Map<String, RawValue> given = new HashMap<>(ConfigFile.read(file("""
                set: core-nat
                split: valid
                policy: scripted:rules.yaml
                samples: 16
                temperature: 0.6
                stop: ["\\n\\n", "theorem"]
                workers: 3
                timeout: 2.5
                """)));
        given.putAll(cli("samples", "4", "strategy", "feedback"));

        CampaignConfig config = CampaignConfig.resolve(given);

        assertThat(config.split()).contains(Split.VALID);
        assertThat(config.samples()).isEqualTo(4);
        assertThat(config.strategy()).isEqualTo("feedback");
        assertThat(config.temperature()).isEqualTo(0.6);
        assertThat(config.stop()).containsExactly("\n\n", "theorem");
        assertThat(config.inFlight()).as("derived from the file's workers").isEqualTo(6);
        assertThat(config.timeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(config.recheckTimeout()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void aJsonFileIsReadToo() throws IOException {
        Map<String, RawValue> given = ConfigFile.read(file("{\"set\": \"s\", \"policy\": \"scripted:x\", "
                + "\"stop-on-proof\": false, \"seed\": 7}"));

        CampaignConfig config = CampaignConfig.resolve(given);

        assertThat(config.stopOnProof()).isFalse();
        assertThat(config.seed()).isEqualTo(7);
    }

    @Test
    void unknownAndRepeatedKeysAreRefusedWithFileAndLineAndTheKeysThereAre() throws IOException {
        Path f = file("set: a\nsampels: 3\npolicy: scripted:x\nset: b\n");

        assertThatThrownBy(() -> ConfigFile.read(f))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        f + ":2: unknown key \"sampels\"; the keys are: " + CampaignSettings.keys(),
                        f + ":4: set: given twice (first on line 1)"));
    }

    @Test
    void badValuesAreAllReportedWithWhereTheyCameFromAndWhatIsAllowed() throws IOException {
        Path f = file("set: s\npolicy: scripted:x\nsamples: many\ntop-p: 1.5\nstrategy: beam\n");
        Map<String, RawValue> given = new HashMap<>(ConfigFile.read(f));
        given.putAll(cli("timeout", "-1", "stop-on-proof", "maybe"));

        assertThatThrownBy(() -> CampaignConfig.resolve(given))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                        f + ":3: samples: must be a whole number between 1 and 10000; got \"many\"",
                        f + ":4: top-p: must be a number in (0, 1]; got 1.5",
                        f + ":5: strategy: must be one of sample, feedback, best-first; got \"beam\"",
                        "option --timeout: must be between 0.1 and 86400 seconds; got -1",
                        "option --stop-on-proof: must be true or false; got \"maybe\""));
    }

    @Test
    void numbersBeyondTheirLimitsAreRefusedWithTheRange() {
        int most = 4 * Runtime.getRuntime().availableProcessors();
        Map<String, RawValue> given = cli("set", "s", "policy", "p:q", "workers", "100000", "in-flight", "1000000000",
                "max-tokens", "2147483647", "timeout", "1e400", "recheck-timeout", "99999999999", "temperature",
                "1e400", "samples", "99999999999", "openai-timeout", "0.0000001");

        assertThatThrownBy(() -> CampaignConfig.resolve(given))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                        "option --workers: must be a whole number between 1 and " + most + " (4 × cores); got 100000",
                        "option --in-flight: must be a whole number between 1 and 10000; got 1000000000",
                        "option --max-tokens: must be a whole number between 1 and 32768; got 2147483647",
                        "option --timeout: must be between 0.1 and 86400 seconds; got 1e400",
                        "option --recheck-timeout: must be between 0.1 and 86400 seconds; got 99999999999",
                        "option --temperature: must be a number between 0 and 10; got 1e400",
                        "option --samples: must be a whole number between 1 and 10000; got 99999999999",
                        "option --openai-timeout: must be between 0.1 and 86400 seconds; got 0.0000001"));
    }

    @Test
    void missingRequiredSettingsSayHowToGiveThem() {
        assertThatThrownBy(() -> CampaignConfig.resolve(Map.of()))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "set is required: give --set NAME or \"set:\" in the config file",
                        "policy is required: give --policy KIND:ARG or \"policy:\" in the config file"));
    }

    @Test
    void shapesOtherThanAValueOrAListAreRefused() throws IOException {
        Path f = file("set: [a, b]\npolicy:\nstop: {x: 1}\nworkers: [[1]]\n");

        assertThatThrownBy(() -> CampaignConfig.resolve(ConfigFile.read(f)))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        f + ":2: policy: has no value; leave the key out to use the default",
                        f + ":3: stop: must be a single value or a list, not a mapping",
                        f + ":4: workers: list items must be single values, not a list"));
        assertThatThrownBy(() -> CampaignConfig.resolve(ConfigFile.read(file("set: [a, b]\npolicy: p:q\n"))))
                .hasMessage(tmp.resolve("campaign.yaml") + ":1: set: takes one value, not a list");
    }

    @Test
    void fileLevelProblemsNameTheFile() throws IOException {
        assertThatThrownBy(() -> ConfigFile.read(tmp.resolve("nope.yaml")))
                .hasMessage(tmp.resolve("nope.yaml") + ": no such config file");
        Path list = file("- a\n- b\n");
        assertThatThrownBy(() -> ConfigFile.read(list))
                .hasMessage(list + ":1: a config file is a mapping of settings (key: value), not a list");
        Path broken = file("set: a\n  bad: [\n");
        assertThatThrownBy(() -> ConfigFile.read(broken)).hasMessageStartingWith(broken + ":").hasMessageContaining(
                "not valid YAML");
        assertThat(ConfigFile.read(file(""))).isEmpty();
    }

    @Test
    void openAiSettingsDefaultToOpenAiOptionsDefaultsAndAreReadFromTheFile() throws IOException {
        assertThat(CampaignConfig.resolve(cli("set", "s", "policy", "openai:http://h:8000")).policySettings())
                .isEqualTo(PolicySettings.DEFAULTS);

        CampaignConfig config = CampaignConfig.resolve(ConfigFile.read(file("""
                set: s
                policy: openai:http://h:8000
                openai-model: deepseek-prover
                openai-prompt-template: |
                  Complete the following Lean 4 code:
                  ```lean4
                  {prompt}
                openai-stop: ["```"]
                openai-api-key-env: PROVER_KEY
                openai-timeout: 90
                openai-retries: 0
                openai-logprobs: false
                openai-max-n: 1
                """)));

        assertThat(config.policySettings().openai()).isEqualTo(new OpenAiOptions(Optional.of("deepseek-prover"),
                new PromptTemplate("Complete the following Lean 4 code:\n```lean4\n{prompt}\n"), List.of("```"),
                Optional.of("PROVER_KEY"), Duration.ofSeconds(90), 0, false, 1));
    }

    @Test
    void badOpenAiValuesAreReportedLikeAnyOther() throws IOException {
        Path f = file("set: s\npolicy: openai:http://h\nopenai-prompt-template: '{header} {statement}'\n"
                + "openai-api-key-env: sk-abc123\nopenai-max-n: -1\n");

        assertThatThrownBy(() -> CampaignConfig.resolve(ConfigFile.read(f)))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                        f + ":3: openai-prompt-template: must contain {prompt} exactly once, where leanforge's "
                                + "prompt (header, statement ending :=) goes; got \"{header} {statement}\"",
                        f + ":4: openai-api-key-env: must name an environment variable (letters, digits, _; e.g. "
                                + "OPENAI_API_KEY), not hold the key; got \"sk-abc123\"",
                        f + ":5: openai-max-n: must be a whole number between 0 and 10000; got -1"));
    }

    @Test
    void everySettingIsInTheReferenceWithItsDefault() throws IOException {
        // Policy settings (openai-*) have their reference in docs/policies.md.
        String text = Files.readString(Path.of("..", "docs", "campaigns.md"))
                + Files.readString(Path.of("..", "docs", "policies.md"));
        for (Setting<?> setting : CampaignSettings.ALL) {
            assertThat(text).as("docs/campaigns.md or docs/policies.md documents " + setting.key())
                    .contains("| `" + setting.key() + "` |" + setting.limit()
                            .map(limit -> " " + limit.range().documented() + " |").orElse(""))
                    .contains(setting.defaultText());
        }
        assertThat(CampaignSettings.ALL.stream().map(Setting::key).distinct()).hasSize(CampaignSettings.ALL.size());
        assertThat(List.of("sample", "feedback", "best-first")).allMatch(text::contains);
    }
}
