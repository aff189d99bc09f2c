package dev.leanforge.bridge.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Test helper: whether processes are really gone. */
public final class ProcessTrees {

    private ProcessTrees() {
    }

    /** The process and all its descendants now. */
    public static List<ProcessHandle> treeOf(ProcessHandle root) {
        return Stream.concat(Stream.of(root), root.descendants()).collect(Collectors.toList());
    }

    /**
     * Those of {@code processes} still running after waiting up to {@code patience}. A zombie (killed, not yet
     * reaped by init) counts as gone: it runs nothing and holds no memory.
     */
    public static List<Long> stillRunning(List<ProcessHandle> processes, Duration patience)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            List<Long> running = processes.stream().filter(ProcessTrees::running).map(ProcessHandle::pid).toList();
            if (running.isEmpty() || System.nanoTime() > deadline) {
                return running;
            }
            Thread.sleep(20);
        }
    }

    private static boolean running(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException | RuntimeException noProc) {
            return handle.isAlive();
        }
    }
}
