package dev.leanforge.loop.store;

import java.util.Objects;

/**
 * What Lean said about one step of a tactic search (a tactic tried at a goal state): a closed set. Only
 * {@link Error}, {@link Goals} and {@link Closed} are evidence about the tactic; {@link Undecided} is not, and is
 * never a negative example.
 */
public sealed interface StepOutcome {

    /** The word stored in the {@code outcome} column. */
    String word();

    /** The text stored in the {@code detail} column. */
    String detail();

    /**
     * The tactic failed at that goal state: Lean reported an error for it, or the source policy refused it unseen.
     *
     * @param message what Lean (or the policy) said, for people and for error-feedback prompts
     */
    record Error(String message) implements StepOutcome {
        public Error {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String word() {
            return "ERROR";
        }

        @Override
        public String detail() {
            return message;
        }
    }

    /** Goals remain after the tactic, as Lean printed them: the state of a new node. */
    record Goals(String goalState) implements StepOutcome {
        public Goals {
            Objects.requireNonNull(goalState, "goalState");
        }

        @Override
        public String word() {
            return "GOALS";
        }

        @Override
        public String detail() {
            return goalState;
        }
    }

    /** No goal left and no error: the tactics so far form a candidate proof. */
    record Closed() implements StepOutcome {
        @Override
        public String word() {
            return "CLOSED";
        }

        @Override
        public String detail() {
            return "";
        }
    }

    /**
     * The goal-state request timed out or crashed, or Lean kept no tactic state at the end of the tactic: the
     * checker's part, not the tactic's. The branch ends there, but the step is never a failure.
     */
    record Undecided(String reason) implements StepOutcome {
        public Undecided {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String word() {
            return "UNDECIDED";
        }

        @Override
        public String detail() {
            return reason;
        }
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
