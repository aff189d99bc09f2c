package dev.leanforge.bridge.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains a process's stderr on a daemon thread (an unread pipe blocks the server, spec §1.1) and keeps the last
 * lines so crash reports can quote them.
 */
final class StderrTail {

    private static final Logger LOG = LoggerFactory.getLogger(StderrTail.class);
    static final int MAX_LINES = 40;
    static final int MAX_LINE_CHARS = 400;

    private final Deque<String> lines = new ArrayDeque<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    private StderrTail() {
    }

    static StderrTail drain(InputStream stderr, String threadName) {
        StderrTail tail = new StderrTail();
        Thread thread = new Thread(() -> tail.read(stderr), threadName);
        thread.setDaemon(true);
        thread.start();
        return tail;
    }

    private void read(InputStream stderr) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                LOG.debug("lean stderr: {}", line);
                add(line);
            }
        } catch (IOException closed) {
            // the stream closes when the process is destroyed: nothing more to read
        } finally {
            ended.complete(null);
        }
    }

    private synchronized void add(String line) {
        if (lines.size() == MAX_LINES) {
            lines.removeFirst();
        }
        lines.addLast(line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "…" : line);
    }

    /** Completes when stderr reached its end. */
    CompletableFuture<Void> ended() {
        return ended;
    }

    /** The last lines, joined with newlines; empty when the process wrote nothing. */
    synchronized String text() {
        return String.join("\n", lines);
    }
}
