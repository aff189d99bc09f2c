package dev.leanforge.loop.search;

import dev.leanforge.bridge.goal.Goal;
import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.bridge.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;

/** What Lean said about a failed attempt, as text for an error-feedback prompt ({@code PromptFormat.withFeedback}). */
public final class LeanFeedback {

    private LeanFeedback() {}

    /**
     * The errors and warnings of a {@code FAILED} verdict, each as {@code error: TEXT}, then every unsolved goal that
     * no message already shows; its one-line reason when it has neither. For {@code REJECTED}, why the source policy
     * refused the proof before Lean saw it.
     *
     * @throws IllegalArgumentException for verdicts that say nothing wrong about the proof
     */
    public static String of(Verdict verdict) {
        if (verdict instanceof Verdict.Failed failed) {
            List<String> parts = new ArrayList<>();
            for (LeanMessage message : failed.messages()) {
                if (message.severity() == LeanMessage.Severity.ERROR
                        || message.severity() == LeanMessage.Severity.WARNING) {
                    parts.add(message.severity().word() + ": " + message.text());
                }
            }
            for (Goal goal : failed.unsolvedGoals()) {
                String text = goal.text();
                if (parts.stream().noneMatch(p -> p.contains(text))) {
                    parts.add("unsolved goal:\n" + text);
                }
            }
            return parts.isEmpty() ? failed.reason() : String.join("\n", parts);
        }
        if (verdict instanceof Verdict.Rejected rejected) {
            return "rejected before Lean ran: " + rejected.reason();
        }
        throw new IllegalArgumentException("a " + verdict.status() + " verdict is no feedback on the proof");
    }
}
