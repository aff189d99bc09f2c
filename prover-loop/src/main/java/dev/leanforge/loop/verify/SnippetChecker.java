package dev.leanforge.loop.verify;

import dev.leanforge.bridge.LeanChecker;
import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.pool.PoolClosedException;
import dev.leanforge.bridge.pool.PoolSaturatedException;
import dev.leanforge.bridge.pool.WorkerStartException;
import dev.leanforge.bridge.soundness.PolicyResult;
import dev.leanforge.bridge.soundness.SourcePolicy;
import dev.leanforge.bridge.source.LeanLexer;
import dev.leanforge.bridge.source.Token;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.check.TheoremInFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks snippets (whole Lean files) on a warm {@link CheckerPool}, as {@code leanforge check FILE} checks a file:
 * the last theorem is located ({@link TheoremInFile#locate}), the text before it is its header and the text after
 * its {@code :=} the proof. Unlike a file of one's own, a snippet comes from a client, so:
 *
 * <ul>
 *   <li>a snippet without a theorem with {@code :=} (e.g. only {@code #eval}) is refused, never run;</li>
 *   <li>its header must be one {@link HeaderTrust} allows;</li>
 *   <li>unless every header is trusted, its statement is scanned too: only a docstring may come before
 *       {@code theorem}/{@code lemma} (no attributes, {@code open … in}, modifiers), and the signature between the
 *       name and {@code :=} passes the source policy, since a type can hold a tactic block that runs code;</li>
 *   <li>the proof passes the source policy here first (the worker scans it again), so a refused proof takes no
 *       place in the pool's queue and its position is known.</li>
 * </ul>
 *
 * Text after the theorem is never run ({@code CheckedDocument} holds the header, the theorem and our
 * {@code #print axioms} line only). Nothing here blocks but the scans, which are CPU work on the caller's thread.
 */
public final class SnippetChecker {

    private static final Logger LOG = LoggerFactory.getLogger(SnippetChecker.class);

    private final LeanChecker lean;
    private final HeaderTrust trust;
    private final SourcePolicy policy = SourcePolicy.standard();

    public SnippetChecker(LeanChecker lean, HeaderTrust trust) {
        this.lean = Objects.requireNonNull(lean, "lean");
        this.trust = Objects.requireNonNull(trust, "trust");
    }

    /** The bridge's checker the snippets' theorems go to (its warm pool). */
    public LeanChecker lean() {
        return lean;
    }

    public HeaderTrust trust() {
        return trust;
    }

    /** The longest a check may take: the pool's check timeout; a request asking for more gets this. */
    public Duration timeoutCap() {
        return lean.poolConfig().checkTimeout();
    }

    /**
     * Scans every snippet and submits those that pass to the pool, all or none: when the pool has no room for one of
     * them, the checks already submitted for this batch are cancelled (queued ones never run) and the
     * {@link PoolSaturatedException} is thrown. The futures, in the snippets' order, always complete normally.
     */
    public List<CompletableFuture<SnippetResult>> submit(List<Snippet> snippets, Duration timeout) {
        List<CompletableFuture<SnippetResult>> results = new ArrayList<>(snippets.size());
        List<CompletableFuture<Verdict>> submitted = new ArrayList<>();
        for (Snippet snippet : snippets) {
            Prepared prepared = prepare(snippet);
            if (prepared.done() != null) {
                results.add(CompletableFuture.completedFuture(prepared.done()));
                continue;
            }
            TheoremInFile theorem = prepared.theorem();
            CompletableFuture<Verdict> verdict = lean.check(theorem.task(), timeout);
            if (verdict.isCompletedExceptionally() && causeOf(verdict) instanceof PoolSaturatedException saturated) {
                submitted.forEach(f -> f.cancel(false));
                throw saturated;
            }
            submitted.add(verdict);
            results.add(verdict.handle((v, error) -> new SnippetResult(snippet, Optional.of(theorem),
                    v != null ? v : failure(error), false, Optional.empty())));
        }
        return results;
    }

    /** Cancels what is still queued of these results' checks (a client that went away). */
    public static void cancel(List<CompletableFuture<SnippetResult>> results) {
        results.forEach(f -> f.cancel(false));
    }

    /** The outcome of the scans: either a result already ({@code done}) or a theorem to check. */
    record Prepared(SnippetResult done, TheoremInFile theorem) {}

    Prepared prepare(Snippet snippet) {
        TheoremInFile theorem;
        try {
            theorem = TheoremInFile.locate("snippet " + snippet.id(), snippet.code(), Optional.empty());
        } catch (TheoremInFile.NotCheckable e) {
            return new Prepared(SnippetResult.refused(snippet, Optional.empty(), e.getMessage()
                    + "; a snippet must end with a theorem to check, and nothing else is run"), null);
        } catch (RuntimeException e) {
            LOG.warn("snippet {} could not be read", snippet.id(), e);
            return new Prepared(SnippetResult.refused(snippet, Optional.empty(),
                    "snippet " + snippet.id() + " could not be read as Lean source"), null);
        }
        CheckTask task = theorem.task();
        Optional<String> headerRefusal = trust.refusal(task.header());
        if (headerRefusal.isPresent()) {
            return new Prepared(SnippetResult.refused(snippet, Optional.of(theorem), "snippet " + snippet.id()
                    + ": theorem " + task.theoremName() + " not checked: " + headerRefusal.get()), null);
        }
        if (!trust.trustsAll()) {
            Optional<String> statementRefusal = statementRefusal(task.statement());
            if (statementRefusal.isPresent()) {
                return new Prepared(new SnippetResult(snippet, Optional.of(theorem),
                        new Verdict.Rejected("statement: " + statementRefusal.get(), Duration.ZERO), false,
                        Optional.of(new SnippetResult.Position(theorem.statementLine(), 0))), null);
            }
        }
        if (policy.check(task) instanceof PolicyResult.Rejected rejected) {
            PolicyResult.Position at = rejected.position();
            int line = theorem.proofLine() + at.line() - 1;
            int column = at.line() == 1 ? theorem.proofColumn() + at.column() : at.column();
            return new Prepared(new SnippetResult(snippet, Optional.of(theorem), rejected.toVerdict(Duration.ZERO),
                    false, Optional.of(new SnippetResult.Position(line, column))), null);
        }
        return new Prepared(null, theorem);
    }

    /**
     * Why a client's statement may not run, or empty: comments and a docstring, then {@code theorem} or
     * {@code lemma}, the name, a signature the source policy allows, and the final {@code :=}.
     */
    Optional<String> statementRefusal(String statement) {
        LeanLexer.Result lexed = LeanLexer.lex(statement);
        if (!lexed.isClean()) {
            return Optional.of("it cannot be read with certainty (" + lexed.errors().get(0).message() + ")");
        }
        List<Token> tokens = lexed.tokens();
        int i = 0;
        while (i < tokens.size() && (tokens.get(i).isComment() || tokens.get(i).kind() == Token.Kind.DOC_COMMENT)) {
            i++;
        }
        if (i >= tokens.size() || !(tokens.get(i).is("theorem") || tokens.get(i).is("lemma"))) {
            return Optional.of("only a docstring may come before `theorem` or `lemma` in a snippet (no attributes, "
                    + "modifiers or `open … in`); move such text into an allowed header");
        }
        Token last = tokens.get(tokens.size() - 1);
        if (i + 1 >= tokens.size() || tokens.get(i + 1).kind() != Token.Kind.IDENT
                || last.kind() != Token.Kind.ASSIGN || i + 1 == tokens.size() - 1) {
            return Optional.of("expected `theorem NAME signature :=`");
        }
        String signature = statement.substring(tokens.get(i + 1).end(), last.start());
        if (policy.check(signature) instanceof PolicyResult.Rejected rejected) {
            return Optional.of(rejected.reason());
        }
        return Optional.empty();
    }

    private static Throwable causeOf(CompletableFuture<?> failed) {
        try {
            failed.getNow(null);
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            return e;
        }
    }

    /** The pool could not give a verdict: said as CRASHED, which never counts as a proof. */
    private static Verdict failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof PoolClosedException) {
            return new Verdict.Crashed("the server is shutting down", Duration.ZERO);
        }
        if (cause instanceof CancellationException) {
            return new Verdict.Crashed("cancelled", Duration.ZERO);
        }
        if (cause instanceof WorkerStartException) {
            LOG.warn("no Lean server could be started", cause);
            return new Verdict.Crashed("no Lean server could be started (the server's log says why)", Duration.ZERO);
        }
        LOG.warn("a check failed", cause);
        return new Verdict.Crashed("the check failed (the server's log says why)", Duration.ZERO);
    }
}
