package dev.leanforge.bridge.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Resident memory of a process tree from {@code /proc} (Linux); unknown elsewhere. */
final class ProcessMemory {

    private static final Path PROC = Path.of("/proc");

    private ProcessMemory() {
    }

    /**
     * Sum of {@code VmRSS} over {@code root} and all its descendants: the Lean watchdog spawns one worker process
     * per open file, and those hold the memory. Empty when {@code /proc} is absent or the root has exited.
     */
    static OptionalLong treeRssBytes(ProcessHandle root) {
        if (!Files.isDirectory(PROC) || !root.isAlive()) {
            return OptionalLong.empty();
        }
        List<ProcessHandle> tree = Stream.concat(Stream.of(root), root.descendants()).collect(Collectors.toList());
        long total = 0;
        boolean any = false;
        for (ProcessHandle handle : tree) {
            OptionalLong rss = rssBytes(handle.pid());
            if (rss.isPresent()) {
                total += rss.getAsLong();
                any = true;
            }
        }
        return any ? OptionalLong.of(total) : OptionalLong.empty();
    }

    /** {@code VmRSS} of one process; empty if it vanished meanwhile or is a zombie without that line. */
    static OptionalLong rssBytes(long pid) {
        try (Stream<String> status = Files.lines(PROC.resolve(Long.toString(pid)).resolve("status"))) {
            return status.filter(line -> line.startsWith("VmRSS:"))
                    .findFirst()
                    .map(ProcessMemory::parseKiloBytes)
                    .orElse(OptionalLong.empty());
        } catch (IOException | java.io.UncheckedIOException gone) {
            return OptionalLong.empty();
        }
    }

    /** {@code "VmRSS:     1234 kB"} → bytes. */
    static OptionalLong parseKiloBytes(String line) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length < 2) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(parts[1]) * 1024);
        } catch (NumberFormatException malformed) {
            return OptionalLong.empty();
        }
    }
}
