package dev.leanforge.bridge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up failures must be fast, explain themselves and leave no process behind. */
class LeanServerStartTest {

    @TempDir
    Path project;

    @Test
    void missingExecutableNamesTheCommand() {
        ServerCommand command = new ServerCommand(List.of("/nonexistent/lean", "--server"), project);
        assertThatThrownBy(() -> LeanServer.start(command, Duration.ofSeconds(5)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot start the Lean server")
                .hasMessageContaining("/nonexistent/lean");
    }

    @Test
    void serverDyingDuringStartupQuotesExitCodeAndStderr() {
        ServerCommand command = ServerCommand.shell("echo 'unknown package Mathlib' >&2; exit 3", project);
        long started = System.nanoTime();
        assertThatThrownBy(() -> LeanServer.start(command, Duration.ofSeconds(30)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("stopped during start-up")
                .hasMessageContaining("exited with code 3")
                .hasMessageContaining("unknown package Mathlib");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("fails fast, not at the timeout")
                .isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void silentServerTimesOutAndIsKilled() throws Exception {
        Path pidFile = project.resolve("pid");
        ServerCommand command = ServerCommand.shell("sleep 60 & echo $! > pid; wait", project);
        assertThatThrownBy(() -> LeanServer.start(command, Duration.ofMillis(500)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("did not answer initialize");
        long sleeper = Long.parseLong(Files.readString(pidFile).trim());
        List<ProcessHandle> left = ProcessHandle.of(sleeper).stream().toList();
        assertThat(ProcessTrees.stillRunning(left, Duration.ofSeconds(5)))
                .as("the server's child process was killed too").isEmpty();
    }
}
