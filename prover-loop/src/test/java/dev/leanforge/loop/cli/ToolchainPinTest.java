package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.bridge.toolchain.PinnedToolchain;
import dev.leanforge.loop.theorems.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One pin: the root lean-toolchain file, the shipped sets, the Dockerfile and the code's defaults agree. */
class ToolchainPinTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theRootLeanToolchainFileIsThePinEverythingElseUses() throws IOException {
        PinnedToolchain root = PinnedToolchain.read(ROOT.resolve("lean-toolchain")).orElseThrow();

        assertThat(root.name()).isEqualTo(PinnedToolchain.DEFAULT).isEqualTo(Manifest.DEFAULT_TOOLCHAIN);
        assertThat(Files.readString(ROOT.resolve("docker/Dockerfile")))
                .contains("ARG LEAN_TOOLCHAIN=" + root.name() + "\n");
        List<Path> manifests;
        try (Stream<Path> sets = Files.list(ROOT.resolve("theorems"))) {
            manifests = sets.map(s -> s.resolve("manifest.json")).filter(Files::isRegularFile).toList();
        }
        assertThat(manifests).isNotEmpty();
        for (Path manifest : manifests) {
            assertThat(new ObjectMapper().readTree(manifest.toFile()).get("toolchain").asText()).as(manifest.toString())
                    .isEqualTo(root.name());
        }
    }
}
