package dev.leanforge.loop.policy;

import dev.leanforge.loop.theorems.Theorem;

/**
 * The prompts the loop sends to a policy, one place for all of them so that training data and search agree.
 *
 * <p>A whole-proof prompt is the theorem's header and statement; the policy continues with the proof text that
 * follows {@code :=}. The same strings are the {@code prompt} of SFT records, so a model trained on them sees
 * at search time exactly what it saw in training.
 */
public final class PromptFormat {

    private PromptFormat() {}

    /** Header, a blank line, then the statement ending with {@code :=}; the completion is the proof. */
    public static String wholeProof(Theorem theorem) {
        String header = theorem.header().strip();
        return (header.isEmpty() ? "" : header + "\n\n") + theorem.statement();
    }

    /**
     * A tactic prompt for best-first search: the goals as Lean prints them in a Lean comment, then a line that asks for
     * the next tactic; the completion is one tactic, ending at a newline. It holds the goal state and nothing else,
     * so that steps tried at the same goal state share one prompt (DPO pairs at a goal state use it as theirs).
     */
    public static String tactic(String goalState) {
        return "/- goals:\n" + goalState.replace("-/", "- /") + "\n-/\n-- next tactic:\n";
    }

    /**
     * A retry prompt: the failed attempt and Lean's answer as a comment before the statement, as STaR-style
     * error feedback. Lean comments keep the prompt valid Lean text.
     */
    public static String withFeedback(Theorem theorem, String failedProof, String leanFeedback) {
        StringBuilder comment = new StringBuilder("/- A previous attempt:\n")
                .append(failedProof.replace("-/", "- /"))
                .append("\nLean said:\n")
                .append(leanFeedback.replace("-/", "- /"))
                .append("\n-/\n");
        String header = theorem.header().strip();
        return (header.isEmpty() ? "" : header + "\n\n") + comment + theorem.statement();
    }
}
