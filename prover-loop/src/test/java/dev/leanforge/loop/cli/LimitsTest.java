package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.loop.config.CampaignSettings;
import dev.leanforge.loop.config.Limit;
import dev.leanforge.loop.config.Setting;
import dev.leanforge.loop.config.StarSettings;
import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** docs/limits.md lists every limit with its range and every option and config key it bounds. */
class LimitsTest {

    @Test
    void theReferenceListsEveryLimitWithItsRangeAndWhatItBounds() throws IOException {
        List<String> rows = Files.readAllLines(Path.of("..", "docs", "limits.md")).stream()
                .filter(line -> line.startsWith("| `")).toList();
        Map<Limit, Set<String>> bounded = new EnumMap<>(Limit.class);
        options(LeanforgeCli.commandLine(), "leanforge", bounded);
        Stream.concat(CampaignSettings.ALL.stream(), StarSettings.OWN.stream()).forEach(setting ->
                setting.limit().ifPresent(limit -> bounded.computeIfAbsent(limit, l -> new LinkedHashSet<>())
                        .add("`" + setting.key() + "`")));
        for (Limit limit : Limit.values()) {
            List<String> row = rows.stream().filter(r -> r.startsWith("| `" + limit.name() + "` |")).toList();
            assertThat(row).as("the row of " + limit).hasSize(1);
            assertThat(row.get(0)).as(limit.name()).contains("| " + limit.range().documented() + " |")
                    .contains(bounded.getOrDefault(limit, Set.of()));
        }
    }

    private static void options(CommandLine command, String path, Map<Limit, Set<String>> bounded) {
        for (OptionSpec option : command.getCommandSpec().options()) {
            if (option.userObject() instanceof AnnotatedElement element && element.getAnnotation(Within.class) != null) {
                bounded.computeIfAbsent(element.getAnnotation(Within.class).value(), l -> new LinkedHashSet<>())
                        .add("`" + option.longestName() + "`");
            }
        }
        command.getSubcommands().forEach((name, sub) -> options(sub, path + " " + name, bounded));
    }
}
