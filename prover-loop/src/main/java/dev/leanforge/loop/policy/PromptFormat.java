package dev.leanforge.loop.policy;

import dev.leanforge.loop.theorems.Theorem;
import dev.leanforge.trainer.data.SftRecord;

/**
 * The prompts the loop sends to a policy, one place for all of them so that training data and search agree.
 *
 * <p>A whole-proof prompt is the theorem's header and statement; the policy continues with the proof text that
 * follows {@code :=}. The same strings are the {@code prompt} of SFT records, so a model trained on them sees
 * at search time exactly what it saw in training ({@link #training}); the model policy wraps them in the trainer's
 * sequence format ({@code <|prompt|> prompt <|proof|> completion <|end|>}) in both cases.
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
        return withComment(theorem, comment.toString());
    }

    /**
     * A rationalization prompt (STaR): a known proof as a hint in a Lean comment before the statement, for a theorem
     * the policy could not prove alone. What it then writes is trained on with the plain {@link #wholeProof} prompt,
     * so the model learns to produce the proof without the hint.
     */
    public static String withHint(Theorem theorem, String knownProof) {
        return withComment(theorem, "/- A known proof:\n" + knownProof.replace("-/", "- /") + "\n-/\n");
    }

    /** Header, a blank line, a Lean comment, then the statement: the comment stays valid Lean text. */
    private static String withComment(Theorem theorem, String comment) {
        String header = theorem.header().strip();
        return (header.isEmpty() ? "" : header + "\n\n") + comment + theorem.statement();
    }

    /**
     * The SFT record that teaches {@code proof} for {@code theorem}: the whole-proof prompt, and the proof body
     * exactly as it is checked ({@link Theorem#checkTask} puts one space after {@code :=}), so a completion sampled
     * at search time is checked as the trained text would be.
     */
    public static SftRecord training(Theorem theorem, String proof) {
        return new SftRecord(wholeProof(theorem), proof);
    }
}
