package dev.leanforge.bridge.session;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.check.CheckedDocument;
import dev.leanforge.bridge.lsp.LeanDiagnostic;
import dev.leanforge.bridge.soundness.Acceptance;
import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.bridge.verdict.Verdict;
import java.time.Duration;
import java.util.List;

/**
 * From an {@link Elaboration} to a {@link Verdict}, shared by the warm and the fresh-process checkers. Only the
 * session's own outcomes (timeout, crash) are decided here; every finished elaboration goes to
 * {@link Acceptance}.
 */
final class Verdicts {

    private Verdicts() {
    }

    /**
     * @param stderrTail the server's recent stderr, quoted when a file worker crashed ("see stderr"); empty when
     *                   the reason already carries it
     */
    static Verdict of(CheckTask task, CheckedDocument document, Elaboration outcome, Duration elapsed,
                      String stderrTail) {
        if (outcome instanceof Elaboration.Finished finished) {
            List<LeanMessage> messages = messages(finished.diagnostics());
            if (finished.fatal()) {
                return new Verdict.Crashed("Lean could not process the document: " + firstError(messages),
                        elapsed);
            }
            return Acceptance.decide(task, document, messages, elapsed);
        }
        if (outcome instanceof Elaboration.TimedOut timedOut) {
            return new Verdict.Timeout(timedOut.limit(), elapsed);
        }
        if (outcome instanceof Elaboration.Crashed crashed) {
            return new Verdict.Crashed(crashed.reason() + withStderr(stderrTail), elapsed);
        }
        Elaboration.Interrupted interrupted = (Elaboration.Interrupted) outcome;
        return new Verdict.Crashed("the document was changed or closed during the check: " + interrupted.reason(),
                elapsed);
    }

    static List<LeanMessage> messages(List<LeanDiagnostic> diagnostics) {
        return diagnostics.stream().map(LeanDiagnostic::toMessage).toList();
    }

    private static String firstError(List<LeanMessage> messages) {
        return messages.stream().filter(LeanMessage::isError).findFirst()
                .map(m -> "line " + m.line() + ": " + m.text().strip().lines().findFirst().orElse(""))
                .orElse("fatal error without a message");
    }

    private static String withStderr(String stderrTail) {
        return stderrTail.isEmpty() ? "" : "; last stderr lines:\n" + stderrTail;
    }
}
