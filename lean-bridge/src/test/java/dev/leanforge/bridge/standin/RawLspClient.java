package dev.leanforge.bridge.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately minimal JSON-RPC client for testing the stand-in as a real subprocess: Content-Length framing
 * by hand, Jackson trees, no LSP library. Anything on the stand-in's stdout that is not a well-framed JSON message
 * fails the test.
 */
final class RawLspClient implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CONTENT_LENGTH = Pattern.compile("Content-Length: (\\d+)");

    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();
    private final AtomicInteger nextId = new AtomicInteger();
    private final Thread stderrDrain;

    private RawLspClient(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        Thread reader = new Thread(this::readFrames, "raw-lsp-reader");
        reader.setDaemon(true);
        reader.start();
        this.stderrDrain = new Thread(this::drainStderr, "raw-lsp-stderr");
        stderrDrain.setDaemon(true);
        stderrDrain.start();
    }

    /** Runs {@code shellCommand} through {@code sh -c}, as a client given {@code --server-cmd} would. */
    static RawLspClient start(String shellCommand) throws IOException {
        return new RawLspClient(new ProcessBuilder("sh", "-c", shellCommand).start());
    }

    static ObjectNode object(Object... keysAndValues) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            node.set((String) keysAndValues[i], JSON.valueToTree(keysAndValues[i + 1]));
        }
        return node;
    }

    /**
     * initialize (with these {@code capabilities.lean} flags), initialized, and the answer to the watcher
     * registration; returns the initialize result.
     */
    JsonNode handshake(Map<String, Object> leanCapabilities) {
        int id = request("initialize", object("processId", ProcessHandle.current().pid(),
                "capabilities", Map.of("lean", leanCapabilities)));
        JsonNode result = response(id).get("result");
        notify("initialized", Map.of());
        JsonNode registration = next();
        respond(registration.get("id"), null);
        return result;
    }

    int request(String method, Object params) {
        int id = nextId.incrementAndGet();
        send(object("jsonrpc", "2.0", "id", id, "method", method, "params", params));
        return id;
    }

    void notify(String method, Object params) {
        send(object("jsonrpc", "2.0", "method", method, "params", params));
    }

    void respond(JsonNode id, Object result) {
        ObjectNode response = object("jsonrpc", "2.0", "result", result);
        response.set("id", id);
        send(response);
    }

    void cancel(int id) {
        notify("$/cancelRequest", Map.of("id", id));
    }

    void closeInput() throws IOException {
        stdin.close();
    }

    /** The next message from the stand-in; fails after {@link #PATIENCE}. */
    JsonNode next() {
        JsonNode message = nextWithin(PATIENCE);
        if (message == null) {
            throw new AssertionError("no message from the stand-in within " + PATIENCE + "; stderr:\n" + stderr);
        }
        return message;
    }

    /** The next message, or {@code null} when none comes within {@code wait} (or the stand-in closed stdout). */
    JsonNode nextWithin(Duration wait) {
        try {
            JsonNode message = inbox.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (message != null && message.has("endOfStream")) {
                inbox.add(message); // stays at the end for later calls
                return null;
            }
            if (message != null && message.has("protocolViolation")) {
                throw new AssertionError("stand-in wrote non-protocol output: " + message.get("protocolViolation"));
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Every message up to and including the response to request {@code id}, in arrival order. */
    List<JsonNode> untilResponse(int id) {
        List<JsonNode> seen = new ArrayList<>();
        while (true) {
            JsonNode message = next();
            seen.add(message);
            if (isResponse(message, id)) {
                return seen;
            }
        }
    }

    /** The response to request {@code id}, skipping anything before it. */
    JsonNode response(int id) {
        List<JsonNode> seen = untilResponse(id);
        return seen.get(seen.size() - 1);
    }

    /** Every message until the stand-in closes its stdout (it may take a moment more to exit). */
    List<JsonNode> untilEndOfStream() {
        List<JsonNode> seen = new ArrayList<>();
        for (JsonNode message = nextWithin(PATIENCE); message != null; message = nextWithin(PATIENCE)) {
            seen.add(message);
        }
        return seen;
    }

    static boolean isResponse(JsonNode message, int id) {
        return !message.has("method") && message.path("id").asInt(-1) == id;
    }

    static boolean isMethod(JsonNode message, String method) {
        return method.equals(message.path("method").asText());
    }

    int waitForExit() throws InterruptedException {
        if (!process.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("stand-in did not exit within " + PATIENCE + "; stderr:\n" + stderr);
        }
        return process.exitValue();
    }

    /** The stand-in JVM itself (the shell may or may not have exec'd it). */
    ProcessHandle javaProcess() {
        return process.toHandle().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .findFirst().orElse(process.toHandle());
    }

    /** What the stand-in wrote to stderr so far; all of it once the process has exited. */
    String stderr() throws InterruptedException {
        if (!process.isAlive()) {
            stderrDrain.join(PATIENCE.toMillis());
        }
        return stderr.toString();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private void send(JsonNode message) {
        try {
            byte[] body = JSON.writeValueAsBytes(message);
            stdin.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            stdin.write(body);
            stdin.flush();
        } catch (IOException e) {
            throw new AssertionError("cannot write to the stand-in (did it exit?); stderr:\n" + stderr, e);
        }
    }

    private void readFrames() {
        InputStream in = process.getInputStream();
        try {
            while (true) {
                Integer length = null;
                for (String line = headerLine(in); ; line = headerLine(in)) {
                    if (line == null) {
                        inbox.add(object("endOfStream", true));
                        return;
                    }
                    if (line.isEmpty()) {
                        break;
                    }
                    Matcher m = CONTENT_LENGTH.matcher(line);
                    if (m.matches()) {
                        length = Integer.valueOf(m.group(1));
                    } else if (!line.startsWith("Content-Type: ")) {
                        inbox.add(object("protocolViolation", line));
                        return;
                    }
                }
                if (length == null) {
                    inbox.add(object("protocolViolation", "frame without Content-Length"));
                    return;
                }
                inbox.add(JSON.readTree(in.readNBytes(length)));
            }
        } catch (IOException e) {
            inbox.add(object("protocolViolation", "unreadable frame: " + e));
        }
    }

    /** One header line without its CRLF; {@code null} at end of stream. */
    private static String headerLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
            }
            line.write(b);
            previous = b;
        }
        if (line.size() > 0) {
            throw new IOException("stream ended inside a header: " + line);
        }
        return null;
    }

    private void drainStderr() {
        try (InputStream err = process.getErrorStream()) {
            byte[] buffer = new byte[8192];
            for (int n = err.read(buffer); n >= 0; n = err.read(buffer)) {
                stderr.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            stderr.append("[stderr unreadable: ").append(e).append(']');
        }
    }
}
