package dev.leanforge.bridge.soundness;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.check.CheckedDocument;
import dev.leanforge.bridge.goal.Goal;
import dev.leanforge.bridge.goal.GoalParser;
import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.bridge.verdict.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the final diagnostics of one elaborated {@link CheckedDocument} into a {@link Verdict} (spec §7.1–§7.2,
 * §7.5). PROVED needs positive evidence, all of:
 * <ol>
 *   <li>no error diagnostic anywhere in the document;</li>
 *   <li>no sorry warning, in either spelling;</li>
 *   <li>an information message on the {@code #print axioms} line answering for exactly {@code theoremName};</li>
 *   <li>every axiom in that answer in {@link AxiomsReport#STANDARD_AXIOMS}.</li>
 * </ol>
 * Anything else is FAILED with a one-line reason. Heartbeat and recursion limits are FAILED too: Lean finished
 * and answered. TIMEOUT and CRASHED are decided by the session, never here.
 */
public final class Acceptance {
    private Acceptance() {
    }

    public static Verdict decide(CheckTask task, CheckedDocument document, List<LeanMessage> finalMessages,
                                 Duration elapsed) {
        List<LeanMessage> errors = finalMessages.stream().filter(LeanMessage::isError)
                .sorted(Comparator.comparingInt(LeanMessage::line).thenComparingInt(LeanMessage::column))
                .toList();
        List<Goal> unsolvedGoals = unsolvedGoals(errors);
        Optional<List<String>> axioms = axiomsAnswer(task, document, finalMessages);
        List<String> axiomsSeen = axioms.orElse(List.of());

        if (!errors.isEmpty()) {
            return new Verdict.Failed(describeError(task, document, errors), finalMessages, unsolvedGoals,
                    axiomsSeen, elapsed);
        }
        Optional<LeanMessage> sorry = finalMessages.stream()
                .filter(m -> DiagnosticKind.of(m.text()) == DiagnosticKind.SORRY_WARNING).findFirst();
        if (sorry.isPresent()) {
            return new Verdict.Failed("declaration uses sorry (line " + sorry.get().line() + ")", finalMessages,
                    unsolvedGoals, axiomsSeen, elapsed);
        }
        if (axioms.isEmpty()) {
            return new Verdict.Failed("no #print axioms answer for " + task.theoremName()
                    + " on line " + (document.axiomsLine() + 1), finalMessages, unsolvedGoals, axiomsSeen, elapsed);
        }
        List<String> forbidden = new AxiomsReport(task.theoremName(), axiomsSeen).forbidden();
        if (!forbidden.isEmpty()) {
            String reason = AxiomsReport.refusal(forbidden.get(0))
                    + (forbidden.size() > 1 ? " (forbidden axioms: " + String.join(", ", forbidden) + ")" : "");
            return new Verdict.Failed(reason, finalMessages, unsolvedGoals, axiomsSeen, elapsed);
        }
        return new Verdict.Proved(axiomsSeen, finalMessages, elapsed);
    }

    /**
     * The axioms of every information message on the {@code #print axioms} line that answers for exactly the
     * task's constant (normally one; several are merged so none is overlooked); empty when there is none.
     */
    private static Optional<List<String>> axiomsAnswer(CheckTask task, CheckedDocument document,
                                                       List<LeanMessage> messages) {
        Set<String> axioms = new LinkedHashSet<>();
        boolean answered = false;
        for (LeanMessage m : messages) {
            if (m.severity() != LeanMessage.Severity.INFORMATION || !document.isOnAxiomsLine(m)) {
                continue;
            }
            Optional<AxiomsReport> report = AxiomsReport.parse(m.text());
            if (report.isPresent() && report.get().isAbout(task.theoremName())) {
                answered = true;
                axioms.addAll(report.get().axioms());
            }
        }
        return answered ? Optional.of(List.copyOf(axioms)) : Optional.empty();
    }

    /** Goals of every {@code unsolved goals} error; a goal text that does not parse is left out, not fatal. */
    private static List<Goal> unsolvedGoals(List<LeanMessage> errors) {
        List<Goal> goals = new ArrayList<>();
        for (LeanMessage e : errors) {
            if (DiagnosticKind.of(e.text()) == DiagnosticKind.UNSOLVED_GOALS) {
                try {
                    goals.addAll(GoalParser.parseUnsolvedGoals(e.text()));
                } catch (IllegalArgumentException unparsable) {
                    // The error itself still fails the proof; only its structured goals are lost.
                }
            }
        }
        return goals;
    }

    /** One line about the first error in document order, with how many there are. */
    private static String describeError(CheckTask task, CheckedDocument document, List<LeanMessage> errors) {
        LeanMessage first = errors.get(0);
        String where = "line " + first.line() + " (" + regionWord(document.regionOf(first)) + ")";
        String firstLine = first.text().strip().lines().findFirst().orElse("");
        String summary = switch (DiagnosticKind.of(first.text())) {
            case HEARTBEAT_LIMIT -> "heartbeat limit reached at " + where + ": " + firstLine;
            case RECURSION_LIMIT -> "recursion limit reached at " + where;
            case UNSOLVED_GOALS -> "unsolved goals at " + where;
            case KERNEL -> "kernel rejected the declaration at " + where + ": " + firstLine;
            case UNKNOWN_CONSTANT -> document.isOnAxiomsLine(first)
                    ? task.theoremName() + " was not declared: " + firstLine
                    : "error at " + where + ": " + firstLine;
            default -> "error at " + where + ": " + firstLine;
        };
        return errors.size() == 1 ? summary : summary + " (+" + (errors.size() - 1) + " more errors)";
    }

    private static String regionWord(CheckedDocument.Region region) {
        return switch (region) {
            case HEADER -> "header";
            case STATEMENT -> "statement";
            case PROOF -> "proof";
            case AXIOMS_COMMAND -> "#print axioms";
            case OTHER -> "outside the declaration";
        };
    }
}
