package dev.leanforge.bridge.soundness;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.check.CheckedDocument;
import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.bridge.verdict.LeanMessage.Severity;

/**
 * Builds the diagnostics Lean would publish for a {@link CheckedDocument}, positioned the way Lean positions them
 * (spec §4.2, §7.2): the sorry warning on the theorem name, the axioms answer on the {@code #print axioms} line.
 * The texts come from the spec, not from a Lean run.
 */
final class Diagnostics {
    private final CheckTask task;
    private final CheckedDocument doc;

    Diagnostics(CheckTask task) {
        this.task = task;
        this.doc = CheckedDocument.of(task);
    }

    CheckedDocument document() {
        return doc;
    }

    /** {@code 'T' depends on axioms: [..]}, or {@code does not depend on any axioms} when none are given. */
    LeanMessage axioms(String... axioms) {
        return axiomsFor(task.theoremName(), axioms);
    }

    LeanMessage axiomsFor(String constant, String... axioms) {
        String text = axioms.length == 0 ? "'" + constant + "' does not depend on any axioms"
                : "'" + constant + "' depends on axioms: [" + String.join(", ", axioms) + "]";
        return at(Severity.INFORMATION, doc.axiomsLine(), 0, text);
    }

    /** A message on the theorem's name (where Lean puts the sorry warning). */
    LeanMessage onName(Severity severity, String text) {
        return at(severity, doc.declarationStartLine(), "theorem ".length(), text);
    }

    /** A message at the start of the proof (where Lean puts unsolved goals for {@code by}). */
    LeanMessage inProof(Severity severity, String text) {
        return at(severity, doc.proofStartLine(), doc.proofStartColumn(), text);
    }

    LeanMessage onAxiomsLine(Severity severity, String text) {
        return at(severity, doc.axiomsLine(), 0, text);
    }

    /** A message at a 0-based document line, converted to LeanMessage's 1-based line. */
    static LeanMessage at(Severity severity, int line0, int column, String text) {
        return new LeanMessage(severity, line0 + 1, column, line0 + 1, column + 1, text);
    }
}
