package dev.leanforge.bridge.session;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.check.CheckedDocument;
import dev.leanforge.bridge.goal.GoalParser;
import dev.leanforge.bridge.lsp.LeanDiagnostic;
import dev.leanforge.bridge.lsp.PlainGoal;
import dev.leanforge.bridge.server.LeanServer;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.soundness.PolicyResult;
import dev.leanforge.bridge.soundness.SourcePolicy;
import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.bridge.verdict.Verdict;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.lsp4j.Position;

/**
 * One warm Lean server that checks proofs one at a time.
 *
 * <p>Each distinct header gets one open document, kept between checks: the first check with a header opens it
 * (Lean loads the imports, e.g. Mathlib, once), later ones replace the text with {@code didChange}, which reuses the
 * elaborated header. At most {@link Settings#maxOpenDocuments()} documents stay open (each is a Lean process of
 * its own); the least recently used is closed first.
 *
 * <p>{@link #check} runs the {@link SourcePolicy}, lays out the text with {@link CheckedDocument}, waits for the
 * final diagnostics and lets {@link dev.leanforge.bridge.soundness.Acceptance} decide. A timeout answers
 * {@link Verdict.Timeout} and marks the worker {@link #needsRestart()} (Lean may still be elaborating); a crash
 * answers {@link Verdict.Crashed} quoting the server's stderr. Calls may come from any thread; they are queued and
 * run one after another on the worker's own thread.
 */
public final class LeanWorker implements AutoCloseable {

    /**
     * @param startupTimeout   how long the server may take to answer {@code initialize}
     * @param maxOpenDocuments how many headers stay warm at once (a Mathlib document costs several GB)
     * @param policy           the static scan every proof passes before Lean sees it
     */
    public record Settings(Duration startupTimeout, int maxOpenDocuments, SourcePolicy policy) {
        public Settings {
            Objects.requireNonNull(startupTimeout, "startupTimeout");
            Objects.requireNonNull(policy, "policy");
            if (maxOpenDocuments < 1) {
                throw new IllegalArgumentException("maxOpenDocuments must be at least 1, was " + maxOpenDocuments);
            }
        }

        /** One minute to start, two warm headers, the standard policy. */
        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(1), 2, SourcePolicy.standard());
        }
    }

    private final LeanServer server;
    private final Settings settings;
    private final ExecutorService thread;
    /** Header → its open document, least recently used first. Touched only on the worker thread. */
    private final LinkedHashMap<String, DocumentSession> documents = new LinkedHashMap<>(8, 0.75f, true);
    private final Map<CompletableFuture<?>, Runnable> outstanding = new ConcurrentHashMap<>();
    /** Snapshot of the headers with an elaborated document, for routing from other threads. */
    private volatile Set<String> warmHeaders = Set.of();
    private final AtomicLong checksDone = new AtomicLong();
    private volatile boolean needsRestart;

    private LeanWorker(LeanServer server, Settings settings) {
        this.server = server;
        this.settings = settings;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "lean-worker-" + server.pid());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts a server with {@code command} and waits for its handshake.
     *
     * @throws IOException when the server cannot be started (the message quotes the command and its stderr)
     */
    public static LeanWorker start(ServerCommand command, Settings settings) throws IOException {
        return new LeanWorker(LeanServer.start(command, settings.startupTimeout()), settings);
    }

    /**
     * Checks one proof. The future always completes with a verdict: {@code timeout} bounds Lean's part (from
     * sending the text to the final diagnostics), not the time spent queued behind other checks of this worker.
     */
    public CompletableFuture<Verdict> check(CheckTask task, Duration timeout) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(timeout, "timeout");
        long submitted = System.nanoTime();
        return submit(() -> runCheck(task, timeout, submitted),
                result -> result.complete(new Verdict.Crashed("the worker was closed before the check finished",
                        since(submitted))));
    }

    /**
     * The goals after a tactic prefix: elaborates {@code header}, then {@code statement tacticPrefix} (e.g.
     * {@code theorem t (p q : Prop) (hp : p) (hq : q) : p ∧ q :=} and {@code by\n  constructor}) in the header's
     * warm document, and asks {@code $/lean/plainGoal} at the end of the prefix.
     *
     * <p>The prefix passes the same {@link SourcePolicy} as a proof first: Lean runs whatever it elaborates, so a
     * prefix the policy refuses is answered {@link GoalAnswer.Rejected} unseen. The future always completes with an
     * answer: {@link GoalAnswer.Timeout} after {@code timeout} (the worker then {@link #needsRestart()}),
     * {@link GoalAnswer.Crashed} when Lean died or the document could not be processed, {@link GoalAnswer.NoState}
     * when Lean has no tactic state at the end of the prefix and reported no error for it (with errors the answer
     * is a {@link GoalAnswer.State} with those errors and no goals).
     */
    public CompletableFuture<GoalAnswer> goals(String header, String statement, String tacticPrefix,
                                               Duration timeout) {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(tacticPrefix, "tacticPrefix");
        Objects.requireNonNull(timeout, "timeout");
        long submitted = System.nanoTime();
        return submit(() -> runGoals(header, statement, tacticPrefix, timeout, submitted),
                result -> result.complete(new GoalAnswer.Crashed("the worker was closed before the request finished",
                        since(submitted))));
    }

    /**
     * Whether a check with this header would reuse an open, elaborated document (no import loading). Safe to call
     * from any thread; reflects the state after the last finished call.
     */
    public boolean isWarm(String header) {
        return warmHeaders.contains(header);
    }

    /**
     * Checks and goal-state requests sent to Lean so far (refusals by the source policy do not count: Lean never
     * saw them).
     */
    public long checksDone() {
        return checksDone.get();
    }

    /** False once the server process has exited or its connection ended. */
    public boolean isAlive() {
        return server.isAlive();
    }

    /** True after a timeout (Lean may still be busy with the abandoned version) or once the server is gone. */
    public boolean needsRestart() {
        return needsRestart || !server.isAlive();
    }

    /** Resident memory of the server and its per-document processes; empty where {@code /proc} is missing. */
    public OptionalLong rssBytes() {
        return server.rssBytes();
    }

    /** Stops the server (shutdown, then kill of the whole process tree); queued calls complete as closed. */
    @Override
    public void close() {
        thread.shutdownNow();
        server.close();
        outstanding.values().forEach(Runnable::run);
        outstanding.clear();
    }

    @Override
    public String toString() {
        return "LeanWorker[" + server + ", " + checksDone() + " checks" + (needsRestart ? ", needs restart" : "")
                + "]";
    }

    LeanServer server() {
        return server;
    }

    private Verdict runCheck(CheckTask task, Duration timeout, long submitted) {
        if (settings.policy().check(task) instanceof PolicyResult.Rejected rejected) {
            return rejected.toVerdict(since(submitted));
        }
        CheckedDocument document = CheckedDocument.of(task);
        Elaboration outcome;
        try {
            outcome = elaborate(task.header(), document.text(), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Verdict.Crashed("the worker was closed during the check", since(submitted));
        }
        checksDone.incrementAndGet();
        return Verdicts.of(task, document, outcome, since(submitted), server.isAlive() ? server.stderrTail() : "");
    }

    private GoalAnswer runGoals(String header, String statement, String tacticPrefix, Duration timeout,
                                long submitted) {
        if (settings.policy().check(tacticPrefix) instanceof PolicyResult.Rejected rejected) {
            return new GoalAnswer.Rejected(rejected.toVerdict(since(submitted)).reason(), since(submitted));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        String declaration = statement + " " + tacticPrefix;
        String text = header + "\n\n" + declaration + "\n";
        Elaboration outcome;
        PlainGoal goal;
        Position end = endOf(header + "\n\n", declaration);
        try {
            outcome = elaborate(header, text, timeout);
            checksDone.incrementAndGet();
            if (outcome instanceof Elaboration.TimedOut timedOut) {
                return new GoalAnswer.Timeout(timedOut.limit(), since(submitted));
            }
            if (!(outcome instanceof Elaboration.Finished finished) || finished.fatal()) {
                return new GoalAnswer.Crashed("Lean could not elaborate the prefix: " + describe(outcome),
                        since(submitted));
            }
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            goal = documents.get(header).plainGoal(end, left).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new GoalAnswer.Crashed("the worker was closed during the request", since(submitted));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TimeoutException) {
                needsRestart = true; // Lean may still be answering the abandoned request
                return new GoalAnswer.Timeout(timeout, since(submitted));
            }
            return new GoalAnswer.Crashed("$/lean/plainGoal failed: " + cause, since(submitted));
        }
        List<LeanMessage> errors = ((Elaboration.Finished) outcome).diagnostics().stream()
                .filter(d -> LeanMessage.Severity.fromLsp(d.severity()) == LeanMessage.Severity.ERROR)
                .filter(d -> !d.hasLeanTag(LeanDiagnostic.UNSOLVED_GOALS) && !GoalParser.isUnsolvedGoals(d.message()))
                .map(LeanDiagnostic::toMessage)
                .toList();
        if (goal == null && errors.isEmpty()) {
            return new GoalAnswer.NoState("Lean has no tactic state at the end of the prefix (line "
                    + (end.getLine() + 1) + ", column " + end.getCharacter() + "); does it start with `by`?",
                    since(submitted));
        }
        // The prefix's errors are evidence even where Lean kept no tactic state after them (a failing tactic).
        List<String> goals = goal == null ? List.of() : goal.goals();
        return new GoalAnswer.State(new TacticState(GoalParser.parseAll(goals), errors), since(submitted));
    }

    /** Sends {@code text} as the newest version of the header's document and waits for the outcome. */
    private Elaboration elaborate(String header, String text, Duration timeout) throws InterruptedException {
        DocumentSession session = documentFor(header);
        Elaboration outcome;
        try {
            outcome = session.update(text, timeout).get();
        } catch (ExecutionException impossible) {
            outcome = new Elaboration.Crashed("internal error: " + impossible.getCause());
        }
        if (outcome instanceof Elaboration.TimedOut) {
            needsRestart = true;
        } else if (!(outcome instanceof Elaboration.Finished finished) || finished.fatal()) {
            // A crashed or fatal document is reopened by the next check with this header.
            documents.remove(header);
            session.close();
        }
        warmHeaders = Set.copyOf(documents.keySet());
        return outcome;
    }

    private DocumentSession documentFor(String header) {
        DocumentSession open = documents.get(header);
        if (open != null) {
            return open;
        }
        Iterator<DocumentSession> leastRecent = documents.values().iterator();
        while (documents.size() >= settings.maxOpenDocuments() && leastRecent.hasNext()) {
            DocumentSession evicted = leastRecent.next();
            leastRecent.remove();
            evicted.close();
        }
        DocumentSession session = new DocumentSession(server.remote(), server.client(),
                DocumentSession.newUri(server.command().directory()));
        documents.put(header, session);
        return session;
    }

    /** The 0-based line and UTF-16 column just after {@code declaration}, which follows {@code before}. */
    static Position endOf(String before, String declaration) {
        String all = before + declaration;
        int line = (int) all.chars().filter(c -> c == '\n').count();
        return new Position(line, all.length() - (all.lastIndexOf('\n') + 1));
    }

    private static String describe(Elaboration outcome) {
        if (outcome instanceof Elaboration.Crashed crashed) {
            return crashed.reason();
        }
        if (outcome instanceof Elaboration.Interrupted interrupted) {
            return interrupted.reason();
        }
        return "fatal error: " + Verdicts.messages(((Elaboration.Finished) outcome).diagnostics()).stream()
                .filter(LeanMessage::isError).map(LeanMessage::text).findFirst().orElse("no message");
    }

    private <T> CompletableFuture<T> submit(Work<T> work, Consumer<CompletableFuture<T>> abandon) {
        CompletableFuture<T> result = new CompletableFuture<>();
        outstanding.put(result, () -> abandon.accept(result));
        result.whenComplete((value, failure) -> outstanding.remove(result));
        try {
            thread.execute(() -> {
                try {
                    result.complete(work.run());
                } catch (Exception | Error e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException closed) {
            abandon.accept(result);
        }
        return result;
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws Exception;
    }
}
