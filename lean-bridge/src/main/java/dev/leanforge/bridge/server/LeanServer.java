package dev.leanforge.bridge.server;

import dev.leanforge.bridge.lsp.LeanClient;
import dev.leanforge.bridge.lsp.LeanInitializeParams;
import dev.leanforge.bridge.lsp.LeanInitializeResult;
import dev.leanforge.bridge.lsp.LeanLanguageServer;
import dev.leanforge.bridge.lsp.LeanProtocol;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Lean server process and its LSP connection.
 *
 * <p>{@link #start} launches the command, connects LSP4J over the process's stdin/stdout, drains stderr into a
 * bounded tail, and completes the {@code initialize}/{@code initialized} handshake. {@link #terminated()} completes
 * once the connection ended, with a reason quoting the exit code and the last stderr lines; at that moment every
 * {@link dev.leanforge.bridge.lsp.DocumentListener} registered with {@link #client()} is told, so pending checks
 * fail fast. {@link #close()} asks politely ({@code shutdown}, {@code exit}), then kills the whole process tree.
 */
public final class LeanServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeanServer.class);
    /** How long {@code shutdown}/{@code exit} may take before the process tree is killed. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    /** After stdout ends, how long to wait for the exit code and the last stderr lines before reporting. */
    private static final long SETTLE_MILLIS = 2000;

    private final ServerCommand command;
    private final Process process;
    private final StderrTail stderr;
    private final ExecutorService executor;
    private final LeanClient client = new LeanClient();
    private final LeanLanguageServer remote;
    private final CompletableFuture<String> terminated;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile String serverName = "Lean server (starting)";

    private LeanServer(ServerCommand command, Process process) {
        this.command = command;
        this.process = process;
        long pid = process.pid();
        this.stderr = StderrTail.drain(process.getErrorStream(), "lean-stderr-" + pid);
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lean-lsp-" + pid);
            thread.setDaemon(true);
            return thread;
        });
        EndSignallingInputStream stdout = new EndSignallingInputStream(process.getInputStream());
        Launcher<LeanLanguageServer> launcher =
                LeanProtocol.connect(client, stdout, process.getOutputStream(), executor);
        this.remote = launcher.getRemoteProxy();
        launcher.startListening();
        // A grandchild that inherited stdout can keep it open after the server died: then the exit decides.
        process.onExit().thenRun(() -> stdout.ended().completeOnTimeout(null, SETTLE_MILLIS, TimeUnit.MILLISECONDS));
        this.terminated = stdout.ended()
                .thenCompose(end -> process.onExit().thenApply(p -> (Void) null)
                        .completeOnTimeout(null, SETTLE_MILLIS, TimeUnit.MILLISECONDS))
                .thenCompose(exit -> stderr.ended().copy().completeOnTimeout(null, 500, TimeUnit.MILLISECONDS))
                .thenApply(ignored -> describeTermination());
        terminated.thenAccept(reason -> {
            LOG.debug("{} terminated: {}", this, reason);
            client.serverTerminated(reason);
        });
    }

    /**
     * Starts the server and completes the LSP handshake.
     *
     * @throws IOException if the process cannot be started, dies, or does not answer {@code initialize} within
     *                     {@code startupTimeout}; the message names the command and quotes its stderr
     */
    public static LeanServer start(ServerCommand command, Duration startupTimeout) throws IOException {
        Process process;
        try {
            process = command.processBuilder().start();
        } catch (IOException e) {
            throw new IOException("cannot start the Lean server `" + command + "`: " + e.getMessage(), e);
        }
        LeanServer server = new LeanServer(command, process);
        try {
            server.initialize(startupTimeout);
            return server;
        } catch (IOException | RuntimeException e) {
            server.destroyTree(server.processTree());
            throw e;
        }
    }

    private void initialize(Duration timeout) throws IOException {
        CompletableFuture<LeanInitializeResult> init;
        try {
            init = remote.initialize(LeanInitializeParams.forProject(command.directory()));
            CompletableFuture.anyOf(init, terminated).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("the Lean server `" + command + "` did not answer initialize within "
                    + timeout.toMillis() + " ms" + stderrSuffix());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while starting the Lean server `" + command + "`");
        } catch (ExecutionException | RuntimeException e) {
            // Usually a write to a process that already died: its exit code and stderr say why.
            String reason = terminated.copy().completeOnTimeout(null, 2 * SETTLE_MILLIS, TimeUnit.MILLISECONDS).join();
            throw new IOException("the Lean server `" + command + "` "
                    + (reason != null ? "stopped during start-up: " + reason
                    : "failed to initialize: " + e.getMessage() + stderrSuffix()), e);
        }
        if (!init.isDone()) {
            throw new IOException("the Lean server `" + command + "` stopped during start-up: " + terminated.join());
        }
        LeanInitializeResult result = init.join();
        serverName = result == null ? "unknown server" : result.describe();
        remote.initialized(new InitializedParams());
        LOG.debug("started {}", this);
    }

    /** The proxy for requests and notifications to the server. */
    public LeanLanguageServer remote() {
        return remote;
    }

    /** Where to register a {@link dev.leanforge.bridge.lsp.DocumentListener} for each open document. */
    public LeanClient client() {
        return client;
    }

    public ServerCommand command() {
        return command;
    }

    /** Name and version from the server's {@code initialize} answer, e.g. {@code Lean 4 Server 0.3.0}. */
    public String serverName() {
        return serverName;
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle processHandle() {
        return process.toHandle();
    }

    /**
     * True while the process runs and its connection is open and trusted: after a message that could not be read
     * ({@link LeanClient#protocolErrorReason()}) the server counts as gone and must be replaced.
     */
    public boolean isAlive() {
        return process.isAlive() && !terminated.isDone() && client.protocolErrorReason().isEmpty();
    }

    /**
     * Completes once the connection ended, with a reason for people (exit code and last stderr lines, or
     * "closed" after {@link #close()}).
     */
    public CompletableFuture<String> terminated() {
        return terminated.copy();
    }

    /** The last lines the server wrote to stderr (bounded); empty if none. */
    public String stderrTail() {
        return stderr.text();
    }

    /** Resident memory of the server and its worker processes; empty where {@code /proc} is not available. */
    public OptionalLong rssBytes() {
        return ProcessMemory.treeRssBytes(process.toHandle());
    }

    /**
     * Sends {@code shutdown} and {@code exit}, waits up to {@link #CLOSE_GRACE} for each, then kills whatever is
     * left of the process tree (Lean's file workers included). Idempotent.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        List<ProcessHandle> tree = processTree();
        if (process.isAlive() && !terminated.isDone()) {
            try {
                remote.shutdown().get(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                remote.exit();
                process.waitFor(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                LOG.debug("{} did not shut down cleanly: {}", this, e.toString());
            }
        }
        destroyTree(tree);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return serverName + " pid " + process.pid() + " `" + command + "`";
    }

    private List<ProcessHandle> processTree() {
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        return tree;
    }

    /**
     * Kills the server and every process it spawned; descendants are listed before the parent dies (orphans are
     * re-parented and no longer show up). Waits only for the server itself: a killed grandchild may linger as a
     * zombie until init reaps it, which holds no memory.
     */
    private void destroyTree(List<ProcessHandle> knownDescendants) {
        closing.set(true);
        List<ProcessHandle> all = new ArrayList<>(knownDescendants);
        process.descendants().forEach(all::add);
        all.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            if (!process.waitFor(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} did not exit after SIGKILL", this);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }

    private String describeTermination() {
        if (closing.get()) {
            return "the Lean server was closed";
        }
        String how = process.isAlive()
                ? "the Lean server closed its output while still running"
                : "the Lean server exited with code " + process.exitValue();
        return how + stderrSuffix();
    }

    private String stderrSuffix() {
        String tail = stderr.text();
        return tail.isEmpty() ? " (nothing on stderr)" : "; last stderr lines:\n" + tail;
    }
}
