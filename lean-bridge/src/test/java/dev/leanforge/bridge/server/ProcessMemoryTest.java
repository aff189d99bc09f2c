package dev.leanforge.bridge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

    @Test
    void parsesVmRssInKilobytes() {
        assertThat(ProcessMemory.parseKiloBytes("VmRSS:\t  123456 kB")).isEqualTo(OptionalLong.of(123456L * 1024));
        assertThat(ProcessMemory.parseKiloBytes("VmRSS:")).isEmpty();
        assertThat(ProcessMemory.parseKiloBytes("VmRSS: lots kB")).isEmpty();
    }

    @Test
    void treeRssCountsChildProcesses() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc")), "no /proc on this system");
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            long self = ProcessMemory.rssBytes(ProcessHandle.current().pid()).orElseThrow();
            long childRss = ProcessMemory.rssBytes(child.pid()).orElseThrow();
            long tree = ProcessMemory.treeRssBytes(ProcessHandle.current()).orElseThrow();
            assertThat(self).isPositive();
            // The JVM's own RSS moves between reads; the child's share must be in the sum.
            assertThat(tree).isGreaterThanOrEqualTo(childRss + self * 9 / 10);
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void unknownForAnExitedProcess() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        assertThat(ProcessMemory.treeRssBytes(done.toHandle())).isEmpty();
    }
}
