package dev.leanforge.loop.theorems.validate;

import dev.leanforge.bridge.check.CheckedDocument;
import dev.leanforge.bridge.soundness.DiagnosticKind;
import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.loop.theorems.Location;
import dev.leanforge.loop.theorems.Theorem;
import dev.leanforge.loop.theorems.TheoremSet;
import dev.leanforge.loop.theorems.validate.StatementElaborator.Elaborated;
import dev.leanforge.loop.theorems.validate.StatementElaborator.Outcome;
import dev.leanforge.loop.theorems.validate.StatementElaborator.Unfinished;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;

/**
 * Checks that every statement of a set elaborates in Lean with nothing but the {@code sorry} warning of its
 * placeholder proof: no error, no other warning, and the sorry warning present (positive evidence that Lean reached
 * the declaration at all). Information messages are ignored.
 */
public final class SetValidator {

    private SetValidator() {}

    /** A statement that did not pass, with what Lean said, positioned in the set's files where possible. */
    public record Failure(Theorem theorem, List<Finding> findings) {
        public Failure {
            Objects.requireNonNull(theorem, "theorem");
            findings = List.copyOf(findings);
        }
    }

    /** One line of a failure report: {@code where: text}. */
    public record Finding(Location where, String text) {
        @Override
        public String toString() {
            return where + ": " + text;
        }
    }

    /** Told about each theorem as its result arrives (from the elaborator's threads, one at a time). */
    @FunctionalInterface
    public interface Listener {
        void done(Theorem theorem, Optional<Failure> failure);
    }

    /** Validates every theorem of {@code set}, keeping at most {@code elaborator.parallelism()} in flight. */
    public static List<Failure> validate(TheoremSet set, StatementElaborator elaborator, Listener listener)
            throws InterruptedException {
        List<Theorem> theorems = set.theorems();
        List<Optional<Failure>> results = new ArrayList<>(theorems.size());
        theorems.forEach(t -> results.add(Optional.empty()));
        Semaphore window = new Semaphore(Math.max(1, elaborator.parallelism()));
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (int i = 0; i < theorems.size(); i++) {
            Theorem theorem = theorems.get(i);
            int index = i;
            window.acquire();
            CompletableFuture<Outcome> outcome;
            try {
                outcome = elaborator.elaborate(theorem.placeholderTask());
            } catch (RuntimeException e) {
                outcome = CompletableFuture.failedFuture(e);
            }
            pending.add(outcome
                    .exceptionally(e -> new Unfinished(describe(e)))
                    .thenAccept(o -> {
                        Optional<Failure> failure = judge(set, theorem, o);
                        synchronized (results) {
                            results.set(index, failure);
                            listener.done(theorem, failure);
                        }
                    })
                    .whenComplete((ok, e) -> window.release()));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        return results.stream().flatMap(Optional::stream).toList();
    }

    /** What {@code outcome} says about {@code theorem}'s statement; empty when it passed. */
    public static Optional<Failure> judge(TheoremSet set, Theorem theorem, Outcome outcome) {
        if (outcome instanceof Unfinished unfinished) {
            return Optional.of(new Failure(theorem, List.of(new Finding(start(set, theorem),
                    "not validated: Lean gave no answer (" + unfinished.reason() + ")"))));
        }
        List<LeanMessage> messages = ((Elaborated) outcome).messages();
        CheckedDocument document = CheckedDocument.of(theorem.placeholderTask());
        List<Finding> findings = new ArrayList<>();
        boolean sorryWarning = false;
        for (LeanMessage m : messages) {
            boolean sorry = DiagnosticKind.of(m.text()) == DiagnosticKind.SORRY_WARNING;
            sorryWarning |= sorry && m.severity() == LeanMessage.Severity.WARNING;
            boolean counts = m.severity() == LeanMessage.Severity.ERROR
                    || (m.severity() == LeanMessage.Severity.WARNING && !sorry);
            if (counts) {
                findings.add(finding(set, theorem, document, m));
            }
        }
        if (findings.isEmpty() && !sorryWarning) {
            findings.add(new Finding(start(set, theorem), "Lean reported no `declaration uses sorry` warning, so it"
                    + " may never have reached this declaration (" + messages.size() + " other messages)"));
        }
        return findings.isEmpty() ? Optional.empty() : Optional.of(new Failure(theorem, findings));
    }

    /** Maps a message's position in the checked document back to the set's file when it lies in the statement. */
    private static Finding finding(TheoremSet set, Theorem theorem, CheckedDocument document, LeanMessage m) {
        String text = m.severity().word() + ": " + m.text().strip();
        int line = m.line() - 1;
        if (line < document.declarationStartLine()) {
            return new Finding(start(set, theorem), "in the header (line " + m.line() + " of the checked document): "
                    + text);
        }
        int offset = line - document.declarationStartLine();
        int column = offset == 0 ? theorem.column() + m.column() : m.column() + 1;
        return new Finding(new Location(file(set, theorem), theorem.line() + offset, column), text);
    }

    private static Location start(TheoremSet set, Theorem theorem) {
        return new Location(file(set, theorem), theorem.line(), theorem.column());
    }

    private static String file(TheoremSet set, Theorem theorem) {
        return set.dir().resolve(theorem.file()).toString();
    }

    private static String describe(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
