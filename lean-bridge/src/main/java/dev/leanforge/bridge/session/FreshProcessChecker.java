package dev.leanforge.bridge.session;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.check.CheckedDocument;
import dev.leanforge.bridge.server.LeanServer;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.soundness.PolicyResult;
import dev.leanforge.bridge.soundness.SourcePolicy;
import dev.leanforge.bridge.verdict.Verdict;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;

/**
 * The authoritative tier: every check gets a new server process, one complete document, the same
 * {@link dev.leanforge.bridge.soundness.Acceptance}, and then the process is shut down. Nothing a previous proof
 * did (or left running) can influence the verdict; the price is loading the header's imports every time.
 *
 * <p>Stateless apart from its configuration, so one instance may be used from several threads; each call blocks
 * until its verdict is known, so keep it off event loops.
 */
public final class FreshProcessChecker {

    private final ServerCommand command;
    private final Duration startupTimeout;
    private final SourcePolicy policy;

    public FreshProcessChecker(ServerCommand command, Duration startupTimeout, SourcePolicy policy) {
        this.command = Objects.requireNonNull(command, "command");
        this.startupTimeout = Objects.requireNonNull(startupTimeout, "startupTimeout");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** One minute to start, the standard source policy. */
    public FreshProcessChecker(ServerCommand command) {
        this(command, Duration.ofMinutes(1), SourcePolicy.standard());
    }

    /**
     * Checks one proof in a new process. {@code timeout} bounds elaboration, import loading included; start-up
     * (up to {@code initialize}) has its own limit. A server that cannot start answers {@link Verdict.Crashed}.
     */
    public Verdict check(CheckTask task, Duration timeout) {
        long started = System.nanoTime();
        if (policy.check(task) instanceof PolicyResult.Rejected rejected) {
            return rejected.toVerdict(since(started));
        }
        CheckedDocument document = CheckedDocument.of(task);
        try (LeanServer server = LeanServer.start(command, startupTimeout)) {
            DocumentSession session = new DocumentSession(server.remote(), server.client(),
                    DocumentSession.newUri(command.directory()));
            Elaboration outcome = session.update(document.text(), timeout).get();
            return Verdicts.of(task, document, outcome, since(started), server.isAlive() ? server.stderrTail() : "");
        } catch (IOException e) {
            return new Verdict.Crashed(e.getMessage(), since(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Verdict.Crashed("interrupted while checking", since(started));
        } catch (ExecutionException impossible) {
            return new Verdict.Crashed("internal error: " + impossible.getCause(), since(started));
        }
    }

    @Override
    public String toString() {
        return "FreshProcessChecker[" + command + "]";
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
