package dev.leanforge.bridge.standin;

import dev.leanforge.bridge.standin.LeanWire.Diagnostic;
import dev.leanforge.bridge.standin.LeanWire.PlainGoal;
import dev.leanforge.bridge.standin.RulesFile.Message;
import dev.leanforge.bridge.standin.RulesFile.Rule;
import dev.leanforge.bridge.standin.RulesFile.SorryStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * What the scripted Lean reports for one document version under one rule, in Lean's exact message forms. Pure
 * functions: no I/O, no protocol.
 */
final class ScriptedAnswers {

    static final int ERROR = 1;
    static final int WARNING = 2;
    static final int INFORMATION = 3;
    static final int TAG_UNSOLVED_GOALS = 1;
    static final int TAG_GOALS_ACCOMPLISHED = 2;

    /** Spec §4.2, stale imports at open: the header error Lean reports at 0:0. */
    static final String FATAL_HEADER_ERROR =
            "Imports are out of date and must be rebuilt; use the \"Restart File\" command in your editor.";

    /** Lean wraps longer axiom lists over several lines (spec §7.2); the bridge design fixes the cut at 3 names. */
    private static final int AXIOMS_ON_ONE_LINE = 3;

    private static final Comparator<Diagnostic> DOCUMENT_ORDER = Comparator
            .<Diagnostic>comparingInt(d -> d.range().getStart().getLine())
            .thenComparingInt(d -> d.range().getStart().getCharacter());

    private ScriptedAnswers() {
    }

    /**
     * The complete diagnostics of a finished version, in document order: the rule's messages, the sorry warning,
     * one answer per {@code #print axioms} line, and the silent "Goals accomplished!" when the client asked for
     * silent diagnostics and the proof has no error and no sorry.
     */
    static List<Diagnostic> finalDiagnostics(StandInDocument doc, Rule rule, SorryStyle sorryStyle,
                                             boolean silentSupport) {
        List<Diagnostic> out = new ArrayList<>();
        for (Message message : rule.messages()) {
            Range range = message.at() == null ? doc.declarationLine()
                    : doc.find(message.at()).orElseGet(() -> {
                        System.err.println("stand-in: \"at\": " + quote(message.at())
                                + " not found after the header; using the declaration's first line");
                        return doc.declarationLine();
                    });
            out.add(Diagnostic.of(message.severity(), range, message.text(), message.leanTags()));
        }
        if (rule.sorry()) {
            out.add(Diagnostic.of(WARNING, doc.declarationName(), sorryStyle.warning(), null));
        }
        for (StandInDocument.PrintAxioms command : doc.printAxiomsCommands()) {
            out.add(rule.axioms() == null
                    ? Diagnostic.of(ERROR, command.range(), "unknown constant '" + command.constant() + "'", null)
                    : Diagnostic.of(INFORMATION, command.range(), axiomsAnswer(command.constant(), rule.axioms()),
                            null));
        }
        boolean accomplished = !rule.sorry() && rule.messages().stream().noneMatch(m -> m.severity() == ERROR);
        if (silentSupport && accomplished) {
            doc.firstBy().ifPresent(by -> out.add(new Diagnostic("Lean 4", INFORMATION, by, by, "Goals accomplished!",
                    List.of(TAG_GOALS_ACCOMPLISHED), true)));
        }
        out.sort(DOCUMENT_ORDER);
        return out;
    }

    /** The information message of {@code #print axioms constant} (spec §7.2). */
    static String axiomsAnswer(String constant, List<String> axioms) {
        if (axioms.isEmpty()) {
            return "'" + constant + "' does not depend on any axioms";
        }
        String separator = axioms.size() > AXIOMS_ON_ONE_LINE ? ",\n " : ", ";
        return "'" + constant + "' depends on axioms: [" + String.join(separator, axioms) + "]";
    }

    /** The header error of a fatal check, at 0:0. */
    static Diagnostic fatalHeaderError() {
        Range origin = new Range(new Position(0, 0), new Position(0, 0));
        return Diagnostic.of(ERROR, origin, FATAL_HEADER_ERROR, null);
    }

    /** An error that belongs to an older version; a client that keeps it reports a false failure. */
    static Diagnostic staleError(StandInDocument doc, int staleVersion) {
        return Diagnostic.of(ERROR, doc.declarationLine(),
                "stale diagnostic of version " + staleVersion + " (stand-in staleFirst): a client must drop it", null);
    }

    /**
     * The plainGoal answer at {@code position}: the goals of the longest key that the text before the position
     * ends with (whitespace runs compare equal, so indentation does not matter); {@code null} (no tactic
     * information) inside the header or when no key matches.
     */
    static PlainGoal plainGoal(StandInDocument doc, Position position, Rule rule) {
        String before = doc.bodyUpTo(position).map(ScriptedAnswers::normalize).orElse(null);
        if (before == null) {
            return null;
        }
        String bestKey = null;
        for (String key : rule.goals().keySet()) {
            String normalized = normalize(key);
            if (before.endsWith(normalized) && (bestKey == null || normalized.length() > normalize(bestKey).length())) {
                bestKey = key;
            }
        }
        return bestKey == null ? null : PlainGoal.of(rule.goals().get(bestKey));
    }

    private static String normalize(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    private static String quote(String text) {
        return "\"" + text.replace("\n", "\\n") + "\"";
    }
}
