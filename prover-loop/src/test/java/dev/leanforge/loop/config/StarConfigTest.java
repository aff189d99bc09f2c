package dev.leanforge.loop.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.loop.theorems.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StarConfigTest {

    @TempDir
    Path tmp;

    private Path file(String text) throws IOException {
        return Files.writeString(tmp.resolve("star.yaml"), text);
    }

    @Test
    void theReadmesExampleRunResolvesToASetOfThisRepository() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        assertThat(root.resolve("README.md")).content().contains("star run --config examples/star-core-logic.yaml");

        StarConfig config = StarConfig.resolve(ConfigFile.read(root.resolve("examples/star-core-logic.yaml"),
                StarSettings.ALL));

        assertThat(config.rounds()).isEqualTo(2);
        assertThat(config.dpo().enabled()).isTrue();
        assertThat(config.sizes().width() % config.sizes().heads()).isZero();
        assertThat(root.resolve("theorems").resolve(config.template().set()).resolve("manifest.json")).exists();
    }

    @Test
    void defaultsAndDerivedDefaults() {
        StarConfig config = StarConfig.resolve(Map.of("set", RawValue.scalar("option --set", "core-nat")));

        assertThat(config.run()).isEqualTo("star-core-nat");
        assertThat(config.runDir()).isEqualTo(Path.of("runs", "star", "star-core-nat"));
        assertThat(config.rounds()).isEqualTo(2);
        assertThat(config.init()).isEmpty();
        assertThat(config.sizes()).isEqualTo(new StarConfig.ModelSizes(4, 4, 256, 512));
        assertThat(config.sft().baseLearningRate()).isEqualTo(config.sft().learningRate()).isEqualTo(3e-4);
        assertThat(config.dpo().enabled()).isFalse();
        assertThat(config.rationalize()).isFalse();
        assertThat(config.template().samples()).isEqualTo(8);
    }

    @Test
    void campaignSettingsPassOnToEachRoundsCampaignsWithTheRoundsSplitAndPolicy() throws IOException {
        Map<String, RawValue> given = new HashMap<>(ConfigFile.read(file("""
                set: core-nat
                run: nightly
                samples: 4
                temperature: 0.7
                rounds: 3
                dpo: true
                """), StarSettings.ALL));
        given.put("samples", RawValue.scalar("option --samples", "16"));
        StarConfig config = StarConfig.resolve(given);

        assertThat(config.run()).isEqualTo("nightly");
        assertThat(config.rounds()).isEqualTo(3);
        assertThat(config.dpo().enabled()).isTrue();
        CampaignConfig valid = config.campaign(Split.VALID, "model:/m");
        assertThat(valid.split()).contains(Split.VALID);
        assertThat(valid.policy()).isEqualTo("model:/m");
        assertThat(valid.samples()).isEqualTo(16);
        assertThat(valid.temperature()).isEqualTo(0.7);
    }

    @Test
    void splitAndPolicyAreNotSettingsOfARunAndUnknownKeysAreRefusedWithFileAndLine() throws IOException {
        Path f = file("set: s\npolicy: scripted:x\nrounds: 2\n");
        assertThatThrownBy(() -> ConfigFile.read(f, StarSettings.ALL))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ":2: unknown key \"policy\"; the keys are: run, run-dir, rounds");
        assertThat(StarSettings.ALL).doesNotContain(CampaignSettings.SPLIT, CampaignSettings.POLICY);
    }

    @Test
    void everyBadValueIsReportedOwnAndCampaignSettingsTogether() throws IOException {
        Path f = file("set: s\nrounds: 0\nmodel-width: 30\nmodel-heads: 4\nsamples: many\nsft-lr: -1\n");
        assertThatThrownBy(() -> StarConfig.resolve(ConfigFile.read(f, StarSettings.ALL)))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                        f + ":5: samples: must be a whole number between 1 and 10000; got \"many\"",
                        f + ":2: rounds: must be a whole number between 1 and 1000; got 0",
                        f + ":6: sft-lr: must be a number in (0, 10]; got -1",
                        f + ":3: model-width: model-width (30) must be a multiple of model-heads (4)"));
        assertThatThrownBy(() -> StarConfig.resolve(Map.of()))
                .hasMessageContaining("set is required: give --set NAME");
    }

    @Test
    void everySettingIsInTheReferenceWithItsDefault() throws IOException {
        String text = Files.readString(Path.of("..", "docs", "star.md"));
        for (Setting<?> setting : StarSettings.OWN) {
            assertThat(text).as("docs/star.md documents " + setting.key())
                    .contains("| `" + setting.key() + "` |" + setting.limit()
                            .map(limit -> " " + limit.range().documented() + " |").orElse(""))
                    .contains(setting.defaultText());
        }
        assertThat(StarSettings.ALL.stream().map(Setting::key).distinct()).hasSize(StarSettings.ALL.size());
        assertThat(text).contains("docs/campaigns.md", "except `split` and `policy`");
    }
}
