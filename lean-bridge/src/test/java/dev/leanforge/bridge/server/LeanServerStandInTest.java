package dev.leanforge.bridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Process life cycle against the stand-in (a test double for {@code lean --server}). */
class LeanServerStandInTest {

    @TempDir
    Path dir;

    @Test
    void handshakeThenCloseLeavesNoProcessAndNoThread() throws Exception {
        Path rules = StandInRules.create().serverVersion("0.3.0-test").writeTo(dir);
        Path record = dir.resolve("received.jsonl");
        LeanServer server = LeanServer.start(ServerCommand.shell(StandInCommand.forRules(rules, record), dir),
                Duration.ofSeconds(30));
        List<ProcessHandle> tree = ProcessTrees.treeOf(server.processHandle());
        long pid = server.pid();
        try {
            assertThat(server.serverName()).isEqualTo("Lean 4 Server 0.3.0-test");
            assertThat(server.isAlive()).isTrue();
            assertThat(server.rssBytes().orElseThrow()).isPositive();
            assertThat(tree).as("sh and the stand-in JVM").hasSizeGreaterThanOrEqualTo(2);
        } finally {
            server.close();
        }
        assertThat(server.isAlive()).isFalse();
        assertThat(server.terminated().get(5, TimeUnit.SECONDS)).isEqualTo("the Lean server was closed");
        assertThat(ProcessTrees.stillRunning(tree, Duration.ofSeconds(5))).isEmpty();
        assertThat(threadsNamed("lean-lsp-" + pid, Duration.ofSeconds(5))).isEmpty();
        assertThat(threadsNamed("lean-stderr-" + pid, Duration.ofSeconds(5))).isEmpty();
        // The stand-in records what it received: a polite shutdown came before the kill.
        assertThat(java.nio.file.Files.readString(record)).contains("\"shutdown\"").contains("\"exit\"");
    }

    @Test
    void deathIsReportedWithExitCodeAndStderrTail() throws Exception {
        Path rules = StandInRules.create().writeTo(dir);
        LeanServer server = LeanServer.start(ServerCommand.shell(
                StandInCommand.forRules(rules) + "; echo 'INTERNAL PANIC: out of memory' >&2; exit 9", dir),
                Duration.ofSeconds(30));
        try {
            // The stand-in JVM dies (SIGTERM); the shell around it then writes its last words and exits.
            server.processHandle().descendants().forEach(ProcessHandle::destroy);
            String reason = server.terminated().get(15, TimeUnit.SECONDS);
            assertThat(reason).contains("exited with code 9").contains("INTERNAL PANIC: out of memory");
            assertThat(server.stderrTail()).contains("INTERNAL PANIC");
            assertThat(server.isAlive()).isFalse();
        } finally {
            server.close();
        }
    }

    private static List<String> threadsNamed(String name, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            List<String> alive = Thread.getAllStackTraces().keySet().stream()
                    .filter(Thread::isAlive).map(Thread::getName).filter(name::equals).toList();
            if (alive.isEmpty() || System.nanoTime() > deadline) {
                return alive;
            }
            Thread.sleep(20);
        }
    }
}
