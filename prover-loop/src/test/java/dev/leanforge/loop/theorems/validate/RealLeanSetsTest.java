package dev.leanforge.loop.theorems.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.toolchain.Toolchain;
import dev.leanforge.bridge.toolchain.ToolchainLocator;
import dev.leanforge.loop.theorems.SetReader;
import dev.leanforge.loop.theorems.TheoremSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every statement of the project's core-Lean sets elaborates with only its sorry warning, on a real toolchain.
 * Skipped, with the reason, where none is installed; it has not been run where this was written.
 */
@Tag("lean")
class RealLeanSetsTest {

    @TempDir
    Path project;

    @Test
    void everyStatementOfTheCoreSetsElaborates() throws Exception {
        Optional<Toolchain> toolchain = ToolchainLocator.system().locate();
        assumeTrue(toolchain.isPresent(), "no Lean toolchain found (LEANFORGE_LEAN_HOME, PATH, ~/.elan)");
        Path theorems = Path.of("..", "theorems");
        assumeTrue(Files.isDirectory(theorems), "no theorems/ folder at " + theorems.toAbsolutePath());
        ServerCommand command = ServerCommand.standard(project, toolchain.get().lean().getParent());

        List<String> failures = new ArrayList<>();
        for (Path dir : SetReader.setDirs(theorems)) {
            TheoremSet set = SetReader.read(dir);
            if (set.manifest().mathlib().isPresent()) {
                continue;
            }
            try (StatementElaborator lean = PoolStatementElaborator.open(command, Duration.ofMinutes(2), 1)) {
                for (SetValidator.Failure f : SetValidator.validate(set, lean, (t, failure) -> { })) {
                    f.findings().forEach(finding -> failures.add(f.theorem().name() + ": " + finding));
                }
            }
        }
        assertThat(failures).isEmpty();
    }
}
