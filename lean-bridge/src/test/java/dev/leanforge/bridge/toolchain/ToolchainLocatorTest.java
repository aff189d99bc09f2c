package dev.leanforge.bridge.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolchainLocatorTest {

    @TempDir
    Path tmp;

    /** A fake {@code lean} that prints a version line, as {@code lean --version} does. */
    private Path fakeToolchain(String name, String version, boolean withLake) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve(name).resolve("bin"));
        script(bin.resolve("lean"), "echo '" + version + "'");
        if (withLake) {
            script(bin.resolve("lake"), "echo 'Lake version 5.0.0'");
        }
        return bin;
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void leanHomeWinsOverPathAndElan() throws IOException {
        Path home = fakeToolchain("home", "Lean (version 4.24.0, release)", true).getParent();
        Path onPath = fakeToolchain("path", "Lean (version 4.20.0, release)", false);
        Map<String, String> env = Map.of("LEANFORGE_LEAN_HOME", home.toString(), "PATH", onPath.toString());

        Toolchain found = new ToolchainLocator(env, tmp).locate().orElseThrow();

        assertThat(found.source()).isEqualTo("LEANFORGE_LEAN_HOME");
        assertThat(found.lean()).isEqualTo(home.resolve("bin/lean"));
        assertThat(found.lake()).contains(home.resolve("bin/lake"));
        assertThat(found.version()).contains("Lean (version 4.24.0, release)");
    }

    @Test
    void pathIsSearchedInOrderBeforeElan() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path onPath = fakeToolchain("path", "Lean (version 4.20.0, release)", false);
        fakeToolchain(".elan", "Lean (version 4.9.0, release)", true);

        Toolchain found = new ToolchainLocator(Map.of("PATH", empty + ":" + onPath), tmp).locate().orElseThrow();

        assertThat(found.source()).isEqualTo("PATH");
        assertThat(found.lake()).isEmpty();
        assertThat(found.version()).contains("Lean (version 4.20.0, release)");
    }

    @Test
    void elanIsTheLastResort() throws IOException {
        fakeToolchain(".elan", "Lean (version 4.9.0, release)", true);

        Toolchain found = new ToolchainLocator(Map.of("PATH", ""), tmp).locate().orElseThrow();

        assertThat(found.source()).isEqualTo("~/.elan");
    }

    @Test
    void nothingFoundIsEmptyAndABrokenLeanHasNoVersion() throws IOException {
        assertThat(new ToolchainLocator(Map.of("PATH", tmp.toString()), tmp).locate()).isEmpty();

        Path bin = Files.createDirectories(tmp.resolve("broken/bin"));
        script(bin.resolve("lean"), "exit 3");
        Toolchain broken = new ToolchainLocator(Map.of("PATH", bin.toString()), tmp).locate().orElseThrow();
        assertThat(broken.version()).isEmpty();
    }
}
