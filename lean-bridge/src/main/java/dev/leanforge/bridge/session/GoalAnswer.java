package dev.leanforge.bridge.session;

import java.time.Duration;
import java.util.Objects;

/**
 * What a goal-state request ({@link LeanWorker#goals}) can give: a closed set, like a check's verdicts.
 *
 * <p>Only {@link State} and {@link NoState} are evidence about the tactic prefix; {@link Timeout} and
 * {@link Crashed} say something about the checker, never about the prefix, and must not be used as negative
 * examples.
 */
public sealed interface GoalAnswer {

    /** From submission to the answer. */
    Duration elapsed();

    /** Lean elaborated the prefix and showed the goals at its end, with the errors it reported for the prefix. */
    record State(TacticState state, Duration elapsed) implements GoalAnswer {
        public State {
            Objects.requireNonNull(state, "state");
        }
    }

    /**
     * Lean elaborated the prefix but has no tactic state at its end: the prefix is not a tactic block (it does not
     * start with {@code by}), or Lean kept no state there.
     */
    record NoState(String reason, Duration elapsed) implements GoalAnswer {
    }

    /** The source policy refused the prefix before Lean saw it (spec §7.5), as it refuses a proof. */
    record Rejected(String reason, Duration elapsed) implements GoalAnswer {
    }

    /** No answer within the wall-clock limit; the request was cancelled. */
    record Timeout(Duration limit, Duration elapsed) implements GoalAnswer {
    }

    /** The Lean process or worker died, or the protocol broke, before an answer. */
    record Crashed(String reason, Duration elapsed) implements GoalAnswer {
    }
}
