package dev.leanforge.loop.proof;

import java.util.Locale;

/**
 * What Lean said about one step of a tactic search (a tactic tried at a goal state): a closed set. Only
 * {@link Error}, {@link Goals} and {@link Closed} are evidence about the tactic; {@link Undecided} is not, and is
 * never a negative example.
 */
public sealed interface StepOutcome {

    /** The text stored in the {@code detail} column: what the variant says, empty for {@link Closed}. */
    String detail();

    /** The word stored in the {@code outcome} column: the variant's name in capitals, e.g. {@code ERROR}. */
    default String word() {
        return getClass().getSimpleName().toUpperCase(Locale.ROOT);
    }

    /**
     * The tactic failed at that goal state: Lean reported an error for it, or the source policy refused it unseen.
     *
     * @param detail what Lean (or the policy) said, for people and for error-feedback prompts
     */
    record Error(String detail) implements StepOutcome {
    }

    /**
     * Goals remain after the tactic: the state of a new node.
     *
     * @param detail the goals as Lean printed them
     */
    record Goals(String detail) implements StepOutcome {
    }

    /** No goal left and no error: the tactics so far form a candidate proof. */
    record Closed() implements StepOutcome {
        @Override
        public String detail() {
            return "";
        }
    }

    /**
     * The goal-state request timed out or crashed, or Lean kept no tactic state (and reported no error) at the end of
     * the tactic: the checker's part, not the tactic's. The branch ends there, but the step is never a failure.
     *
     * @param detail why
     */
    record Undecided(String detail) implements StepOutcome {
    }

    /** The outcome stored as {@code word} and {@code detail}. */
    static StepOutcome of(String word, String detail) {
        return switch (word) {
            case "ERROR" -> new Error(detail);
            case "GOALS" -> new Goals(detail);
            case "CLOSED" -> new Closed();
            case "UNDECIDED" -> new Undecided(detail);
            default -> throw new IllegalStateException("unknown step outcome in the store: " + word);
        };
    }
}
