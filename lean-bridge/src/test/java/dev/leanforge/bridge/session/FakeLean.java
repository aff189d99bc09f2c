package dev.leanforge.bridge.session;

import dev.leanforge.bridge.lsp.LeanClient;
import dev.leanforge.bridge.lsp.LeanDiagnostic;
import dev.leanforge.bridge.lsp.LeanDidOpenParams;
import dev.leanforge.bridge.lsp.LeanFileProgressParams;
import dev.leanforge.bridge.lsp.LeanInitializeParams;
import dev.leanforge.bridge.lsp.LeanInitializeResult;
import dev.leanforge.bridge.lsp.LeanLanguageClient;
import dev.leanforge.bridge.lsp.LeanLanguageServer;
import dev.leanforge.bridge.lsp.LeanProtocol;
import dev.leanforge.bridge.lsp.LeanPublishDiagnosticsParams;
import dev.leanforge.bridge.lsp.PlainGoal;
import dev.leanforge.bridge.lsp.PlainTermGoal;
import dev.leanforge.bridge.lsp.WaitForDiagnosticsParams;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentPositionParams;
import org.eclipse.lsp4j.jsonrpc.Launcher;

/**
 * An in-process, test-driven Lean server: the real LSP4J wire in both directions over NIO pipes, with every request
 * parked until the test answers it. This pins down ordering cases that a scripted process cannot hit on purpose.
 */
final class FakeLean implements LeanLanguageServer, AutoCloseable {

    /** A request the test must answer. */
    record Pending<P, R>(P params, CompletableFuture<R> answer) {
    }

    final BlockingQueue<Object> notifications = new LinkedBlockingQueue<>();
    final BlockingQueue<Pending<WaitForDiagnosticsParams, Object>> waits = new LinkedBlockingQueue<>();
    final BlockingQueue<Pending<TextDocumentPositionParams, PlainGoal>> goals = new LinkedBlockingQueue<>();

    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-lean");
        t.setDaemon(true);
        return t;
    });
    private final Pipe toServer;
    private final Pipe toClient;
    private final OutputStream toClientStream;
    /** The client end the code under test uses. */
    final LeanClient client = new LeanClient();
    final LeanLanguageServer remote;
    /** What the fake says to the client. */
    final LeanLanguageClient say;

    FakeLean() throws IOException {
        toServer = Pipe.open();
        toClient = Pipe.open();
        toClientStream = Channels.newOutputStream(toClient.sink());
        Launcher<LeanLanguageClient> serverSide = new Launcher.Builder<LeanLanguageClient>()
                .setLocalService(this)
                .setRemoteInterface(LeanLanguageClient.class)
                .setInput(Channels.newInputStream(toServer.source()))
                .setOutput(toClientStream)
                .setExecutorService(executor)
                .create();
        say = serverSide.getRemoteProxy();
        serverSide.startListening();
        Launcher<LeanLanguageServer> clientSide = LeanProtocol.connect(client,
                Channels.newInputStream(toClient.source()), Channels.newOutputStream(toServer.sink()), executor);
        remote = clientSide.getRemoteProxy();
        clientSide.startListening();
    }

    Pending<WaitForDiagnosticsParams, Object> nextWait() throws InterruptedException {
        return take(waits);
    }

    Pending<TextDocumentPositionParams, PlainGoal> nextGoal() throws InterruptedException {
        return take(goals);
    }

    Object nextNotification() throws InterruptedException {
        return take(notifications);
    }

    private static <T> T take(BlockingQueue<T> queue) throws InterruptedException {
        T item = queue.poll(5, TimeUnit.SECONDS);
        if (item == null) {
            throw new AssertionError("the client sent nothing within 5 s");
        }
        return item;
    }

    void publish(String uri, Integer version, boolean incremental, LeanDiagnostic... diagnostics) {
        say.publishDiagnostics(new LeanPublishDiagnosticsParams(uri, version, List.of(diagnostics),
                incremental ? Boolean.TRUE : null));
    }

    /**
     * Writes {@code body} as one framed message, byte for byte, on the same stream as {@link #say}: for what a typed
     * proxy cannot send (fields of the wrong type, broken JSON). Call it from the test thread, between other sends.
     */
    void raw(String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        toClientStream.write(("Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        toClientStream.write(bytes);
        toClientStream.flush();
    }

    void progress(String uri, Integer version, Integer... kinds) {
        List<LeanFileProgressParams.Processing> processing = java.util.Arrays.stream(kinds)
                .map(kind -> new LeanFileProgressParams.Processing(range(0, 0), kind)).toList();
        say.fileProgress(new LeanFileProgressParams(new LeanFileProgressParams.Document(uri, version), processing));
    }

    static LeanDiagnostic error(int line, String text) {
        return diagnostic(1, line, text);
    }

    static LeanDiagnostic info(int line, String text) {
        return diagnostic(3, line, text);
    }

    static LeanDiagnostic diagnostic(int severity, int line, String text) {
        return new LeanDiagnostic(range(line, 0), range(line, 0), severity, null, "Lean 4", text, null, null, null);
    }

    static Range range(int line, int character) {
        return new Range(new Position(line, character), new Position(line, character + 1));
    }

    @Override
    public CompletableFuture<LeanInitializeResult> initialize(LeanInitializeParams params) {
        notifications.add(params);
        return CompletableFuture.completedFuture(new LeanInitializeResult(null, null));
    }

    @Override
    public void initialized(InitializedParams params) {
        notifications.add(params);
    }

    @Override
    public CompletableFuture<Object> shutdown() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void exit() {
        notifications.add("exit");
    }

    @Override
    public void didOpen(LeanDidOpenParams params) {
        notifications.add(params);
    }

    @Override
    public void didChange(DidChangeTextDocumentParams params) {
        notifications.add(params);
    }

    @Override
    public void didClose(DidCloseTextDocumentParams params) {
        notifications.add(params);
    }

    @Override
    public CompletableFuture<Object> waitForDiagnostics(WaitForDiagnosticsParams params) {
        CompletableFuture<Object> answer = new CompletableFuture<>();
        waits.add(new Pending<>(params, answer));
        return answer;
    }

    @Override
    public CompletableFuture<PlainGoal> plainGoal(TextDocumentPositionParams params) {
        CompletableFuture<PlainGoal> answer = new CompletableFuture<>();
        goals.add(new Pending<>(params, answer));
        return answer;
    }

    @Override
    public CompletableFuture<PlainTermGoal> plainTermGoal(TextDocumentPositionParams params) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() throws IOException {
        toServer.sink().close();
        toClient.sink().close();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
